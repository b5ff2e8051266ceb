import test from "ava";
import type { SessionJson } from "./support/sessions.js";
import { createSessions, waitForServers } from "./support/sessions.js";
import { startTestStack } from "./support/test-stack.js";
import { waitFor } from "./support/wait-for.js";

test("a burst of creates all become READY: agent reports racing command results never mark a new session lost", async (t) => {
  const { api } = await startTestStack(t);
  await waitForServers(api, 1);
  const ids = new Set<string>();
  for (let batch = 0; batch < 4; batch++) {
    const items = Array.from({ length: 100 }, (_, i) => ({ Name: `burst-${batch}-${i}`, Owner: `user${i}`, Type: "VIRTUAL" }));
    for (const session of (await createSessions(api, items)).SuccessfulList) ids.add(session.Id);
  }
  t.is(ids.size, 400);
  const states = await waitFor("every session to settle", async () => {
    const response = await api.call("POST", "/describeSessions", {});
    const sessions = (response.json as { Sessions: SessionJson[] }).Sessions.filter((session) => ids.has(session.Id));
    const counts: Record<string, number> = {};
    for (const session of sessions) counts[session.State] = (counts[session.State] ?? 0) + 1;
    return counts.CREATING === undefined ? counts : undefined;
  });
  t.deepEqual(states, { READY: 400 });
});
