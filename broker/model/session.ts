export type SessionType = "CONSOLE" | "VIRTUAL";

/**
 * Session lifecycle, as the API reports it:
 *
 *   CREATING/SESSION_PLACING ──placed──▶ CREATING/PENDING_PREPARATION ──agent created──▶ READY
 *          │                                   │ agent failed                              │
 *          └──no server────────────────────────┴─────────────▶ DELETED ◀── DELETING ◀──────┘ delete
 *
 * UNKNOWN replaces READY while the broker cannot reach the session's agent.
 * DELETED sessions stay visible for `delete-session-duration-seconds`.
 */
export type SessionState = "CREATING" | "READY" | "DELETING" | "DELETED" | "UNKNOWN";
export type SessionSubstate = "SESSION_PLACING" | "PENDING_PREPARATION";

/** What a client asked for in CreateSessions, kept for placement and retries. */
export interface SessionSpec {
  initFile?: string;
  autorunFile?: string;
  autorunFileArguments?: string[];
  /** Base64, as received. */
  permissionsFile?: string;
  requirements?: string;
  enqueueRequest?: boolean;
  disableRetryOnFailure?: boolean;
  dcvGlEnabled?: boolean;
}

export interface SessionRecord {
  id: string;
  name: string;
  owner: string;
  type: SessionType;
  state: SessionState;
  substate?: SessionSubstate;
  stateReason?: string;
  /** The DCV server the session is placed on. */
  serverId?: string;
  creationTime: Date;
  lastDisconnectionTime?: Date;
  numOfConnections?: number;
  storageRoot?: string;
  maxConcurrentClients?: number;
  spec: SessionSpec;
  /** When the session became DELETED. */
  deletedAt?: Date;
  /** Deleted with Force: the broker forgot it without asking the server, so a report of it brings it back. */
  forceDeleted?: boolean;
  /** Servers where creating it failed, not tried again. */
  failedServerIds?: string[];
}
