import type { AgentConnection } from "../agents/agent-connection.js";
import {
  Availability,
  type Server,
  type Session,
  SessionState,
  SessionSubstate,
  UnavailabilityReason,
} from "../../gen/ts-proto/dcvsm/api/v1/api.js";
import { SessionType, Transport, type Tag } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { SessionRecord } from "../model/session.js";

const STATE: Record<SessionRecord["state"], SessionState> = {
  CREATING: SessionState.SESSION_STATE_CREATING,
  READY: SessionState.SESSION_STATE_READY,
  DELETING: SessionState.SESSION_STATE_DELETING,
  DELETED: SessionState.SESSION_STATE_DELETED,
  UNKNOWN: SessionState.SESSION_STATE_UNKNOWN,
};

const SUBSTATE: Record<NonNullable<SessionRecord["substate"]>, SessionSubstate> = {
  SESSION_PLACING: SessionSubstate.SESSION_SUBSTATE_SESSION_PLACING,
  PENDING_PREPARATION: SessionSubstate.SESSION_SUBSTATE_PENDING_PREPARATION,
};

export function toApiSessionType(type: SessionRecord["type"]): SessionType {
  return type === "CONSOLE" ? SessionType.SESSION_TYPE_CONSOLE : SessionType.SESSION_TYPE_VIRTUAL;
}

/** A session as the API shows it; READY becomes UNKNOWN while its agent is unreachable. */
export function toApiSession(session: SessionRecord, connection: AgentConnection | undefined): Session {
  const reachable = connection?.isOpen === true;
  const state = session.state === "READY" && !reachable ? "UNKNOWN" : session.state;
  return {
    id: session.id,
    name: session.name,
    owner: session.owner,
    server: connection?.status === undefined ? undefined : toApiServer(connection),
    type: toApiSessionType(session.type),
    maxConcurrentClients: session.maxConcurrentClients,
    state: STATE[state],
    substate: session.substate === undefined ? SessionSubstate.SESSION_SUBSTATE_UNSPECIFIED : SUBSTATE[session.substate],
    stateReason: session.stateReason ?? "",
    creationTime: session.creationTime,
    lastDisconnectionTime: session.lastDisconnectionTime,
    numOfConnections: session.numOfConnections,
    storageRoot: session.storageRoot ?? "",
  };
}

/** The DescribeServers view of a server, from its agent's latest report. */
export function toApiServer(connection: AgentConnection): Server {
  const status = connection.status!;
  const report = status.server;
  const firstHttp = report.endpoints.find((endpoint) => endpoint.protocol === Transport.TRANSPORT_HTTP);
  const [availability, reason] = availabilityOf(connection);
  return {
    id: report.serverId,
    ip: report.ip,
    hostname: report.hostname,
    defaultDnsName: report.defaultDnsName,
    port: firstHttp === undefined ? "" : String(firstHttp.port),
    endpoints: report.endpoints,
    webUrlPath: firstHttp?.webUrlPath ?? "",
    version: report.dcvVersion,
    sessionManagerAgentVersion: connection.hello?.agentVersion ?? "",
    availability,
    unavailabilityReason: reason,
    consoleSessionCount: status.sessions.filter((s) => s.type === SessionType.SESSION_TYPE_CONSOLE).length,
    virtualSessionCount: status.sessions.filter((s) => s.type === SessionType.SESSION_TYPE_VIRTUAL).length,
    host: report.host,
    tags: [...report.tags, ...reservedTags(connection)],
  };
}

function availabilityOf(connection: AgentConnection): [Availability, UnavailabilityReason] {
  if (!connection.isOpen) {
    return [Availability.AVAILABILITY_UNAVAILABLE, UnavailabilityReason.UNAVAILABILITY_REASON_UNREACHABLE_AGENT];
  }
  if (connection.status?.server.dcvHealth?.healthy === false) {
    return [Availability.AVAILABILITY_UNAVAILABLE, UnavailabilityReason.UNAVAILABILITY_REASON_UNHEALTHY_DCV_SERVER];
  }
  return [Availability.AVAILABILITY_AVAILABLE, UnavailabilityReason.UNAVAILABILITY_REASON_UNSPECIFIED];
}

/** The dcv:* tags the broker reports for every server. */
function reservedTags(connection: AgentConnection): Tag[] {
  const report = connection.status!.server;
  const tags: Tag[] = [];
  if (report.host?.os?.family) tags.push({ key: "dcv:os-family", value: report.host.os.family });
  if (report.limits !== undefined) {
    tags.push({ key: "dcv:max-virtual-sessions", value: String(report.limits.maxVirtualSessions) });
    tags.push({ key: "dcv:max-concurrent-sessions-per-user", value: String(report.limits.maxConcurrentSessionsPerUser) });
  }
  return tags;
}
