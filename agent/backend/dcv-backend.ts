import type {
  AgentSession,
  CreateSessionCommand,
  DcvHealth,
  FailureCode,
  Image,
  ImageFormat,
} from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { Endpoint } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";

/**
 * What the agent needs from the DCV server on its host. The `dcv` command
 * line driver implements it on real hosts; a simulation implements it for
 * the quickstart and load tests.
 */
export interface DcvBackend {
  /** The DCV server's version. */
  version(): Promise<string>;
  health(): Promise<DcvHealth>;
  endpoints(): Promise<Endpoint[]>;
  listSessions(): Promise<AgentSession[]>;
  createSession(request: CreateSessionCommand): Promise<AgentSession>;
  closeSession(sessionId: string): Promise<void>;
  setPermissions(sessionId: string, permissionsFile: string): Promise<void>;
  screenshot(sessionId: string, maxWidth: number, maxHeight: number, format: ImageFormat): Promise<Image[]>;
}

/** A DCV operation that failed for a reason the broker should report. */
export class DcvBackendError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
  ) {
    super(message);
    this.name = "DcvBackendError";
  }
}
