import { randomUUID } from "node:crypto";
import { KeyedLock } from "../../common/keyed-lock.js";
import type { Logger } from "../../common/logger.js";
import type { AgentSession } from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { SessionType as WireSessionType } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { AgentConnection } from "../agents/agent-connection.js";
import type { Fleet } from "../agents/fleet.js";
import { BrokerError } from "../errors.js";
import type { SessionRecord, SessionSpec, SessionType } from "../model/session.js";
import type { Storage } from "../storage/storage.js";
import { decodePageToken, encodePageToken } from "./page-token.js";
import { pickLeastLoaded } from "./placement.js";

export const SESSION_NOT_FOUND = "The requested dcvSession does not exist";
export const NO_SERVER_AVAILABLE = "No DCV server is available to place the session";

export interface SessionServiceOptions {
  /** How long DELETED sessions stay visible. */
  deletedVisibleSeconds: number;
  /** How long the broker waits for an agent to answer a command. */
  commandTimeoutMs: number;
}

export interface CreateSessionInput {
  name: string;
  owner: string;
  type: SessionType;
  maxConcurrentClients?: number;
  storageRoot?: string;
  spec: SessionSpec;
}

export interface DescribeSessionsInput {
  sessionIds?: string[];
  owner?: string;
  maxResults: number;
  nextToken?: string;
}

export interface DeleteSessionInput {
  sessionId: string;
  owner: string;
  force: boolean;
}

export type DeleteSessionOutcome = { sessionId: string; state: "DELETING" | "DELETED" } | { sessionId: string; failureReason: string };

/**
 * Session lifecycle: accepts creates and deletes, places sessions on the
 * fleet, drives agents, and follows what agents report. Every change to one
 * session happens under that session's lock, and is stored before anyone
 * is told about it.
 */
export class SessionService {
  private readonly locks = new KeyedLock();
  /** Sessions handed to an agent whose result has not come back, by server. */
  private readonly inFlight = new Map<string, number>();

  constructor(
    private readonly storage: Storage,
    private readonly fleet: Fleet,
    private readonly log: Logger,
    private readonly options: SessionServiceOptions,
  ) {
    fleet.on("status", (connection) => {
      this.reconcile(connection).catch((error: unknown) =>
        this.log.error({ err: error, agentId: connection.agentId }, "could not reconcile agent report"),
      );
    });
  }

  async create(inputs: CreateSessionInput[]): Promise<SessionRecord[]> {
    const created: SessionRecord[] = [];
    for (const input of inputs) {
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
      await this.storage.sessions.insert(session);
      created.push(session);
    }
    for (const session of created) {
      this.locks.run(session.id, () => this.place(session.id)).catch((error: unknown) =>
        this.log.error({ err: error, sessionId: session.id }, "placement failed unexpectedly"),
      );
    }
    return created;
  }

  async describe(input: DescribeSessionsInput): Promise<{ sessions: SessionRecord[]; nextToken?: string }> {
    const after = input.nextToken === undefined ? 0 : decodePageToken(input.nextToken);
    const page = await this.storage.sessions.page({
      after,
      limit: input.maxResults + 1,
      ids: input.sessionIds,
      owner: input.owner,
      hideDeletedBefore: new Date(Date.now() - this.options.deletedVisibleSeconds * 1000),
    });
    const shown = page.slice(0, input.maxResults);
    const hasMore = page.length > input.maxResults;
    return {
      sessions: shown.map((entry) => entry.session),
      nextToken: hasMore ? encodePageToken(shown.at(-1)!.position) : undefined,
    };
  }

  async delete(inputs: DeleteSessionInput[]): Promise<DeleteSessionOutcome[]> {
    const outcomes: DeleteSessionOutcome[] = [];
    for (const input of inputs) {
      outcomes.push(await this.locks.run(input.sessionId, () => this.deleteOne(input)));
    }
    return outcomes;
  }

  private async deleteOne(input: DeleteSessionInput): Promise<DeleteSessionOutcome> {
    const session = await this.storage.sessions.get(input.sessionId);
    if (session === undefined || session.state === "DELETED" || session.owner !== input.owner) {
      return { sessionId: input.sessionId, failureReason: SESSION_NOT_FOUND };
    }
    if (input.force || session.serverId === undefined) {
      await this.markDeleted(session, input.force ? "Removed from the broker by a forced delete" : undefined);
      return { sessionId: session.id, state: "DELETED" };
    }
    session.state = "DELETING";
    session.substate = undefined;
    await this.storage.sessions.update(session);
    this.sendClose(session.id, session.serverId);
    return { sessionId: session.id, state: "DELETING" };
  }

  private sendClose(sessionId: string, serverId: string): void {
    const connection = this.fleet.connectionForServer(serverId);
    if (connection === undefined || !connection.isOpen) return; // closed once the agent is back
    connection
      .send({ $case: "closeSession", value: { sessionId } }, this.options.commandTimeoutMs)
      .then(async (outcome) => {
        if (outcome.$case === "failure") {
          this.log.warn({ sessionId, reason: outcome.value.message }, "agent could not close session");
          return;
        }
        await this.locks.run(sessionId, async () => {
          const session = await this.storage.sessions.get(sessionId);
          if (session?.state === "DELETING") await this.markDeleted(session);
        });
      })
      .catch((error: unknown) => this.log.warn({ err: error, sessionId }, "close-session command failed"));
  }

  private async markDeleted(session: SessionRecord, reason?: string): Promise<void> {
    session.state = "DELETED";
    session.substate = undefined;
    session.deletedAt = new Date();
    if (reason !== undefined) session.stateReason = reason;
    await this.storage.sessions.update(session);
  }

  private async place(sessionId: string): Promise<void> {
    const session = await this.storage.sessions.get(sessionId);
    if (session === undefined || session.state !== "CREATING") return;
    const target = pickLeastLoaded(this.fleet.servers(), (connection) => this.load(connection));
    if (target === undefined) {
      await this.markDeleted(session, NO_SERVER_AVAILABLE);
      return;
    }
    const serverId = target.serverId!;
    session.substate = "PENDING_PREPARATION";
    session.serverId = serverId;
    await this.storage.sessions.update(session);
    this.inFlight.set(serverId, (this.inFlight.get(serverId) ?? 0) + 1);
    try {
      const outcome = await target.send(
        {
          $case: "createSession",
          value: {
            sessionId: session.id,
            name: session.name,
            owner: session.owner,
            type: session.type === "CONSOLE" ? WireSessionType.SESSION_TYPE_CONSOLE : WireSessionType.SESSION_TYPE_VIRTUAL,
            initFile: session.spec.initFile ?? "",
            autorunFile: session.spec.autorunFile ?? "",
            autorunFileArguments: session.spec.autorunFileArguments ?? [],
            permissionsFile: decodePermissions(session.spec.permissionsFile),
            storageRoot: session.storageRoot ?? "",
            dcvGlEnabled: session.spec.dcvGlEnabled,
            maxConcurrentClients: session.maxConcurrentClients,
          },
        },
        this.options.commandTimeoutMs,
      );
      if (outcome.$case === "createSession") {
        session.state = "READY";
        session.substate = undefined;
        applyHostFacts(session, outcome.value.session);
        await this.storage.sessions.update(session);
      } else if (outcome.$case === "failure") {
        await this.markDeleted(session, outcome.value.message);
      }
    } catch (error) {
      await this.markDeleted(session, error instanceof BrokerError ? error.message : "Session creation failed");
    } finally {
      this.inFlight.set(serverId, (this.inFlight.get(serverId) ?? 1) - 1);
    }
  }

  private load(connection: AgentConnection): number {
    const serverId = connection.serverId!;
    return (connection.status?.sessions.length ?? 0) + (this.inFlight.get(serverId) ?? 0);
  }

  /** Follows an agent's report: facts of live sessions, and deletes it has finished. */
  private async reconcile(connection: AgentConnection): Promise<void> {
    const serverId = connection.serverId;
    const status = connection.status;
    if (serverId === undefined || status === undefined) return;
    const onHost = new Map(status.sessions.map((hostSession) => [hostSession.id, hostSession]));
    for (const hostSession of status.sessions) {
      await this.locks.run(hostSession.id, async () => {
        const session = await this.storage.sessions.get(hostSession.id);
        if (session?.state !== "READY") return;
        if (applyHostFacts(session, hostSession)) await this.storage.sessions.update(session);
      });
    }
    for (const deleting of await this.storage.sessions.listByState(["DELETING"])) {
      if (deleting.serverId !== serverId) continue;
      await this.locks.run(deleting.id, async () => {
        const session = await this.storage.sessions.get(deleting.id);
        if (session?.state !== "DELETING") return;
        if (onHost.has(session.id)) this.sendClose(session.id, serverId);
        else await this.markDeleted(session);
      });
    }
  }
}

/** Copies what the host knows about a session; true if anything changed. */
function applyHostFacts(session: SessionRecord, hostSession: AgentSession | undefined): boolean {
  if (hostSession === undefined) return false;
  const before = JSON.stringify([session.numOfConnections, session.lastDisconnectionTime, session.storageRoot]);
  session.numOfConnections = hostSession.numOfConnections;
  session.lastDisconnectionTime = hostSession.lastDisconnectionTime;
  if (hostSession.storageRoot !== "") session.storageRoot = hostSession.storageRoot;
  return before !== JSON.stringify([session.numOfConnections, session.lastDisconnectionTime, session.storageRoot]);
}

function decodePermissions(base64: string | undefined): string {
  return base64 === undefined ? "" : Buffer.from(base64, "base64").toString("utf8");
}
