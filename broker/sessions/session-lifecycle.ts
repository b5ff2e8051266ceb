import { randomUUID } from "node:crypto";
import { FailureCode, type AgentSession } from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionType as WireSessionType } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import { BrokerError } from "../errors.js";
import type { SessionRecord, SessionSpec, SessionType } from "../model/session.js";
import { isReachable, type ServerState } from "../servers/server-registry.js";
import { CreateQueue } from "./create-queue.js";
import { validateCreate } from "./create-validation.js";
import { choosePlacement } from "./placement.js";
import { parseRequirements } from "./requirements/parse.js";
import { markDeleted, type SessionContext } from "./session-context.js";

export const SESSION_NOT_FOUND = "The requested dcvSession does not exist";
export const NO_SERVER_AVAILABLE = "No DCV server is available to place the session";
export const QUEUE_FULL = "The create sessions queue is full";
export const QUEUE_TIMEOUT = "No DCV server became available before the request's time in the queue ran out";
export const SESSION_LOST = "The session no longer exists on the DCV server";

/** How often queued requests expire and sessions of long-unreachable servers are deleted. */
const SWEEP_INTERVAL_MS = 1_000;
/** How often DELETED sessions past their visibility are removed from storage. */
const PURGE_INTERVAL_MS = 60_000;
/** Longer than any report can take to arrive after a create was confirmed. */
const CONFIRMATION_MEMORY_MS = 5 * 60_000;

export interface CreateSessionInput {
  name: string;
  owner: string;
  type: SessionType;
  maxConcurrentClients?: number;
  storageRoot?: string;
  spec: SessionSpec;
}

export type CreateOutcome = { session: SessionRecord } | { failureReason: string };

export interface DeleteSessionInput {
  sessionId: string;
  owner: string;
  force: boolean;
}

export type DeleteOutcome = { sessionId: string; state: "DELETING" | "DELETED" } | { sessionId: string; failureReason: string };

/**
 * The session state machine (see SessionRecord): accepts creates and
 * deletes, places sessions on servers with retries and a queue, drives the
 * agents, and follows what agents report about their hosts.
 */
export class SessionLifecycle {
  private readonly queue: CreateQueue;
  /** Sessions whose create command is on its way to an agent. */
  private readonly dispatching = new Set<string>();
  /** Sessions whose close command is on its way to an agent. */
  private readonly closing = new Set<string>();
  /**
   * When an agent last confirmed creating each session (ms). A report received before that moment
   * may not show the session yet, so it must not count it as lost.
   */
  private readonly confirmedAt = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  private draining: Promise<void> | undefined;
  private lastPurgeAt = 0;
  private drainAgain = false;

  constructor(private readonly ctx: SessionContext) {
    this.queue = new CreateQueue(ctx.policy.queueMaxSize, ctx.policy.queueMaxTimeMs);
    ctx.servers.on("changed", () => this.drainQueue());
    ctx.servers.on("reported", (server) => {
      const report = { receivedAt: server.lastReportAt, hostSessions: server.hostSessions };
      // One reconciliation at a time per server; a report overtaken by a newer one is skipped.
      ctx.locks
        .run(`server:${server.id}`, async () => {
          if (server.lastReportAt <= report.receivedAt) await this.reconcile(server, report);
        })
        .catch((error: unknown) => ctx.log.error({ err: error, serverId: server.id }, "could not reconcile report"));
    });
    this.sweeper = setInterval(() => void this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  /** After a restart: requests still waiting for a server go back in the queue. */
  async restore(): Promise<void> {
    for (const session of await this.ctx.storage.sessions.listByState(["CREATING"])) {
      if (session.substate !== "SESSION_PLACING") continue; // PENDING_PREPARATION settles with the next report
      if (!this.queue.add(session.id, session.creationTime.getTime())) {
        await this.ctx.update(session.id, (stored) => (markDeleted(stored, QUEUE_FULL), true));
      }
    }
    this.drainQueue();
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  async create(inputs: CreateSessionInput[]): Promise<CreateOutcome[]> {
    const outcomes: CreateOutcome[] = [];
    for (const input of inputs) outcomes.push(await this.createOne(input));
    return outcomes;
  }

  async delete(inputs: DeleteSessionInput[]): Promise<DeleteOutcome[]> {
    const outcomes: DeleteOutcome[] = [];
    for (const input of inputs) outcomes.push(await this.ctx.locks.run(input.sessionId, () => this.deleteOne(input)));
    return outcomes;
  }

  private async createOne(input: CreateSessionInput): Promise<CreateOutcome> {
    const validation = validateCreate(input, this.ctx.policy);
    if (!validation.ok) return { failureReason: validation.reason };
    const session: SessionRecord = {
      id: randomUUID(),
      name: input.name,
      owner: input.owner,
      type: input.type,
      state: "CREATING",
      substate: "SESSION_PLACING",
      creationTime: new Date(),
      maxConcurrentClients: input.maxConcurrentClients,
      storageRoot: input.storageRoot,
      spec: input.spec,
    };
    const server = choosePlacement(
      this.ctx.servers.list(),
      { owner: session.owner, type: session.type, requirements: validation.requirements, excludedServerIds: [] },
      this.ctx.reservations.values(),
    );
    if (server === undefined) {
      if (input.spec.enqueueRequest !== true) return { failureReason: NO_SERVER_AVAILABLE };
      if (!this.queue.add(session.id, session.creationTime.getTime())) return { failureReason: QUEUE_FULL };
      await this.ctx.storage.sessions.insert(session);
      return { session: { ...session } };
    }
    this.reserve(session, server);
    await this.ctx.storage.sessions.insert(session);
    const accepted = { ...session };
    this.launch(session.id, server);
    return { session: accepted };
  }

  private reserve(session: SessionRecord, server: ServerState): void {
    this.ctx.reservations.set(session.id, { sessionId: session.id, serverId: server.id, owner: session.owner, type: session.type });
  }

  /** Starts a dispatch in the background, under the session's lock. */
  private launch(sessionId: string, server: ServerState): void {
    this.ctx.locks
      .run(sessionId, () => this.dispatch(sessionId, server))
      .catch((error: unknown) => this.ctx.log.error({ err: error, sessionId }, "session placement failed unexpectedly"));
  }

  /** Sends the create command to `server` and follows its outcome. Runs under the session's lock. */
  private async dispatch(sessionId: string, server: ServerState): Promise<void> {
    const session = await this.ctx.storage.sessions.get(sessionId);
    if (session?.state !== "CREATING" || server.connection === undefined) {
      this.ctx.reservations.delete(sessionId);
      if (session?.state === "CREATING") await this.retryOrFail(session, "The DCV server became unreachable");
      return;
    }
    session.substate = "PENDING_PREPARATION";
    session.serverId = server.id;
    await this.ctx.storage.sessions.update(session);
    this.dispatching.add(sessionId);
    let failure: string | undefined;
    try {
      const outcome = await server.connection.send({ $case: "createSession", value: createCommand(session) }, this.ctx.policy.commandTimeoutMs);
      if (outcome.$case === "createSession") {
        this.confirmedAt.set(sessionId, Date.now());
        session.state = "READY";
        session.substate = undefined;
        applyHostFacts(session, outcome.value.session);
        await this.ctx.storage.sessions.update(session);
        return;
      }
      failure = outcome.$case === "failure" ? outcome.value.message : `Unexpected answer ${outcome.$case}`;
    } catch (error) {
      failure = error instanceof BrokerError ? error.message : "Session creation failed";
    } finally {
      this.dispatching.delete(sessionId);
    }
    this.ctx.reservations.delete(sessionId);
    this.ctx.log.warn({ sessionId, serverId: server.id, reason: failure }, "session creation failed");
    session.failedServerIds = [...(session.failedServerIds ?? []), server.id];
    await this.retryOrFail(session, failure);
  }

  /** After a failure: another server if retries are left and allowed, else DELETED with the reason. */
  private async retryOrFail(session: SessionRecord, reason: string): Promise<void> {
    const attempts = session.failedServerIds?.length ?? 0;
    const mayRetry = session.spec.disableRetryOnFailure !== true && attempts <= this.ctx.policy.retriesOnFailure;
    const server = mayRetry ? this.placeFor(session) : undefined;
    if (server !== undefined) {
      this.reserve(session, server);
      session.substate = "SESSION_PLACING";
      await this.ctx.storage.sessions.update(session);
      return this.dispatch(session.id, server);
    }
    markDeleted(session, reason);
    await this.ctx.storage.sessions.update(session);
  }

  private placeFor(session: SessionRecord): ServerState | undefined {
    const requirements = session.spec.requirements ? parseRequirements(session.spec.requirements) : undefined;
    return choosePlacement(
      this.ctx.servers.list(),
      { owner: session.owner, type: session.type, requirements, excludedServerIds: session.failedServerIds ?? [] },
      this.ctx.reservations.values(),
    );
  }

  /** Places queued requests, oldest first, while servers have room. One drain at a time; changes during a drain trigger another. */
  private drainQueue(): void {
    if (this.queue.size === 0) return;
    if (this.draining !== undefined) {
      this.drainAgain = true;
      return;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        for (const sessionId of this.queue.ids()) {
          await this.ctx.locks.run(sessionId, async () => {
            const session = await this.ctx.storage.sessions.get(sessionId);
            if (session?.state !== "CREATING" || session.substate !== "SESSION_PLACING") {
              this.queue.remove(sessionId);
              return;
            }
            const server = this.placeFor(session);
            if (server === undefined) return;
            this.queue.remove(sessionId);
            this.reserve(session, server);
            this.launch(sessionId, server);
          });
        }
      } while (this.drainAgain);
    })()
      .catch((error: unknown) => this.ctx.log.error({ err: error }, "could not drain the create queue"))
      .finally(() => {
        this.draining = undefined;
      });
  }

  private async deleteOne(input: DeleteSessionInput): Promise<DeleteOutcome> {
    const session = await this.ctx.storage.sessions.get(input.sessionId);
    if (session === undefined || session.state === "DELETED" || session.owner !== input.owner) {
      return { sessionId: input.sessionId, failureReason: SESSION_NOT_FOUND };
    }
    this.release(session.id);
    const server = session.serverId === undefined ? undefined : this.ctx.servers.get(session.serverId);
    if (input.force || server === undefined || session.state === "CREATING") {
      // Not (yet) on a server, or the client asked to forget it: nothing to close.
      markDeleted(session, input.force ? "Removed from the broker by a forced delete" : undefined);
      if (input.force) session.forceDeleted = true;
      await this.ctx.storage.sessions.update(session);
      return { sessionId: session.id, state: "DELETED" };
    }
    session.state = "DELETING";
    session.substate = undefined;
    await this.ctx.storage.sessions.update(session);
    this.sendClose(session.id, server);
    return { sessionId: session.id, state: "DELETING" };
  }

  /**
   * Forgets what is kept in memory for a session that is leaving: its place in the queue, and the
   * reservation that counts it on its server until the server reports it (a session deleted before
   * any report listed it would otherwise hold its server's capacity for ever).
   */
  private release(sessionId: string): void {
    this.queue.remove(sessionId);
    this.ctx.reservations.delete(sessionId);
    this.confirmedAt.delete(sessionId);
  }

  /** Asks the agent to close a DELETING session; without an agent, the next report settles it. */
  private sendClose(sessionId: string, server: ServerState): void {
    if (!isReachable(server) || this.closing.has(sessionId)) return;
    this.closing.add(sessionId);
    server
      .connection!.send({ $case: "closeSession", value: { sessionId } }, this.ctx.policy.commandTimeoutMs)
      .then(async (outcome) => {
        if (outcome.$case === "failure" && outcome.value.code !== FailureCode.FAILURE_CODE_SESSION_NOT_FOUND) {
          this.ctx.log.warn({ sessionId, reason: outcome.value.message }, "agent could not close the session");
          return;
        }
        await this.ctx.update(sessionId, (session) => session.state === "DELETING" && (markDeleted(session), true));
      })
      .catch((error: unknown) => this.ctx.log.warn({ err: error, sessionId }, "close-session command failed"))
      .finally(() => this.closing.delete(sessionId));
  }

  /** Follows an agent's report of its host's sessions. */
  private async reconcile(server: ServerState, report: { receivedAt: number; hostSessions: AgentSession[] }): Promise<void> {
    const onHost = new Set(report.hostSessions.map((hostSession) => hostSession.id));
    for (const hostSession of report.hostSessions) {
      this.ctx.reservations.delete(hostSession.id); // now counted from the host itself
      await this.ctx.locks.run(hostSession.id, () => this.followHostSession(server, hostSession));
    }
    for (const known of await this.ctx.storage.sessions.listLiveOnServer(server.id)) {
      if (onHost.has(known.id)) continue;
      await this.ctx.locks.run(known.id, () => this.followMissingSession(known.id, server, report.receivedAt));
    }
  }

  private async followHostSession(server: ServerState, hostSession: AgentSession): Promise<void> {
    const session = await this.ctx.storage.sessions.get(hostSession.id);
    if (session === undefined) {
      await this.ctx.storage.sessions.insert(adoptedSession(hostSession, server.id));
      this.ctx.log.info({ sessionId: hostSession.id, serverId: server.id }, "adopted a session found on the host");
      return;
    }
    if (session.state === "DELETED") {
      if (!session.forceDeleted) return; // a report older than the delete
      Object.assign(session, { state: "READY", serverId: server.id, forceDeleted: undefined, deletedAt: undefined, stateReason: undefined });
      applyHostFacts(session, hostSession);
      await this.ctx.storage.sessions.update(session);
      return;
    }
    if (session.state === "DELETING") return this.sendClose(session.id, server);
    if (session.state === "CREATING" && !this.dispatching.has(session.id)) {
      // Created on the host while the broker was not listening (e.g. it restarted).
      Object.assign(session, { state: "READY", substate: undefined, serverId: server.id });
      applyHostFacts(session, hostSession);
      await this.ctx.storage.sessions.update(session);
      return;
    }
    if (session.state === "READY" && applyHostFacts(session, hostSession)) await this.ctx.storage.sessions.update(session);
  }

  /** A session the broker places on `server` that its report (received at `reportedAt`) does not list. Runs under the session's lock. */
  private async followMissingSession(sessionId: string, server: ServerState, reportedAt: number): Promise<void> {
    const session = await this.ctx.storage.sessions.get(sessionId);
    if (session === undefined || session.serverId !== server.id || this.dispatching.has(sessionId)) return;
    if ((this.confirmedAt.get(sessionId) ?? 0) >= reportedAt) return; // created after the report was sent
    if (session.state === "CREATING" && session.substate === "PENDING_PREPARATION") {
      this.ctx.reservations.delete(sessionId);
      session.failedServerIds = [...(session.failedServerIds ?? []), server.id];
      return this.retryOrFail(session, SESSION_LOST);
    }
    if (session.state !== "READY" && session.state !== "DELETING") return;
    this.release(sessionId);
    markDeleted(session, session.state === "READY" ? SESSION_LOST : undefined);
    await this.ctx.storage.sessions.update(session);
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPurgeAt > PURGE_INTERVAL_MS) {
      // DescribeSessions already hides them; this keeps storage from growing for ever.
      this.lastPurgeAt = now;
      await this.ctx.storage.sessions.purgeDeleted(new Date(now - this.ctx.policy.deletedVisibleMs));
    }
    for (const [sessionId, at] of this.confirmedAt) {
      if (now - at > CONFIRMATION_MEMORY_MS) this.confirmedAt.delete(sessionId);
    }
    for (const sessionId of this.queue.takeExpired(now)) {
      await this.ctx.update(sessionId, (session) => session.state === "CREATING" && (markDeleted(session, QUEUE_TIMEOUT), true));
    }
    const after = this.ctx.policy.deleteSessionsOfUnreachableAfterMs;
    if (after === undefined) return;
    for (const server of this.ctx.servers.list()) {
      if (server.unreachableSince === undefined || now - server.unreachableSince <= after) continue;
      for (const session of await this.ctx.storage.sessions.listLiveOnServer(server.id)) {
        this.release(session.id);
        const reason = `The DCV server has been unreachable for more than ${Math.round(after / 1000)} seconds`;
        await this.ctx.update(session.id, (stored) => stored.state !== "DELETED" && (markDeleted(stored, reason), true));
      }
    }
  }
}

function createCommand(session: SessionRecord) {
  return {
    sessionId: session.id,
    name: session.name,
    owner: session.owner,
    type: session.type === "CONSOLE" ? WireSessionType.SESSION_TYPE_CONSOLE : WireSessionType.SESSION_TYPE_VIRTUAL,
    initFile: session.spec.initFile ?? "",
    autorunFile: session.spec.autorunFile ?? "",
    autorunFileArguments: session.spec.autorunFileArguments ?? [],
    permissionsFile: session.spec.permissionsFile === undefined ? "" : Buffer.from(session.spec.permissionsFile, "base64").toString("utf8"),
    storageRoot: session.storageRoot ?? "",
    dcvGlEnabled: session.spec.dcvGlEnabled,
    maxConcurrentClients: session.maxConcurrentClients,
  };
}

/** A session someone made on the host without the broker. */
function adoptedSession(hostSession: AgentSession, serverId: string): SessionRecord {
  const session: SessionRecord = {
    id: hostSession.id,
    name: hostSession.name,
    owner: hostSession.owner,
    type: hostSession.type === WireSessionType.SESSION_TYPE_CONSOLE ? "CONSOLE" : "VIRTUAL",
    state: "READY",
    serverId,
    creationTime: hostSession.creationTime ?? new Date(),
    spec: {},
  };
  applyHostFacts(session, hostSession);
  return session;
}

/** Copies what the host knows about a session; true if anything changed. */
export function applyHostFacts(session: SessionRecord, hostSession: AgentSession | undefined): boolean {
  if (hostSession === undefined) return false;
  const before = JSON.stringify([session.numOfConnections, session.lastDisconnectionTime, session.storageRoot]);
  session.numOfConnections = hostSession.numOfConnections;
  session.lastDisconnectionTime = hostSession.lastDisconnectionTime;
  if (hostSession.storageRoot !== "") session.storageRoot = hostSession.storageRoot;
  return before !== JSON.stringify([session.numOfConnections, session.lastDisconnectionTime, session.storageRoot]);
}
