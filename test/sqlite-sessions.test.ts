import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionRecord } from "../broker/model/session.js";
import { SqliteStorage } from "../broker/storage/sqlite/sqlite-storage.js";

function session(id: string, changes: Partial<SessionRecord> = {}): SessionRecord {
  return { id, name: id, owner: "alice", type: "VIRTUAL", state: "READY", serverId: "s1", creationTime: new Date(), spec: {}, ...changes };
}

test("sessions: pages in insertion order, live sessions by server, and purging only long-deleted ones", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "dcvsm-sqlite-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const storage = SqliteStorage.open(join(dir, "broker.db"));
  t.teardown(() => storage.close());
  const longAgo = new Date(Date.now() - 3_600_000);
  await storage.sessions.insert(session("a"));
  await storage.sessions.insert(session("b", { state: "DELETED", deletedAt: longAgo }));
  await storage.sessions.insert(session("c", { state: "DELETED", deletedAt: new Date() }));
  await storage.sessions.insert(session("d", { serverId: "s2" }));

  const firstTwo = await storage.sessions.page({ limit: 2 });
  t.deepEqual(firstTwo.map((entry) => entry.session.id), ["a", "b"]);
  const rest = await storage.sessions.page({ limit: 10, after: firstTwo.at(-1)!.position });
  t.deepEqual(rest.map((entry) => entry.session.id), ["c", "d"]);
  t.deepEqual((await storage.sessions.listLiveOnServer("s1")).map((stored) => stored.id), ["a"]);

  t.is(await storage.sessions.purgeDeleted(new Date(Date.now() - 60_000)), 1);
  t.is(await storage.sessions.get("b"), undefined);
  t.is((await storage.sessions.get("c"))?.state, "DELETED");
  t.deepEqual((await storage.sessions.get("a"))?.creationTime instanceof Date, true);
});
