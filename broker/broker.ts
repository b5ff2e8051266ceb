import { experimental, Server, ServerCredentials, status as GrpcStatus, type ChannelOptions } from "@grpc/grpc-js";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { ensureBrokerPki, GATEWAY_IDENTITY, type BrokerPki } from "../certs/broker-pki.js";
import type { Logger } from "../common/logger.js";
import type { Stoppable } from "../common/shutdown.js";
import { AgentServiceService } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionManagerServiceService } from "../gen/ts-proto/dcvsm/api/v1/api.js";
import { followAdminChanges, type AdminChangeFollower } from "./admin-changes.js";
import { AgentPort } from "./agents/agent-port.js";
import { createAgentService } from "./agents/agent-service.js";
import { Fleet } from "./agents/fleet.js";
import { requireCallerIdentity } from "./api/require-caller.js";
import { createSessionManagerService } from "./api/session-manager-service.js";
import { AccessTokens } from "./auth/access-tokens.js";
import { ConnectionTokens } from "./auth/connection-tokens.js";
import { SigningKeys } from "./auth/signing-keys.js";
import { ServerRegistry } from "./servers/server-registry.js";
import { brokerDatabaseFile, brokerHome, brokerSecurityDir, type BrokerSettings } from "./settings.js";
import { SessionContext, type SessionPolicy } from "./sessions/session-context.js";
import { SessionLifecycle } from "./sessions/session-lifecycle.js";
import type { Storage } from "./storage/storage.js";
import { SqliteStorage } from "./storage/sqlite/sqlite-storage.js";
import { StaticCertificateProvider } from "./tls/static-certificate-provider.js";
import { verifyConnection } from "./verifier/connection-verifier.js";
import { verifierHandler } from "./verifier/verifier-http.js";

/** Issuer of the broker's tokens; audience of its access tokens. */
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

function sessionPolicy(settings: BrokerSettings): SessionPolicy {
  return {
    deletedVisibleMs: settings.deleteSessionDurationSeconds * 1000,
    commandTimeoutMs: settings.agentCommandTimeoutSeconds * 1000,
    queueMaxSize: settings.createSessionsQueueMaxSize,
    queueMaxTimeMs: settings.createSessionsQueueMaxTimeSeconds * 1000,
    retriesOnFailure: settings.createSessionsNumberOfRetriesOnFailure,
    autorunArgumentsMaxCount: settings.autorunFileArgumentsMaxSize,
    autorunArgumentMaxLength: settings.autorunFileArgumentsMaxArgumentLength,
    deleteSessionsOfUnreachableAfterMs:
      settings.secondsBeforeDeletingSessionsUnreachableServer === undefined
        ? undefined
        : settings.secondsBeforeDeletingSessionsUnreachableServer * 1000,
  };
}

/** The broker: fleet state, placement, the agent port and the internal API port. */
export class Broker implements Stoppable {
  private constructor(
    readonly ports: BrokerPorts,
    readonly pki: BrokerPki,
    private readonly parts: {
      storage: Storage;
      adminChanges: AdminChangeFollower;
      fleet: Fleet;
      registry: ServerRegistry;
      lifecycle: SessionLifecycle;
      agentPort: AgentPort;
      agentServer: Server;
      verifierServer: HttpsServer;
      internalServer: Server;
    },
  ) {}

  static async start(settings: BrokerSettings, log: Logger): Promise<Broker> {
    const home = brokerHome(settings);
    const pki = ensureBrokerPki(brokerSecurityDir(home));
    const storage = SqliteStorage.open(brokerDatabaseFile(home));
    const keys = await SigningKeys.load(storage);
    const accessTokens = new AccessTokens(keys, {
      issuer: TOKEN_ISSUER,
      audience: TOKEN_AUDIENCE,
      lifetimeSeconds: settings.accessTokenDurationSeconds,
    });
    const connectionTokens = new ConnectionTokens(keys, TOKEN_ISSUER, settings.connectSessionTokenDurationMinutes * 60);
    const fleet = new Fleet(log);
    const registry = await ServerRegistry.load(storage, fleet, log, {
      removeUnreachableAfterMs: settings.secondsBeforeDeletingUnreachableDcvServer * 1000,
    });
    const ctx = new SessionContext(storage, registry, log, sessionPolicy(settings));
    const lifecycle = new SessionLifecycle(ctx);
    await lifecycle.restore();
    const verify = (sessionId: string, token: string) => verifyConnection(connectionTokens, storage, sessionId, token);

    const agentServer = new Server(AGENT_SERVER_OPTIONS);
    agentServer.addService(
      AgentServiceService,
      createAgentService({ storage, ca: pki.ca, fleet, log, agentCertificateLifetimeSeconds: settings.agentCertificateDurationSeconds }),
    );
    // Client certificates are requested but not required at the TLS level, so
    // that Register works without one; Connect refuses a stream without one.
    const agentTls = new StaticCertificateProvider({ caPem: pki.ca.certPem, certPem: pki.server.certPem, keyPem: pki.server.keyPem });
    const grpcPort = await bind(
      agentServer,
      "127.0.0.1:0",
      experimental.createCertificateProviderServerCredentials(agentTls, agentTls, false),
    );
    const verifierServer = createHttpsServer(
      { cert: pki.server.certPem, key: pki.server.keyPem, minVersion: "TLSv1.2" },
      verifierHandler(verify, log),
    );
    const httpsPort = await listenOnLoopback(verifierServer);
    const agentPort = await AgentPort.listen({ host: settings.agentBindHost, port: settings.agentPort, grpcPort, httpsPort, log });

    const internalServer = new Server({ interceptors: [requireCallerIdentity(new Set([GATEWAY_IDENTITY]))] });
    internalServer.addService(
      SessionManagerServiceService,
      createSessionManagerService({
        ctx,
        lifecycle,
        accessTokens,
        connectionTokens,
        verifyConnection: verify,
        screenshotDefaults: {
          maxWidth: settings.sessionScreenshotMaxWidth,
          maxHeight: settings.sessionScreenshotMaxHeight,
          format: settings.sessionScreenshotFormat,
        },
        log,
      }),
    );
    const internalPort = await bind(
      internalServer,
      `${settings.internalBindHost}:${settings.internalPort}`,
      ServerCredentials.createSsl(
        Buffer.from(pki.ca.certPem),
        [{ private_key: Buffer.from(pki.server.keyPem), cert_chain: Buffer.from(pki.server.certPem) }],
        true,
      ),
    );

    const adminChanges = followAdminChanges(storage, keys, fleet, log);
    log.info({ agentPort: agentPort.port, internalPort, home }, "broker started");
    return new Broker({ agent: agentPort.port, internal: internalPort }, pki, {
      storage,
      adminChanges,
      fleet,
      registry,
      lifecycle,
      agentPort,
      agentServer,
      verifierServer,
      internalServer,
    });
  }

  async drain(): Promise<void> {
    const { agentPort, agentServer, internalServer, fleet, registry, lifecycle, verifierServer, storage, adminChanges } = this.parts;
    registry.stop();
    const adminChangesStopped = adminChanges.stop();
    lifecycle.stop();
    const stopped = Promise.all([agentPort.close(), tryShutdown(internalServer), tryShutdown(agentServer)]);
    fleet.closeAll(GrpcStatus.UNAVAILABLE, "Broker is shutting down");
    verifierServer.close();
    verifierServer.closeIdleConnections();
    await Promise.all([stopped, adminChangesStopped]);
    await storage.close();
  }

  forceClose(): void {
    this.parts.agentPort.destroyAll();
    this.parts.agentServer.forceShutdown();
    this.parts.internalServer.forceShutdown();
  }
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) =>
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port))),
  );
}

function listenOnLoopback(server: HttpsServer): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
}

function tryShutdown(server: Server): Promise<void> {
  return new Promise((resolve, reject) => server.tryShutdown((error) => (error ? reject(error) : resolve())));
}
