import { EventEmitter } from "node:events";
import type { Logger } from "../../common/logger.js";
import type { AgentSession, ServerReport } from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { AgentConnection } from "../agents/agent-connection.js";
import type { Fleet } from "../agents/fleet.js";
import type { Storage } from "../storage/storage.js";

/** Used until an agent says how often it reports. */
export const DEFAULT_STATUS_INTERVAL_MS = 30_000;
/** How often the registry looks for silent agents and expired servers. */
export const SWEEP_INTERVAL_MS = 1_000;

/**
 * A DCV server as the broker knows it: the latest report of its agent, and
 * whether that agent can be reached.
 *
 *   REACHABLE ──stream drops, or 2 status intervals without a report──▶ UNREACHABLE
 *       ▲                                                                   │
 *       └──────────────────────────── next report ◀─────────────────────────┘
 *   UNREACHABLE for `seconds-before-deleting-unreachable-dcv-server` ──▶ removed
 */
export interface ServerState {
  readonly id: string;
  agentId: string;
  connection: AgentConnection | undefined;
  report: ServerReport;
  /** Sessions on the host, as last reported. */
  hostSessions: AgentSession[];
  agentVersion: string;
  statusIntervalMs: number;
  lastReportAt: number;
  /** When the agent became unreachable; undefined while reachable. */
  unreachableSince: number | undefined;
  /** Closed by CloseServers. */
  closed: boolean;
}

export interface ServerRegistryEvents {
  /** A server reported, became reachable or unreachable, or was opened or closed. */
  changed: [server: ServerState];
  /** A server reported its host's sessions. */
  reported: [server: ServerState];
  removed: [serverId: string];
}

export interface ServerRegistryOptions {
  removeUnreachableAfterMs: number;
  now?: () => number;
}

export class ServerRegistry extends EventEmitter<ServerRegistryEvents> {
  private readonly servers = new Map<string, ServerState>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly now: () => number;

  private constructor(
    private readonly storage: Storage,
    private readonly log: Logger,
    private readonly options: ServerRegistryOptions,
    private readonly closedIds: Set<string>,
  ) {
    super();
    this.now = options.now ?? Date.now;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_INTERVAL_MS);
    this.sweeper.unref();
  }

  static async load(storage: Storage, fleet: Fleet, log: Logger, options: ServerRegistryOptions): Promise<ServerRegistry> {
    const closed = new Set((await storage.servers.list()).filter((server) => server.closed).map((server) => server.id));
    const registry = new ServerRegistry(storage, log, options, closed);
    fleet.on("status", (connection) => registry.reported(connection));
    fleet.on("disconnected", (connection) => registry.disconnected(connection));
    return registry;
  }

  get(serverId: string): ServerState | undefined {
    return this.servers.get(serverId);
  }

  /** All known servers, ordered by id. */
  list(): ServerState[] {
    return [...this.servers.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async setClosed(serverId: string, closed: boolean): Promise<void> {
    const server = this.servers.get(serverId);
    if (server === undefined) return;
    await this.storage.servers.put({ id: serverId, closed });
    if (closed) this.closedIds.add(serverId);
    else this.closedIds.delete(serverId);
    server.closed = closed;
    this.emit("changed", server);
  }

  stop(): void {
    clearInterval(this.sweeper);
  }

  private reported(connection: AgentConnection): void {
    const status = connection.status!;
    const id = status.server.serverId;
    const now = this.now();
    const intervalMs = (connection.hello?.statusIntervalSeconds ?? 0) * 1000 || DEFAULT_STATUS_INTERVAL_MS;
    let server = this.servers.get(id);
    if (server === undefined) {
      server = {
        id,
        agentId: connection.agentId,
        connection,
        report: status.server,
        hostSessions: status.sessions,
        agentVersion: connection.hello?.agentVersion ?? "",
        statusIntervalMs: intervalMs,
        lastReportAt: now,
        unreachableSince: undefined,
        closed: this.closedIds.has(id),
      };
      this.servers.set(id, server);
      this.log.info({ serverId: id, agentId: connection.agentId, hostname: status.server.hostname }, "server registered");
    } else {
      const recovered = server.unreachableSince !== undefined;
      Object.assign(server, {
        agentId: connection.agentId,
        connection,
        report: status.server,
        hostSessions: status.sessions,
        agentVersion: connection.hello?.agentVersion ?? server.agentVersion,
        statusIntervalMs: intervalMs,
        lastReportAt: now,
        unreachableSince: undefined,
      });
      if (recovered) this.log.info({ serverId: id }, "server reachable again");
    }
    this.emit("reported", server);
    this.emit("changed", server);
  }

  private disconnected(connection: AgentConnection): void {
    for (const server of this.servers.values()) {
      if (server.connection === connection) this.markUnreachable(server, "agent stream closed");
    }
  }

  private markUnreachable(server: ServerState, reason: string): void {
    if (server.unreachableSince !== undefined) return;
    server.unreachableSince = this.now();
    server.connection = undefined;
    this.log.warn({ serverId: server.id, reason }, "server unreachable");
    this.emit("changed", server);
  }

  /** Marks servers whose agent missed two reports unreachable, and forgets those unreachable too long. */
  private sweep(): void {
    const now = this.now();
    for (const server of [...this.servers.values()]) {
      if (server.unreachableSince === undefined) {
        if (now - server.lastReportAt > 2 * server.statusIntervalMs) this.markUnreachable(server, "no status report for two intervals");
      } else if (now - server.unreachableSince > this.options.removeUnreachableAfterMs) {
        this.servers.delete(server.id);
        this.log.info({ serverId: server.id }, "unreachable server removed");
        this.emit("removed", server.id);
      }
    }
  }
}

export function isReachable(server: ServerState): boolean {
  return server.unreachableSince === undefined && server.connection?.isOpen === true;
}
