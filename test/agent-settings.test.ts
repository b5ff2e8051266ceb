import test, { type ExecutionContext } from "ava";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SettingsError } from "../common/settings.js";
import { loadAgentSettings } from "../agent/settings.js";

function agentConf(t: ExecutionContext, agentSection: string): string {
  const dir = mkdtempSync(join(tmpdir(), "agent-settings-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "agent.conf");
  writeFileSync(file, `version = '0.1'\n[agent]\n${agentSection}\n`);
  return file;
}

function problemsOf(t: ExecutionContext, file: string): string[] {
  return t.throws(() => loadAgentSettings(file), { instanceOf: SettingsError })?.problems ?? [];
}

test("the new keys have the documented defaults", (t) => {
  const settings = loadAgentSettings(agentConf(t, ""));
  t.is(settings.tagsFolder, "");
  t.is(settings.initFolder, "/var/lib/dcv-session-manager-agent/init");
  t.is(settings.autorunFolder, "/var/lib/dcv-session-manager-agent/autorun");
  t.is(settings.maxVirtualSessions, -1);
  t.is(settings.maxConcurrentSessionsPerUser, 1);
  t.is(settings.preferredNetworkInterface, "");
  t.is(settings.dcvRoot, "/usr/bin/dcv");
  t.deepEqual(settings.simulatedUsers, []);
  t.deepEqual(settings.simulatedDisplay, { width: 1920, height: 1080 });
});

test("the new keys are read, and relative folders are relative to agent.conf", (t) => {
  const file = agentConf(
    t,
    [
      "tags_folder = 'tags'",
      "init_folder = '/srv/init'",
      "autorun_folder = 'autorun'",
      "max_virtual_sessions = 10",
      "max_concurrent_sessions_per_user = -1",
      "preferred_network_interface = 'eth1'",
      "dcv_root = '/opt/dcv/bin/dcv'",
      "simulated_users = ['alice', 'bob']",
      "simulated_display = '1280x800'",
    ].join("\n"),
  );
  const settings = loadAgentSettings(file);
  const folder = join(file, "..");
  t.is(settings.tagsFolder, join(folder, "tags"));
  t.is(settings.initFolder, "/srv/init");
  t.is(settings.autorunFolder, join(folder, "autorun"));
  t.is(settings.maxVirtualSessions, 10);
  t.is(settings.maxConcurrentSessionsPerUser, -1);
  t.is(settings.preferredNetworkInterface, "eth1");
  t.is(settings.dcvRoot, "/opt/dcv/bin/dcv");
  t.deepEqual(settings.simulatedUsers, ["alice", "bob"]);
  t.deepEqual(settings.simulatedDisplay, { width: 1280, height: 800 });
});

const badValues: [string, string][] = [
  ["max_virtual_sessions = -2", "agent.max_virtual_sessions"],
  ["max_virtual_sessions = 1.5", "agent.max_virtual_sessions"],
  ["max_concurrent_sessions_per_user = 'many'", "agent.max_concurrent_sessions_per_user"],
  ["max_concurrent_sessions_per_user = 2147483648", "agent.max_concurrent_sessions_per_user"],
  ["simulated_users = 'alice'", "agent.simulated_users: expected a TOML array"],
  ["simulated_users = ['alice', 3]", "agent.simulated_users"],
  ["simulated_users = ['']", "agent.simulated_users"],
  ["simulated_display = '1920'", "agent.simulated_display"],
  ["simulated_display = '0x1080'", "agent.simulated_display"],
  ["simulated_display = '9000x1080'", "agent.simulated_display"],
  ["broker_port = [8445]", "agent.broker_port: expected a single value"],
  ["dcv_root = ''", "agent.dcv_root"],
];

for (const [line, expected] of badValues) {
  test(`refuses ${line}`, (t) => {
    const problems = problemsOf(t, agentConf(t, line));
    t.is(problems.length, 1);
    t.true(problems[0]?.startsWith(expected), problems[0]);
  });
}

test("refuses unknown keys, including the original's misprinted names", (t) => {
  const problems = problemsOf(t, agentConf(t, "number_virtual_sessions = 2\ntags = 'x'"));
  t.deepEqual(
    problems.map((problem) => problem.split(":")[0]),
    ["agent.number_virtual_sessions", "agent.tags"],
  );
});
