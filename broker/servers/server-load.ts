import { SessionType } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { Tag } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { SessionType as ApiSessionType } from "../model/session.js";
import type { ServerState } from "./server-registry.js";

/** A session the broker has sent to a server that the server has not reported yet. */
export interface Reservation {
  sessionId: string;
  serverId: string;
  owner: string;
  type: ApiSessionType;
}

/** Sessions on a server, counting those on their way to it. */
export interface ServerLoad {
  virtual: number;
  console: number;
  /** Virtual sessions by owner. */
  virtualByOwner: ReadonlyMap<string, number>;
}

export function loadOf(server: ServerState, reservations: Iterable<Reservation>): ServerLoad {
  const load = { virtual: 0, console: 0, virtualByOwner: new Map<string, number>() };
  const count = (owner: string, type: ApiSessionType) => {
    if (type === "CONSOLE") {
      load.console++;
      return;
    }
    load.virtual++;
    load.virtualByOwner.set(owner, (load.virtualByOwner.get(owner) ?? 0) + 1);
  };
  const onHost = new Set<string>();
  for (const session of server.hostSessions) {
    onHost.add(session.id);
    count(session.owner, session.type === SessionType.SESSION_TYPE_CONSOLE ? "CONSOLE" : "VIRTUAL");
  }
  for (const reservation of reservations) {
    if (reservation.serverId === server.id && !onHost.has(reservation.sessionId)) count(reservation.owner, reservation.type);
  }
  return load;
}

/** -1 (or an absent limit) means no limit. */
const withinLimit = (count: number, limit: number | undefined) => limit === undefined || limit < 0 || count < limit;

/** Whether a new session of this owner and type fits on the server (the DCV and agent limits). */
export function hasRoomFor(server: ServerState, load: ServerLoad, owner: string, type: ApiSessionType): boolean {
  if (load.console > 0) return false; // a console session owns the host
  if (type === "CONSOLE") return load.virtual === 0;
  const limits = server.report.limits;
  return (
    withinLimit(load.virtual, limits?.maxVirtualSessions) &&
    withinLimit(load.virtualByOwner.get(owner) ?? 0, limits?.maxConcurrentSessionsPerUser)
  );
}

/** No session of any kind could be added. */
export function isFull(server: ServerState, load: ServerLoad): boolean {
  return load.console > 0 || !withinLimit(load.virtual, server.report.limits?.maxVirtualSessions);
}

/** The server's own tags followed by the reserved dcv:* tags the broker reports. */
export function tagsOf(server: ServerState): Tag[] {
  const report = server.report;
  const tags = [...report.tags];
  if (report.host?.os?.family) tags.push({ key: "dcv:os-family", value: report.host.os.family });
  if (report.limits !== undefined) {
    tags.push({ key: "dcv:max-virtual-sessions", value: String(report.limits.maxVirtualSessions) });
    tags.push({ key: "dcv:max-concurrent-sessions-per-user", value: String(report.limits.maxConcurrentSessionsPerUser) });
  }
  return tags;
}
