import {
  type AgentSession,
  type CreateSessionCommand,
  type DcvHealth,
  FailureCode,
  type Image,
  type ImageFormat,
} from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { type Endpoint, Transport } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import { DcvBackendError, type DcvBackend } from "./dcv-backend.js";

/** The version a simulated DCV server reports. */
export const SIMULATED_DCV_VERSION = "2025.0.0-simulated";

/** An in-memory DCV server: sessions live as long as the agent process. */
export class SimulatedBackend implements DcvBackend {
  private readonly sessions = new Map<string, AgentSession>();

  constructor(private readonly ipAddress: string) {}

  async version(): Promise<string> {
    return SIMULATED_DCV_VERSION;
  }

  async health(): Promise<DcvHealth> {
    return { healthy: true, message: "" };
  }

  async endpoints(): Promise<Endpoint[]> {
    return [
      { ipAddress: this.ipAddress, port: 8443, webUrlPath: "/", protocol: Transport.TRANSPORT_HTTP },
      { ipAddress: this.ipAddress, port: 8443, webUrlPath: "", protocol: Transport.TRANSPORT_QUIC },
    ];
  }

  async listSessions(): Promise<AgentSession[]> {
    return [...this.sessions.values()];
  }

  async createSession(request: CreateSessionCommand): Promise<AgentSession> {
    if (this.sessions.has(request.sessionId)) {
      throw new DcvBackendError(FailureCode.FAILURE_CODE_SESSION_EXISTS, `Session ${request.sessionId} already exists`);
    }
    const session: AgentSession = {
      id: request.sessionId,
      name: request.name,
      owner: request.owner,
      type: request.type,
      numOfConnections: 0,
      creationTime: new Date(),
      lastDisconnectionTime: undefined,
      storageRoot: request.storageRoot,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  async closeSession(sessionId: string): Promise<void> {
    if (!this.sessions.delete(sessionId)) throw notFound(sessionId);
  }

  async setPermissions(sessionId: string): Promise<void> {
    if (!this.sessions.has(sessionId)) throw notFound(sessionId);
  }

  async screenshot(sessionId: string, _maxWidth: number, _maxHeight: number, _format: ImageFormat): Promise<Image[]> {
    if (!this.sessions.has(sessionId)) throw notFound(sessionId);
    throw new DcvBackendError(FailureCode.FAILURE_CODE_UNSUPPORTED, "Screenshots are not simulated yet");
  }
}

function notFound(sessionId: string): DcvBackendError {
  return new DcvBackendError(FailureCode.FAILURE_CODE_SESSION_NOT_FOUND, `Session ${sessionId} does not exist`);
}
