import test from "ava";
import { startTestStack } from "./support/test-stack.js";
import { waitFor } from "./support/wait-for.js";

interface SessionJson {
  Id: string;
  State: string;
  Substate?: string;
  Server?: { Id: string; Availability: string };
}

test("a client gets a token, creates a session, sees it READY on the agent, deletes it and sees it DELETED", async (t) => {
  const { api } = await startTestStack(t);

  const token = await api.requestToken();
  t.is(token.status, 200);

  const created = await api.call("POST", "/createSessions", [{ Name: "lifecycle", Owner: "alice", Type: "VIRTUAL" }]);
  t.is(created.status, 200);
  const createBody = created.json as { SuccessfulList: SessionJson[]; UnsuccessfulList: unknown[] };
  t.deepEqual(createBody.UnsuccessfulList, []);
  t.is(createBody.SuccessfulList.length, 1);
  const session = createBody.SuccessfulList[0]!;
  t.is(session.State, "CREATING");
  t.is(session.Substate, "SESSION_PLACING");

  const describe = async () => {
    const response = await api.call("POST", "/describeSessions", { SessionIds: [session.Id] });
    t.is(response.status, 200);
    return (response.json as { Sessions: SessionJson[] }).Sessions[0];
  };
  const ready = await waitFor("the session to become READY", async () => {
    const current = await describe();
    return current?.State === "READY" ? current : undefined;
  });
  t.is(ready.Substate, undefined);
  t.is(ready.Server?.Availability, "AVAILABLE");

  const deleted = await api.call("POST", "/deleteSessions", [{ SessionId: session.Id, Owner: "alice" }]);
  t.is(deleted.status, 200);
  t.deepEqual(deleted.json, {
    RequestId: (deleted.json as { RequestId: string }).RequestId,
    SuccessfulList: [{ SessionId: session.Id, State: "DELETING" }],
    UnsuccessfulList: [],
  });

  await waitFor("the session to become DELETED", async () => ((await describe())?.State === "DELETED" ? true : undefined));
});

test("deleting a session that does not exist, or with the wrong owner, reports the documented failure", async (t) => {
  const { api } = await startTestStack(t);
  const created = await api.call("POST", "/createSessions", [{ Name: "mine", Owner: "alice", Type: "VIRTUAL" }]);
  const id = (created.json as { SuccessfulList: SessionJson[] }).SuccessfulList[0]!.Id;

  const response = await api.call("POST", "/deleteSessions", [
    { SessionId: "no-such-session", Owner: "alice" },
    { SessionId: id, Owner: "mallory" },
  ]);
  t.is(response.status, 200);
  const body = response.json as { SuccessfulList: unknown[]; UnsuccessfulList: { SessionId: string; FailureReason: string }[] };
  t.deepEqual(body.SuccessfulList, []);
  t.deepEqual(body.UnsuccessfulList, [
    { SessionId: "no-such-session", FailureReason: "The requested dcvSession does not exist" },
    { SessionId: id, FailureReason: "The requested dcvSession does not exist" },
  ]);
});
