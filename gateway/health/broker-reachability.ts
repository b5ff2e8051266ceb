import { Code, ConnectError } from "@connectrpc/connect";
import type { BrokerClient } from "../broker-client.js";
import type { Clock } from "../clock.js";

/** Statuses only the broker's own API gives: it received the probe and answered. */
const ANSWERED_BY_BROKER = new Set([Code.Unauthenticated, Code.Unimplemented]);

export interface ReachabilityOptions {
  /** How long an outcome is reused, so that health checks cannot load the broker. */
  cacheMs?: number;
  timeoutMs?: number;
  clock?: Clock;
}

/**
 * Whether the broker answers. There is no health RPC: a DescribeServers
 * without a token is cheap, and the broker refusing it proves it is up.
 * Concurrent checks share one probe.
 */
export function brokerReachability(
  broker: BrokerClient,
  { cacheMs = 1000, timeoutMs = 2000, clock = Date.now }: ReachabilityOptions = {},
): () => Promise<boolean> {
  let latest: { reachable: Promise<boolean>; settledAt?: number } | undefined;

  async function probe(): Promise<boolean> {
    try {
      await broker.describeServers({ maxResults: 1 }, { timeoutMs });
      return true;
    } catch (error) {
      return ANSWERED_BY_BROKER.has(ConnectError.from(error).code);
    }
  }

  return () => {
    const stale = latest?.settledAt !== undefined && clock() - latest.settledAt >= cacheMs;
    if (latest === undefined || stale) {
      const attempt: { reachable: Promise<boolean>; settledAt?: number } = { reachable: probe() };
      void attempt.reachable.then(() => {
        attempt.settledAt = clock();
      });
      latest = attempt;
    }
    return latest.reachable;
  };
}
