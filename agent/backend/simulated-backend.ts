import {
  type AgentSession,
  type CreateSessionCommand,
  type DcvHealth,
  FailureCode,
  type Image,
  type ImageFormat,
} from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { type Endpoint, SessionType, Transport } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import { DcvBackendError, type DcvBackend } from "./dcv-backend.js";
import { encodeImage } from "./images/encode-image.js";
import { fitWithin, type Size } from "./images/fit-within.js";
import { drawSimulatedScreen } from "./images/simulated-screen.js";

/** The version a simulated DCV server reports. */
export const SIMULATED_DCV_VERSION = "2025.0.0-simulated";

export interface SimulatedHost {
  ipAddress: string;
  /** Every session's display size. */
  display: Size;
  /** The users that exist on the host; empty means every owner does. */
  users: readonly string[];
}

interface SimulatedSession {
  session: AgentSession;
  permissionsFile: string;
}

/** An in-memory DCV server: sessions live as long as the agent process. */
export class SimulatedBackend implements DcvBackend {
  private readonly sessions = new Map<string, SimulatedSession>();

  constructor(private readonly host: SimulatedHost) {}

  async version(): Promise<string> {
    return SIMULATED_DCV_VERSION;
  }

  async health(): Promise<DcvHealth> {
    return { healthy: true, message: "" };
  }

  async endpoints(): Promise<Endpoint[]> {
    const { ipAddress } = this.host;
    return [
      { ipAddress, port: 8443, webUrlPath: "/", protocol: Transport.TRANSPORT_HTTP },
      { ipAddress, port: 8443, webUrlPath: "", protocol: Transport.TRANSPORT_QUIC },
    ];
  }

  async listSessions(): Promise<AgentSession[]> {
    return [...this.sessions.values()].map(({ session }) => session);
  }

  async createSession(request: CreateSessionCommand): Promise<AgentSession> {
    if (this.sessions.has(request.sessionId)) {
      throw new DcvBackendError(FailureCode.FAILURE_CODE_SESSION_EXISTS, `Session ${request.sessionId} already exists`);
    }
    const { users } = this.host;
    if (users.length > 0 && !users.includes(request.owner)) {
      throw new DcvBackendError(
        FailureCode.FAILURE_CODE_UNKNOWN_USER,
        `Could not create session: user '${request.owner}' does not exist`,
      );
    }
    const typeConflict = this.typeConflict(request.type);
    if (typeConflict !== undefined) {
      throw new DcvBackendError(FailureCode.FAILURE_CODE_INVALID_ARGUMENT, `Could not create session: ${typeConflict}`);
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
    this.sessions.set(session.id, { session, permissionsFile: request.permissionsFile });
    return session;
  }

  async closeSession(sessionId: string): Promise<void> {
    if (!this.sessions.delete(sessionId)) throw notFound(sessionId);
  }

  async setPermissions(sessionId: string, permissionsFile: string): Promise<void> {
    this.find(sessionId).permissionsFile = permissionsFile;
  }

  /** The permissions file text a session was created or last updated with. */
  permissionsOf(sessionId: string): string {
    return this.find(sessionId).permissionsFile;
  }

  async screenshot(sessionId: string, maxWidth: number, maxHeight: number, format: ImageFormat): Promise<Image[]> {
    const { session } = this.find(sessionId);
    const screen = drawSimulatedScreen(fitWithin(this.host.display, maxWidth, maxHeight), session.id);
    return [{ format, data: encodeImage(screen, format), creationTime: new Date(), primary: true }];
  }

  private find(sessionId: string): SimulatedSession {
    const found = this.sessions.get(sessionId);
    if (found === undefined) throw notFound(sessionId);
    return found;
  }

  /** Why a session of this type cannot start here: a Linux DCV host runs one console session, or virtual ones. */
  private typeConflict(type: SessionType): string | undefined {
    const types = new Set([...this.sessions.values()].map(({ session }) => session.type));
    switch (type) {
      case SessionType.SESSION_TYPE_CONSOLE:
        if (types.has(SessionType.SESSION_TYPE_CONSOLE)) return "a console session is already running on this host";
        if (types.has(SessionType.SESSION_TYPE_VIRTUAL)) return "a console session cannot run alongside virtual sessions";
        return undefined;
      case SessionType.SESSION_TYPE_VIRTUAL:
        return types.has(SessionType.SESSION_TYPE_CONSOLE)
          ? "a virtual session cannot run alongside the console session"
          : undefined;
      default:
        return "the session type must be console or virtual";
    }
  }
}

function notFound(sessionId: string): DcvBackendError {
  return new DcvBackendError(FailureCode.FAILURE_CODE_SESSION_NOT_FOUND, `Session ${sessionId} does not exist`);
}
