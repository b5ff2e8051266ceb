import test from "ava";
import { createSession, createSessions, waitForServers, waitForState, type SessionJson } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor } from "./support/wait-for.js";

interface Page {
  Sessions: SessionJson[];
  NextToken?: string;
}

test("paging through 2,500 sessions while others are created never skips or repeats one", async (t) => {
  t.timeout(180_000);
  const { api } = await startTestStack(t);
  await waitForServers(api, 1);
  const batch = (prefix: string) => Array.from({ length: 100 }, (_, i) => ({ Name: `${prefix}-${i}`, Owner: "pager", Type: "VIRTUAL" }));
  const initial = new Set<string>();
  for (let b = 0; b < 25; b++) {
    for (const session of (await createSessions(api, batch(`initial${b}`))).SuccessfulList) initial.add(session.Id);
  }
  t.is(initial.size, 2500);

  // Keep creating while paging.
  let creating = true;
  const concurrent = (async () => {
    let round = 0;
    while (creating) await createSessions(api, batch(`during${round++}`).slice(0, 20));
  })();

  const seen = new Set<string>();
  let pages = 0;
  let token: string | undefined;
  do {
    const response = await api.call("POST", "/describeSessions", {
      Filters: [{ Key: "owner", Value: "pager" }],
      MaxResults: 97,
      ...(token === undefined ? {} : { NextToken: token }),
    });
    t.is(response.status, 200);
    const page = response.json as Page;
    t.true(page.Sessions.length <= 97);
    for (const session of page.Sessions) {
      t.false(seen.has(session.Id), `session ${session.Id} repeated on page ${pages}`);
      seen.add(session.Id);
    }
    token = page.NextToken;
    pages++;
  } while (token !== undefined && [...initial].some((id) => !seen.has(id)));
  creating = false;
  await concurrent;
  const missing = [...initial].filter((id) => !seen.has(id));
  t.deepEqual(missing, [], "every session that existed before paging began was listed");
});

test("DescribeSessions filters by owner and by server tag, checks MaxResults, and refuses unknown filters and tokens", async (t) => {
  const { api } = await startTestStack(t, { agents: [{ name: "london", tags: { City: "London" } }] });
  await waitForServers(api, 1);
  const alice = await createSession(api, { Name: "a", Owner: "alice", Type: "VIRTUAL" });
  const bob = await createSession(api, { Name: "b", Owner: "bob", Type: "VIRTUAL" });
  await waitForState(api, alice, "READY");
  await waitForState(api, bob, "READY");
  const ids = async (body: Record<string, unknown>) =>
    ((await api.call("POST", "/describeSessions", body)).json as Page).Sessions.map((session) => session.Id);

  t.deepEqual(await ids({ Filters: [{ Key: "owner", Value: "alice" }] }), [alice]);
  t.deepEqual(await ids({ Filters: [{ Key: "tag:City", Value: "London" }] }), [alice, bob]);
  t.deepEqual(await ids({ Filters: [{ Key: "tag:City", Value: "Paris" }] }), []);
  t.deepEqual(await ids({ SessionIds: [bob, "nope"] }), [bob]);
  t.deepEqual(await ids({}), [alice, bob]);

  for (const [body, field] of [
    [{ MaxResults: 0 }, "MaxResults"],
    [{ MaxResults: 1001 }, "MaxResults"],
    [{ Filters: [{ Key: "color", Value: "x" }] }, "Filters[0].Key"],
    [{ NextToken: "not-a-token" }, "NextToken"],
  ] as const) {
    const response = await api.call("POST", "/describeSessions", body);
    t.is(response.status, 400, JSON.stringify(body));
    t.is((response.json as { field?: string }).field, field);
  }
});

test("a DELETED session stays visible for delete-session-duration-seconds, then disappears", async (t) => {
  const { api } = await startTestStack(t, { brokerProperties: { "delete-session-duration-seconds": 2 } });
  await waitForServers(api, 1);
  const id = await createSession(api, { Name: "gone", Owner: "alice", Type: "VIRTUAL" });
  await waitForState(api, id, "READY");
  await api.call("POST", "/deleteSessions", [{ SessionId: id, Owner: "alice" }]);
  await waitForState(api, id, "DELETED");
  const remaining = await waitFor("the deleted session to disappear", async () => {
    const response = await api.call("POST", "/describeSessions", { SessionIds: [id] });
    const sessions = (response.json as Page).Sessions;
    return sessions.length === 0 ? sessions : undefined;
  });
  t.deepEqual(remaining, []);
});
