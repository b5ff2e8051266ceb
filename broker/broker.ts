import { experimental, Server, ServerCredentials, status as GrpcStatus, type ChannelOptions } from "@grpc/grpc-js";
import { join } from "node:path";
import { ensureBrokerPki, GATEWAY_IDENTITY, type BrokerPki } from "../certs/broker-pki.js";
import type { Logger } from "../common/logger.js";
import type { Stoppable } from "../common/shutdown.js";
import { AgentServiceService } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionManagerServiceService } from "../gen/ts-proto/dcvsm/api/v1/api.js";
import { createAgentService } from "./agents/agent-service.js";
import { Fleet } from "./agents/fleet.js";
import { requireCallerIdentity } from "./api/require-caller.js";
import { createSessionManagerService } from "./api/session-manager-service.js";
import { AccessTokens } from "./auth/access-tokens.js";
import { brokerHome, type BrokerSettings } from "./settings.js";
import { SessionService } from "./sessions/session-service.js";
import type { Storage } from "./storage/storage.js";
import { SqliteStorage } from "./storage/sqlite/sqlite-storage.js";
import { StaticCertificateProvider } from "./tls/static-certificate-provider.js";

/** Issuer and audience of the broker's own access tokens. */
export const TOKEN_ISSUER = "dcv-session-manager-broker";
export const TOKEN_AUDIENCE = "dcv-session-manager-api";

/** Keepalive for long-lived agent streams: notice a dead peer within ~40 s. */
const AGENT_SERVER_OPTIONS: ChannelOptions = {
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 10_000,
  "grpc.keepalive_permit_without_calls": 1,
  "grpc.max_receive_message_length": 32 * 1024 * 1024,
};

export interface BrokerPorts {
  agent: number;
  internal: number;
}

/** The broker: fleet state, placement, the agent port and the internal API port. */
export class Broker implements Stoppable {
  private constructor(
    readonly ports: BrokerPorts,
    readonly pki: BrokerPki,
    private readonly storage: Storage,
    private readonly fleet: Fleet,
    private readonly agentServer: Server,
    private readonly internalServer: Server,
  ) {}

  static async start(settings: BrokerSettings, log: Logger): Promise<Broker> {
    const home = brokerHome(settings);
    const pki = ensureBrokerPki(join(home, "security"));
    const storage = SqliteStorage.open(join(home, "broker.db"));
    const tokens = await AccessTokens.load(storage, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      lifetimeSeconds: settings.accessTokenDurationSeconds,
    });
    const fleet = new Fleet(log);
    const sessions = new SessionService(storage, fleet, log, {
      deletedVisibleSeconds: settings.deleteSessionDurationSeconds,
      commandTimeoutMs: settings.agentCommandTimeoutSeconds * 1000,
    });

    const agentServer = new Server(AGENT_SERVER_OPTIONS);
    agentServer.addService(
      AgentServiceService,
      createAgentService({
        storage,
        ca: pki.ca,
        fleet,
        log,
        agentCertificateLifetimeSeconds: settings.agentCertificateDurationSeconds,
      }),
    );
    // Client certificates are requested but not required at the TLS level, so
    // that Register works without one; Connect refuses a stream without one.
    const agentTls = new StaticCertificateProvider({ caPem: pki.ca.certPem, certPem: pki.server.certPem, keyPem: pki.server.keyPem });
    const agentPort = await bind(
      agentServer,
      `${settings.agentBindHost}:${settings.agentPort}`,
      experimental.createCertificateProviderServerCredentials(agentTls, agentTls, false),
    );

    const internalServer = new Server({ interceptors: [requireCallerIdentity(new Set([GATEWAY_IDENTITY]))] });
    internalServer.addService(SessionManagerServiceService, createSessionManagerService({ storage, sessions, fleet, tokens, log }));
    const internalPort = await bind(
      internalServer,
      `${settings.internalBindHost}:${settings.internalPort}`,
      ServerCredentials.createSsl(
        Buffer.from(pki.ca.certPem),
        [{ private_key: Buffer.from(pki.server.keyPem), cert_chain: Buffer.from(pki.server.certPem) }],
        true,
      ),
    );

    log.info({ agentPort, internalPort, home }, "broker started");
    return new Broker({ agent: agentPort, internal: internalPort }, pki, storage, fleet, agentServer, internalServer);
  }

  async drain(): Promise<void> {
    await Promise.all([tryShutdown(this.internalServer), this.closeAgents()]);
    await this.storage.close();
  }

  forceClose(): void {
    this.agentServer.forceShutdown();
    this.internalServer.forceShutdown();
  }

  private async closeAgents(): Promise<void> {
    const stopped = tryShutdown(this.agentServer);
    this.fleet.closeAll(GrpcStatus.UNAVAILABLE, "Broker is shutting down");
    await stopped;
  }
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
  );
}

function tryShutdown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.tryShutdown((error) => (error ? reject(error) : resolve())));
}
