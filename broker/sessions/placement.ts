import type { SessionType } from "../model/session.js";
import { hasRoomFor, loadOf, type Reservation } from "../servers/server-load.js";
import { isReachable, type ServerState } from "../servers/server-registry.js";
import type { Expression } from "./requirements/ast.js";
import { evaluateRequirements } from "./requirements/evaluate.js";
import { requirementsSubject } from "./requirements-subject.js";

export interface PlacementRequest {
  owner: string;
  type: SessionType;
  requirements: Expression | undefined;
  /** Servers where this session already failed. */
  excludedServerIds: readonly string[];
}

/**
 * The eligible server with the fewest sessions: reachable, open, with a
 * healthy DCV server, room for this owner and type, and matching the
 * requirements. Undefined when there is none.
 */
export function choosePlacement(
  servers: readonly ServerState[],
  request: PlacementRequest,
  reservations: Iterable<Reservation>,
): ServerState | undefined {
  const reserved = [...reservations];
  let best: ServerState | undefined;
  let bestCount = Number.POSITIVE_INFINITY;
  for (const server of servers) {
    if (!isReachable(server) || server.closed || server.report.dcvHealth?.healthy === false) continue;
    if (request.excludedServerIds.includes(server.id)) continue;
    const load = loadOf(server, reserved);
    if (!hasRoomFor(server, load, request.owner, request.type)) continue;
    if (request.requirements !== undefined && !evaluateRequirements(request.requirements, requirementsSubject(server))) continue;
    const count = load.virtual + load.console;
    if (count < bestCount) {
      best = server;
      bestCount = count;
    }
  }
  return best;
}
