import test from "ava";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../common/logger.js";
import { SimulatedBackend } from "../agent/backend/simulated-backend.js";
import { StatusReporter } from "../agent/status-reporter.js";
import { TagsSource } from "../agent/tags-folder.js";

test("the report carries the tags folder and the configured limits", async (t) => {
  const stateFolder = mkdtempSync(join(tmpdir(), "agent-report-"));
  t.teardown(() => rmSync(stateFolder, { recursive: true, force: true }));
  const tagsFolder = join(stateFolder, "tags");
  mkdirSync(tagsFolder);
  writeFileSync(join(tagsFolder, "pool.toml"), 'pool="render"\n');
  const backend = new SimulatedBackend({ ipAddress: "192.0.2.10", display: { width: 1920, height: 1080 }, users: [] });
  const settings = { stateFolder, preferredNetworkInterface: "", maxVirtualSessions: 4, maxConcurrentSessionsPerUser: 2 };
  const reporter = new StatusReporter(backend, settings, new TagsSource(tagsFolder, createLogger({ name: "test", level: "silent" })));

  const first = await reporter.report();
  t.deepEqual(first.server?.tags, [{ key: "pool", value: "render" }]);
  t.deepEqual(first.server?.limits, { maxVirtualSessions: 4, maxConcurrentSessionsPerUser: 2 });

  writeFileSync(join(tagsFolder, "pool.toml"), 'pool="batch"\n');
  const second = await reporter.report();
  t.deepEqual(second.server?.tags, [{ key: "pool", value: "batch" }]);
  t.true(second.sequence > first.sequence);
});
