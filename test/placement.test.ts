import test from "ava";
import { createSession, createSessions, describeServers, waitForServers, waitForState } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";

const agents = [
  { name: "small", tags: { size: "small", color: "pink" } },
  { name: "big", tags: { size: "big", color: "blue" } },
];

test("requirements on tags and server properties pick the matching server, and a requirement nobody meets is refused", async (t) => {
  const { api } = await startTestStack(t, { agents });
  const servers = await waitForServers(api, 2);
  const byId = new Map(servers.map((server) => [server.Id, server]));
  const tagOf = (serverId: string | undefined, key: string) => byId.get(serverId ?? "")?.Tags?.find((tag) => tag.Key === key)?.Value;

  const big = await createSession(api, { Name: "b", Owner: "alice", Type: "VIRTUAL", Requirements: "tag:size = 'big'" });
  t.is(tagOf((await waitForState(api, big, "READY")).Server?.Id, "size"), "big");

  const pinkOrLinux = await createSession(api, {
    Name: "p",
    Owner: "alice",
    Type: "VIRTUAL",
    Requirements: "tag:color = 'pink' and (server:Host.Os.Family = 'linux' or tag:color := 'red') and server:Host.Memory.TotalBytes > 1024E3",
  });
  t.is(tagOf((await waitForState(api, pinkOrLinux, "READY")).Server?.Id, "size"), "small");

  const refused = await createSessions(api, [{ Name: "x", Owner: "alice", Type: "VIRTUAL", Requirements: "tag:size = 'huge'" }]);
  t.deepEqual(refused.SuccessfulList, []);
  t.is(refused.UnsuccessfulList[0]?.FailureReason, "No DCV server is available to place the session");
  t.is(refused.UnsuccessfulList[0]?.CreateSessionRequestData.Requirements, "tag:size = 'huge'");

  const syntax = await createSessions(api, [{ Name: "x", Owner: "alice", Type: "VIRTUAL", Requirements: "tag:size = big" }]);
  t.regex(syntax.UnsuccessfulList[0]?.FailureReason ?? "", /^Requirements: .*position/);
});

test("sessions go to the least-loaded server, and a closed server gets none", async (t) => {
  const { api } = await startTestStack(t, { agents });
  await waitForServers(api, 2);
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) ids.push(await createSession(api, { Name: `s${i}`, Owner: "alice", Type: "VIRTUAL" }));
  const placed = await Promise.all(ids.map((id) => waitForState(api, id, "READY")));
  const perServer = new Map<string, number>();
  for (const session of placed) perServer.set(session.Server!.Id, (perServer.get(session.Server!.Id) ?? 0) + 1);
  t.deepEqual([...perServer.values()], [2, 2]);

  const [first] = await describeServers(api);
  const closed = await api.call("POST", "/closeServers", [{ ServerId: first!.Id, Force: true }]);
  t.deepEqual((closed.json as { SuccessfulList: unknown[] }).SuccessfulList, [{ ServerId: first!.Id }]);
  const [closedServer] = await describeServers(api, { ServerIds: [first!.Id] });
  t.is(closedServer?.Availability, "UNAVAILABLE");
  t.is(closedServer?.UnavailabilityReason, "SERVER_CLOSED");
  for (let i = 0; i < 3; i++) {
    const session = await waitForState(api, await createSession(api, { Name: `c${i}`, Owner: "bob", Type: "VIRTUAL" }), "READY");
    t.not(session.Server?.Id, first!.Id);
  }
});

test("per-server and per-user limits reported by agents, and console rules, are honoured", async (t) => {
  const { api } = await startTestStack(t, {
    agents: [
      { name: "one", maxVirtualSessions: 2, maxConcurrentSessionsPerUser: 1 },
      { name: "two", maxVirtualSessions: 2, maxConcurrentSessionsPerUser: 1 },
    ],
  });
  const servers = await waitForServers(api, 2);
  t.deepEqual(
    servers[0]?.Tags?.filter((tag) => tag.Key.startsWith("dcv:max")).map((tag) => `${tag.Key}=${tag.Value}`),
    ["dcv:max-virtual-sessions=2", "dcv:max-concurrent-sessions-per-user=1"],
  );
  // alice may have one session per server: two servers, two sessions, then no more.
  const result = await createSessions(api, [1, 2, 3].map((i) => ({ Name: `a${i}`, Owner: "alice", Type: "VIRTUAL" })));
  t.is(result.SuccessfulList.length, 2);
  t.is(result.UnsuccessfulList.length, 1);
  const placed = await Promise.all(result.SuccessfulList.map((session) => waitForState(api, session.Id, "READY")));
  t.not(placed[0]?.Server?.Id, placed[1]?.Server?.Id);
  // bob fills the second slot of each server; then every server is full.
  const bob = await createSessions(api, [1, 2, 3].map((i) => ({ Name: `b${i}`, Owner: "bob", Type: "VIRTUAL" })));
  t.is(bob.SuccessfulList.length, 2);
  await Promise.all(bob.SuccessfulList.map((session) => waitForState(api, session.Id, "READY")));
  const full = await describeServers(api);
  t.deepEqual(full.map((server) => server.UnavailabilityReason), ["SERVER_FULL", "SERVER_FULL"]);
  // a console session needs a host without virtual sessions
  const console = await createSessions(api, [{ Name: "c", Owner: "carol", Type: "CONSOLE" }]);
  t.is(console.SuccessfulList.length, 0);
});

test("a console session owns its host: no virtual session beside it, and only one console", async (t) => {
  const { api } = await startTestStack(t);
  await waitForServers(api, 1);
  const console = await createSession(api, { Name: "desk", Owner: "carol", Type: "CONSOLE" });
  const ready = await waitForState(api, console, "READY");
  t.is(ready.Type, "CONSOLE");
  t.is(ready.Server?.ConsoleSessionCount, 1);
  const more = await createSessions(api, [
    { Name: "v", Owner: "carol", Type: "VIRTUAL" },
    { Name: "c2", Owner: "dave", Type: "CONSOLE" },
  ]);
  t.deepEqual(
    more.UnsuccessfulList.map((failure) => failure.FailureReason),
    ["No DCV server is available to place the session", "No DCV server is available to place the session"],
  );
});
