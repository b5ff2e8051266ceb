import type { Image } from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import {
  Availability,
  type Server,
  type Session,
  type SessionScreenshotImage,
  SessionState,
  SessionSubstate,
  UnavailabilityReason,
} from "../../gen/ts-proto/dcvsm/api/v1/api.js";
import { SessionType, Transport } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { SessionRecord } from "../model/session.js";
import { isFull, loadOf, tagsOf, type Reservation } from "../servers/server-load.js";
import { isReachable, type ServerState } from "../servers/server-registry.js";

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

/** The API's view of sessions and servers, from the broker's records and the live fleet; one per response. */
export class ApiMapper {
  private readonly servers = new Map<string, Server>();

  constructor(
    private readonly registry: { get(serverId: string): ServerState | undefined },
    private readonly reservations: ReadonlyMap<string, Reservation>,
  ) {}

  /** A session as the API shows it; READY and DELETING become UNKNOWN while its agent is unreachable. */
  session(session: SessionRecord): Session {
    const server = session.serverId === undefined ? undefined : this.registry.get(session.serverId);
    const unreachable = server === undefined || !isReachable(server);
    const state = (session.state === "READY" || session.state === "DELETING") && unreachable ? "UNKNOWN" : session.state;
    return {
      id: session.id,
      name: session.name,
      owner: session.owner,
      server: server === undefined ? undefined : this.server(server),
      type: session.type === "CONSOLE" ? SessionType.SESSION_TYPE_CONSOLE : SessionType.SESSION_TYPE_VIRTUAL,
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

  /** The DescribeServers view of a server. */
  server(server: ServerState): Server {
    let view = this.servers.get(server.id);
    if (view === undefined) {
      view = this.buildServer(server);
      this.servers.set(server.id, view);
    }
    return view;
  }

  private buildServer(server: ServerState): Server {
    const report = server.report;
    const firstHttp = report.endpoints.find((endpoint) => endpoint.protocol === Transport.TRANSPORT_HTTP);
    const load = loadOf(server, this.reservations.values());
    const reason = unavailabilityOf(server, isFull(server, load));
    return {
      id: server.id,
      ip: report.ip,
      hostname: report.hostname,
      defaultDnsName: report.defaultDnsName,
      port: firstHttp === undefined ? "" : String(firstHttp.port),
      endpoints: report.endpoints,
      webUrlPath: firstHttp?.webUrlPath ?? "",
      version: report.dcvVersion,
      sessionManagerAgentVersion: server.agentVersion,
      availability: reason === undefined ? Availability.AVAILABILITY_AVAILABLE : Availability.AVAILABILITY_UNAVAILABLE,
      unavailabilityReason: reason ?? UnavailabilityReason.UNAVAILABILITY_REASON_UNSPECIFIED,
      consoleSessionCount: load.console,
      virtualSessionCount: load.virtual,
      host: report.host,
      tags: tagsOf(server),
    };
  }
}

/** Why no session can be placed on the server now, or undefined when one can. */
function unavailabilityOf(server: ServerState, full: boolean): UnavailabilityReason | undefined {
  if (!isReachable(server)) return UnavailabilityReason.UNAVAILABILITY_REASON_UNREACHABLE_AGENT;
  if (server.report.dcvHealth?.healthy === false) return UnavailabilityReason.UNAVAILABILITY_REASON_UNHEALTHY_DCV_SERVER;
  if (server.closed) return UnavailabilityReason.UNAVAILABILITY_REASON_SERVER_CLOSED;
  if (full) return UnavailabilityReason.UNAVAILABILITY_REASON_SERVER_FULL;
  return undefined;
}

export function toApiImage(image: Image): SessionScreenshotImage {
  return { format: image.format, data: image.data, creationTime: image.creationTime, primary: image.primary };
}
