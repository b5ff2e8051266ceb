import {
  status as GrpcStatus,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerUnaryCall,
} from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import type { CertificateAuthority } from "../../certs/authority.js";
import { CsrRejectedError, signClientCertificate } from "../../certs/csr.js";
import { identityOf } from "../../certs/identity.js";
import type { Logger } from "../../common/logger.js";
import type {
  AgentServiceServer,
  ConnectRequest,
  ConnectResponse,
  RegisterRequest,
  RegisterResponse,
} from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { redeemSoftwareStatement } from "../auth/software-statements.js";
import { BrokerError } from "../errors.js";
import type { Storage } from "../storage/storage.js";
import { AgentConnection } from "./agent-connection.js";
import type { Fleet } from "./fleet.js";
import { toServiceError } from "../api/service-error.js";
import { BROKER_VERSION } from "../version.js";

export interface AgentServiceOptions {
  storage: Storage;
  ca: CertificateAuthority;
  fleet: Fleet;
  log: Logger;
  agentCertificateLifetimeSeconds: number;
}

/** The broker side of dcvsm.agent.v1.AgentService. */
export function createAgentService(options: AgentServiceOptions): AgentServiceServer {
  const { storage, ca, fleet, log } = options;

  async function register(request: RegisterRequest): Promise<RegisterResponse> {
    const agentId = randomUUID();
    let issued;
    try {
      issued = signClientCertificate(ca, request.csrPem, {
        identity: agentId,
        validitySeconds: options.agentCertificateLifetimeSeconds,
      });
    } catch (error) {
      if (error instanceof CsrRejectedError) throw BrokerError.invalidArgument("csr_pem", error.message);
      throw error;
    }
    const statement = await redeemSoftwareStatement(storage, ca, request.softwareStatement);
    await storage.agentClients.insert({
      id: agentId,
      name: request.name || agentId,
      active: true,
      softwareStatementId: statement.id,
      createdAt: new Date(),
    });
    log.info({ agentId, name: request.name, softwareStatementId: statement.id }, "agent enrolled");
    return { agentId, certificatePem: issued.certPem, caChainPem: [ca.certPem], notAfter: issued.notAfter };
  }

  async function openStream(call: ServerDuplexStream<ConnectRequest, ConnectResponse>): Promise<void> {
    const certificate = call.getAuthContext().sslPeerCertificate;
    const identity = certificate === undefined ? undefined : identityOf(certificate);
    if (identity === undefined) {
      throw BrokerError.unauthenticated("A client certificate issued by this broker is required");
    }
    const agent = await storage.agentClients.get(identity);
    if (agent === undefined || !agent.active) {
      throw BrokerError.permissionDenied(`Agent ${identity} is not registered or has been unregistered`);
    }
    new AgentConnection(identity, call, log, {
      onHello(connection) {
        fleet.attach(connection);
        connection.welcome({ brokerVersion: BROKER_VERSION });
      },
      onStatus: (connection) => fleet.reported(connection),
      onClosed: (connection) => fleet.detach(connection),
    });
  }

  return {
    register(call: ServerUnaryCall<RegisterRequest, RegisterResponse>, callback: sendUnaryData<RegisterResponse>) {
      register(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, log)),
      );
    },
    connect(call: ServerDuplexStream<ConnectRequest, ConnectResponse>) {
      openStream(call).catch((error: unknown) => {
        const serviceError = toServiceError(error, log);
        log.warn({ code: GrpcStatus[serviceError.code], reason: serviceError.details }, "agent stream refused");
        call.emit("error", serviceError);
      });
    },
  };
}
