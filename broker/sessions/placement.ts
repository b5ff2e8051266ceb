import type { AgentConnection } from "../agents/agent-connection.js";

/** The open, healthy server with the fewest sessions, or undefined when none can take one. */
export function pickLeastLoaded(
  candidates: readonly AgentConnection[],
  load: (connection: AgentConnection) => number,
): AgentConnection | undefined {
  let best: AgentConnection | undefined;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (!candidate.isOpen || candidate.status?.server.dcvHealth?.healthy === false) continue;
    const candidateLoad = load(candidate);
    if (candidateLoad < bestLoad) {
      best = candidate;
      bestLoad = candidateLoad;
    }
  }
  return best;
}
