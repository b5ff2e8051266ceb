import test from "ava";
import { createSession, describeServers, waitForServers, waitForState } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor } from "./support/wait-for.js";

test("a server whose agent stops reporting is UNREACHABLE_AGENT within two intervals, its sessions UNKNOWN, and READY again when reports resume", async (t) => {
  const { api, stack } = await startTestStack(t);
  const [server] = await waitForServers(api, 1);
  const id = await createSession(api, { Name: "frozen", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, id, "READY");

  stack.agent.child.kill("SIGSTOP");
  t.teardown(() => stack.agent.child.kill("SIGCONT"));
  const silent = await waitFor("the server to become unreachable", async () => {
    const [current] = await describeServers(api);
    return current?.UnavailabilityReason === "UNREACHABLE_AGENT" ? current : undefined;
  });
  t.is(silent.Id, server!.Id);
  await waitForState(api, id, "UNKNOWN");

  stack.agent.child.kill("SIGCONT");
  await waitForState(api, id, "READY");
  const [recovered] = await describeServers(api);
  t.is(recovered?.Availability, "AVAILABLE");
});

test("a server whose agent dies becomes UNREACHABLE_AGENT with its sessions UNKNOWN, and recovers when the agent returns", async (t) => {
  const { api, stack } = await startTestStack(t);
  const [server] = await waitForServers(api, 1);
  const id = await createSession(api, { Name: "survivor", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, id, "READY");

  await stack.agent.stop("SIGKILL");
  const unreachable = await waitFor("the server to become unreachable", async () => {
    const [current] = await describeServers(api);
    return current?.UnavailabilityReason === "UNREACHABLE_AGENT" ? current : undefined;
  });
  t.is(unreachable.Id, server!.Id);
  t.is(unreachable.Availability, "UNAVAILABLE");
  t.is((await waitForState(api, id, "UNKNOWN")).Server?.Id, server!.Id);

  // The simulated DCV server lived in the agent process, so its sessions are gone: the broker says why.
  await stack.restartAgent("agent");
  const lost = await waitForState(api, id, "DELETED");
  t.is(lost.StateReason, "The session no longer exists on the DCV server");
  const [recovered] = await describeServers(api);
  t.is(recovered?.Id, server!.Id, "the server id is stable across agent restarts");
  t.is(recovered?.Availability, "AVAILABLE");
});

test("a force-deleted session that is still live reappears with the next agent report", async (t) => {
  const { api } = await startTestStack(t);
  await waitForServers(api, 1);
  const id = await createSession(api, { Name: "stubborn", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, id, "READY");
  const forced = await api.call("POST", "/deleteSessions", [{ SessionId: id, Owner: "alice", Force: true }]);
  t.deepEqual((forced.json as { SuccessfulList: unknown[] }).SuccessfulList, [{ SessionId: id, State: "DELETED" }]);
  const back = await waitForState(api, id, "READY");
  t.is(back.Owner, "alice");
});

test("sessions of a server unreachable past seconds-before-deleting-sessions-unreachable-server are deleted, and the server is forgotten after seconds-before-deleting-unreachable-dcv-server", async (t) => {
  const { api, stack } = await startTestStack(t, {
    agentUpdateInterval: 2,
    brokerProperties: {
      "seconds-before-deleting-sessions-unreachable-server": 1,
      "seconds-before-deleting-unreachable-dcv-server": 3,
    },
  });
  await waitForServers(api, 1);
  const id = await createSession(api, { Name: "orphan", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, id, "READY");
  await stack.agent.stop("SIGKILL");
  const deleted = await waitForState(api, id, "DELETED");
  t.regex(deleted.StateReason ?? "", /unreachable for more than 1 seconds/);
  const servers = await waitFor("the unreachable server to be forgotten", async () => {
    const current = await describeServers(api);
    return current.length === 0 ? current : undefined;
  });
  t.deepEqual(servers, []);
});
