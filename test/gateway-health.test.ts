import { Code, ConnectError } from "@connectrpc/connect";
import test from "ava";
import type { BrokerClient } from "../gateway/broker-client.js";
import { brokerReachability } from "../gateway/health/broker-reachability.js";

/** A broker whose DescribeServers fails with `code` (or succeeds when undefined), counting probes. */
function probedBroker(outcome: () => Code | undefined) {
  const probes = { count: 0 };
  const broker = {
    describeServers: () => {
      probes.count++;
      const code = outcome();
      return code === undefined ? Promise.resolve({ servers: [] }) : Promise.reject(new ConnectError("probe", code));
    },
  } as unknown as BrokerClient;
  return { broker, probes };
}

for (const [code, reachable] of [
  [Code.Unauthenticated, true],
  [Code.Unimplemented, true],
  [undefined, true],
  [Code.Unavailable, false],
  [Code.DeadlineExceeded, false],
  [Code.Internal, false],
  [Code.PermissionDenied, false],
] as const) {
  test(`a probe answered ${code === undefined ? "OK" : Code[code]} means ${reachable ? "reachable" : "unreachable"}`, async (t) => {
    const { broker } = probedBroker(() => code);
    t.is(await brokerReachability(broker)(), reachable);
  });
}

test("an outcome is reused for a second, then probed again", async (t) => {
  let now = 0;
  let code: Code = Code.Unavailable;
  const { broker, probes } = probedBroker(() => code);
  const reachable = brokerReachability(broker, { cacheMs: 1000, clock: () => now });
  t.false(await reachable());
  code = Code.Unauthenticated;
  now += 999;
  t.false(await reachable());
  t.is(probes.count, 1);
  now += 1;
  t.true(await reachable());
  t.is(probes.count, 2);
});

test("concurrent checks share one probe", async (t) => {
  const { broker, probes } = probedBroker(() => Code.Unauthenticated);
  const reachable = brokerReachability(broker);
  t.deepEqual(await Promise.all([reachable(), reachable(), reachable()]), [true, true, true]);
  t.is(probes.count, 1);
});
