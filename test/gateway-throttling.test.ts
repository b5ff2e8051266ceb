import test from "ava";
import Koa from "koa";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { GatewayState } from "../gateway/context.js";
import { throttle } from "../gateway/throttling/throttle.js";
import { TokenBuckets } from "../gateway/throttling/token-buckets.js";

function manualClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

test("a caller may burst up to the rate, then waits for the refill", (t) => {
  const clock = manualClock();
  const buckets = new TokenBuckets(3, clock.now);
  for (let i = 0; i < 3; i++) t.deepEqual(buckets.take("10.0.0.1"), { allowed: true });
  const refused = buckets.take("10.0.0.1");
  t.false(refused.allowed);
  t.is(refused.allowed ? undefined : refused.retryAfterSeconds, 1 / 3);
  clock.advance(334);
  t.deepEqual(buckets.take("10.0.0.1"), { allowed: true });
  t.false(buckets.take("10.0.0.1").allowed);
});

test("callers have separate buckets", (t) => {
  const clock = manualClock();
  const buckets = new TokenBuckets(1, clock.now);
  t.true(buckets.take("a").allowed);
  t.false(buckets.take("a").allowed);
  t.true(buckets.take("b").allowed);
});

test("refill is continuous and never exceeds the capacity", (t) => {
  const clock = manualClock();
  const buckets = new TokenBuckets(10, clock.now);
  for (let i = 0; i < 10; i++) buckets.take("a");
  clock.advance(250);
  const allowed = Array.from({ length: 5 }, () => buckets.take("a").allowed);
  t.deepEqual(allowed, [true, true, false, false, false]);
  clock.advance(60_000);
  t.is(Array.from({ length: 12 }, () => buckets.take("a")).filter((result) => result.allowed).length, 10);
});

test("idle callers are forgotten, so memory stays bounded", (t) => {
  const clock = manualClock();
  const buckets = new TokenBuckets(5, clock.now);
  for (let i = 0; i < 1000; i++) buckets.take(`10.0.${i >> 8}.${i & 255}`);
  t.is(buckets.size, 1000);
  clock.advance(1000);
  buckets.take("10.9.9.9");
  t.is(buckets.size, 1);
});

test("a rate below one request per second is refused at construction", (t) => {
  t.throws(() => new TokenBuckets(0), { message: /at least 1/ });
});

interface Served {
  url: string;
}

async function serve(t: import("ava").ExecutionContext, app: Koa<GatewayState>): Promise<Served> {
  const server: Server = createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

function throttledApp(useForwardedFor: boolean, clock: () => number): Koa<GatewayState> {
  const app = new Koa<GatewayState>();
  app.use(throttle({ maxRequestsPerSecond: 2, useForwardedFor, clock }, new Set(["/health"])));
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  return app;
}

test("over the limit: 429, the documented body and Retry-After; exempt paths are not counted", async (t) => {
  const clock = manualClock();
  const { url } = await serve(t, throttledApp(false, clock.now));
  t.is((await fetch(`${url}/describeSessions`)).status, 200);
  t.is((await fetch(`${url}/describeSessions`)).status, 200);
  const refused = await fetch(`${url}/describeSessions`);
  t.is(refused.status, 429);
  t.is(refused.headers.get("retry-after"), "1");
  t.deepEqual(await refused.json(), { error: "Too many requests" });
  t.is((await fetch(`${url}/health`)).status, 200);
  clock.advance(500);
  t.is((await fetch(`${url}/describeSessions`)).status, 200);
});

test("with the forward header enabled, callers are told apart by the first X-Forwarded-For address", async (t) => {
  const clock = manualClock();
  const { url } = await serve(t, throttledApp(true, clock.now));
  const as = (address: string) => fetch(`${url}/x`, { headers: { "x-forwarded-for": `${address}, 192.0.2.1` } });
  t.is((await as("198.51.100.7")).status, 200);
  t.is((await as("198.51.100.7")).status, 200);
  t.is((await as("198.51.100.7")).status, 429);
  t.is((await as("198.51.100.8")).status, 200);
});

test("without the forward header, X-Forwarded-For cannot be used to dodge the limit", async (t) => {
  const clock = manualClock();
  const { url } = await serve(t, throttledApp(false, clock.now));
  const statuses = [];
  for (let i = 0; i < 3; i++) {
    statuses.push((await fetch(`${url}/x`, { headers: { "x-forwarded-for": `203.0.113.${i}` } })).status);
  }
  t.deepEqual(statuses, [200, 200, 429]);
});
