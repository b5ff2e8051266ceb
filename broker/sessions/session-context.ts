import { KeyedLock } from "../../common/keyed-lock.js";
import type { Logger } from "../../common/logger.js";
import type { SessionRecord } from "../model/session.js";
import type { ServerRegistry } from "../servers/server-registry.js";
import type { Reservation } from "../servers/server-load.js";
import type { Storage } from "../storage/storage.js";

export interface SessionPolicy {
  /** How long DELETED sessions stay visible. */
  deletedVisibleMs: number;
  /** How long the broker waits for an agent to answer a command. */
  commandTimeoutMs: number;
  queueMaxSize: number;
  queueMaxTimeMs: number;
  retriesOnFailure: number;
  autorunArgumentsMaxCount: number;
  autorunArgumentMaxLength: number;
  /** Sessions of a server unreachable this long are deleted; undefined keeps them. */
  deleteSessionsOfUnreachableAfterMs: number | undefined;
}

/**
 * What the session components share: storage, servers, the per-session lock
 * under which every change to one session happens, and the reservations of
 * sessions sent to a server but not yet reported by it.
 */
export class SessionContext {
  readonly locks = new KeyedLock();
  readonly reservations = new Map<string, Reservation>();

  constructor(
    readonly storage: Storage,
    readonly servers: ServerRegistry,
    readonly log: Logger,
    readonly policy: SessionPolicy,
  ) {}

  /** Runs `change` on the stored session under its lock; `change` returns whether to store it. */
  update(sessionId: string, change: (session: SessionRecord) => boolean | Promise<boolean>): Promise<SessionRecord | undefined> {
    return this.locks.run(sessionId, async () => {
      const session = await this.storage.sessions.get(sessionId);
      if (session === undefined) return undefined;
      if (await change(session)) await this.storage.sessions.update(session);
      return session;
    });
  }
}

/** Marks a session DELETED now, with a reason when there is one. */
export function markDeleted(session: SessionRecord, reason?: string): void {
  session.state = "DELETED";
  session.substate = undefined;
  session.deletedAt = new Date();
  if (reason !== undefined) session.stateReason = reason;
}
