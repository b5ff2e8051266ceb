import test from "ava";
import { createSession, createSessions, waitForServers, waitForState } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";

test("an enqueued create waits while the fleet is full and is placed when capacity frees", async (t) => {
  const { api } = await startTestStack(t, { agents: [{ name: "only", maxVirtualSessions: 1 }] });
  await waitForServers(api, 1);
  const first = await createSession(api, { Name: "first", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, first, "READY");

  const refused = await createSessions(api, [{ Name: "now", Owner: "bob", Type: "VIRTUAL" }]);
  t.is(refused.UnsuccessfulList[0]?.FailureReason, "No DCV server is available to place the session");

  const queued = await createSessions(api, [{ Name: "later", Owner: "bob", Type: "VIRTUAL", EnqueueRequest: true }]);
  const waiting = queued.SuccessfulList[0]!;
  t.is(waiting.State, "CREATING");
  t.is(waiting.Substate, "SESSION_PLACING");

  await api.call("POST", "/deleteSessions", [{ SessionId: first, Owner: "alice" }]);
  const placed = await waitForState(api, waiting.Id, "READY");
  t.is(placed.Owner, "bob");
});

test("the queue refuses requests beyond its size, and a request that waits too long fails with a reason", async (t) => {
  const { api } = await startTestStack(t, {
    agents: [{ name: "only", maxVirtualSessions: 0 }],
    brokerProperties: { "create-sessions-queue-max-size": 1, "create-sessions-queue-max-time-seconds": 2 },
  });
  await waitForServers(api, 1);
  const result = await createSessions(api, [
    { Name: "q1", Owner: "alice", Type: "VIRTUAL", EnqueueRequest: true },
    { Name: "q2", Owner: "alice", Type: "VIRTUAL", EnqueueRequest: true },
  ]);
  t.is(result.SuccessfulList.length, 1);
  t.is(result.UnsuccessfulList[0]?.FailureReason, "The create sessions queue is full");
  const expired = await waitForState(api, result.SuccessfulList[0]!.Id, "DELETED");
  t.is(expired.StateReason, "No DCV server became available before the request's time in the queue ran out");
});

test("a create that fails on one server is retried on another, unless DisableRetryOnFailure is set", async (t) => {
  const { api } = await startTestStack(t, {
    agents: [
      { name: "picky", simulatedUsers: ["alice"] },
      { name: "open", tags: { role: "open" } },
    ],
  });
  const servers = await waitForServers(api, 2);
  const openId = servers.find((server) => server.Tags?.some((tag) => tag.Key === "role"))!.Id;
  // Load the open server so that the picky one, which does not know carol, is tried first.
  await waitForState(api, await createSession(api, { Name: "load", Owner: "bob", Type: "VIRTUAL", Requirements: "tag:role = 'open'" }), "READY");

  const retried = await waitForState(api, await createSession(api, { Name: "r", Owner: "carol", Type: "VIRTUAL" }), "READY");
  t.is(retried.Server?.Id, openId);

  const noRetry = await createSession(api, { Name: "n", Owner: "carol", Type: "VIRTUAL", DisableRetryOnFailure: true });
  const failed = await waitForState(api, noRetry, "DELETED");
  t.regex(failed.StateReason ?? "", /carol/);
});
