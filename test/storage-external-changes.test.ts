import test from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SqliteStorage } from "../broker/storage/sqlite/sqlite-storage.js";
import { waitFor, withDeadline } from "./support/wait-for.js";

test("SQLite storage notices, within a second, a commit another connection makes to the same file", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "dcvsm-storage-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const broker = SqliteStorage.open(join(dir, "broker.db"));
  const cli = SqliteStorage.open(join(dir, "broker.db"));
  t.teardown(() => Promise.all([broker.close(), cli.close()]));

  let changes = 0;
  const stop = broker.watchExternalChanges(() => changes++);
  t.teardown(stop);
  await cli.apiClients.insert({ id: "c1", name: "portal", secretHash: "x", active: true, createdAt: new Date() });
  await withDeadline("the change to be noticed", waitFor("a change", () => changes || undefined), 1000);
  t.is(changes, 1);
});
