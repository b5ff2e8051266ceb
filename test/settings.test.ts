import test, { type ExecutionContext } from "ava";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { BROKER_SETTINGS } from "../broker/settings.js";
import { InsecureFileError } from "../certs/private-file.js";
import { defaultsUnder, findConfigFile, loadDeploymentSettings } from "../common/config-file.js";
import { DEPLOYMENT_SETTINGS, KNOWN_DEPLOYMENT_KEYS, RECOGNISED_UNUSED_KEYS } from "../common/deployment-settings.js";
import { parseProperties, PropertiesSyntaxError } from "../common/properties-file.js";
import { loadSettings, SettingsError, stringSetting } from "../common/settings.js";
import { GATEWAY_SETTINGS } from "../gateway/settings.js";

/** Writes a deployment file (mode 0600) in a temp dir removed after the test. */
function configFile(t: ExecutionContext, text: string, mode = 0o600): string {
  const dir = mkdtempSync(join(tmpdir(), "dcvsm-settings-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const path = join(dir, "session-manager-broker.properties");
  writeFileSync(path, text);
  chmodSync(path, mode);
  return path;
}

const loadBroker = (path: string, env: NodeJS.ProcessEnv = {}) =>
  loadDeploymentSettings(BROKER_SETTINGS, { args: ["--config", path], env });

test("properties: the three separators, comments, blank lines and surrounding whitespace", (t) => {
  const file = parseProperties(
    ["# a comment", "! another", "", "   ", "  equals = one", "colon:two", "space three", "tabbed\t=\tfour  ", "empty =", "bare"].join(
      "\n",
    ),
  );
  t.deepEqual(
    [...file.values],
    [
      ["equals", "one"],
      ["colon", "two"],
      ["space", "three"],
      ["tabbed", "four  "],
      ["empty", ""],
      ["bare", ""],
    ],
  );
  t.is(file.lines.get("equals"), 5);
  t.is(file.lines.get("bare"), 10);
});

test("properties: a backslash at the end of a line continues it, and the next line's indentation is dropped", (t) => {
  const file = parseProperties(
    ["list = a, \\", "       b, \\", "\t c", "even = ends in a backslash\\\\", "next = value", "# comment \\", "after = comment"].join("\r\n"),
  );
  t.is(file.values.get("list"), "a, b, c");
  t.is(file.values.get("even"), "ends in a backslash\\");
  t.is(file.values.get("next"), "value");
  t.is(file.values.get("after"), "comment", "a comment line does not continue");
  t.is(file.lines.get("next"), 5, "lines count physical lines");
});

test("properties: escapes in keys and values", (t) => {
  const file = parseProperties(
    ["key\\=with\\:separators\\ and\\ space = v", "tabs = a\\tb\\nc\\rd\\fe", "unicode = caf\\u00e9 \\uD83D\\uDE00", "other = \\q\\\\\\#"].join(
      "\n",
    ),
  );
  t.is(file.values.get("key=with:separators and space"), "v");
  t.is(file.values.get("tabs"), "a\tb\nc\rd\fe");
  t.is(file.values.get("unicode"), "café 😀");
  t.is(file.values.get("other"), "q\\#");
});

test("properties: a repeated key keeps the last value and is reported; a bad \\u escape names its line", (t) => {
  const file = parseProperties("a = 1\nb = 2\na = 3\n");
  t.is(file.values.get("a"), "3");
  t.is(file.lines.get("a"), 3);
  t.deepEqual(file.duplicates, [{ key: "a", line: 3, previousLine: 1 }]);
  const error = t.throws(() => parseProperties("ok = 1\nbad = \\u12G4\n"), { instanceOf: PropertiesSyntaxError });
  t.is(error?.line, 2);
});

test("defaults < file < environment", (t) => {
  const path = configFile(t, "client-to-broker-connect-https-port = 8000\nagent-to-broker-connect-https-port = 8001\n");
  const { settings, warnings, configFile: read } = loadBroker(path, { DCVSM_CLIENT_PORT: "9000" });
  t.is(settings.clientPort, 9000, "the environment overrides the file");
  t.is(settings.agentPort, 8001, "the file overrides the default");
  t.is(settings.internalPort, 47100, "the default");
  t.is(settings.sessionScreenshotFormat, "png");
  t.is(settings.secondsBeforeDeletingSessionsUnreachableServer, undefined, "disabled unless set");
  t.is(read, path);
  t.deepEqual(warnings, []);
});

test("the file comes from --config, else DCVSM_BROKER_CONFIG, else there is none", (t) => {
  const fromArgs = configFile(t, "agent-to-broker-connect-https-port = 1001\n");
  const fromEnv = configFile(t, "agent-to-broker-connect-https-port = 1002\n");
  const env = { DCVSM_BROKER_CONFIG: fromEnv };
  t.is(loadDeploymentSettings(BROKER_SETTINGS, { args: ["--config", fromArgs], env }).settings.agentPort, 1001);
  t.is(loadDeploymentSettings(BROKER_SETTINGS, { args: [], env }).settings.agentPort, 1002);
  const none = loadDeploymentSettings(BROKER_SETTINGS, { args: [], env: {} });
  t.is(none.settings.agentPort, 8445);
  t.is(none.configFile, undefined);
  const unknown = t.throws(() => loadDeploymentSettings(BROKER_SETTINGS, { args: ["--verbose"], env: {} }), { instanceOf: SettingsError });
  t.regex(unknown!.message, /Unknown option '--verbose'.*--config <file>/);
});

test("a named file that cannot be read, or that others may write, stops the start and says how to fix it", (t) => {
  const missing = join(tmpdir(), "dcvsm-no-such-dir", "broker.properties");
  const unreadable = t.throws(() => loadBroker(missing), { instanceOf: SettingsError });
  t.true(unreadable!.message.includes(missing));

  const path = configFile(t, "enable-gateway = true\n", 0o664);
  const insecure = t.throws(() => loadBroker(path), { instanceOf: InsecureFileError });
  t.true(insecure!.message.includes(`chmod go-w ${path}`));
});

test("unknown keys and keys of the original that are not implemented are warnings naming key and line", (t) => {
  const path = configFile(t, "# header\nenable-gateway = true\nsession-screenshot-max-widht = 10\nbroker-java-home = /usr/lib/jvm\n");
  const { warnings } = loadBroker(path);
  t.deepEqual(warnings, [
    `${path}:3: unknown key "session-screenshot-max-widht" is ignored`,
    `${path}:4: "broker-java-home" is recognised but not used by this implementation`,
  ]);
});

test("broker and gateway read one file: neither warns about the other's keys", (t) => {
  const path = configFile(t, "broker-internal-api-url = https://broker:47100\ncreate-sessions-queue-max-size = 5\nmax-api-requests-per-second = 7\n");
  const gateway = loadDeploymentSettings(GATEWAY_SETTINGS, { args: ["--config", path], env: {} });
  t.deepEqual(gateway.warnings, []);
  t.is(gateway.settings.maxApiRequestsPerSecond, 7);
  const broker = loadBroker(path);
  t.deepEqual(broker.warnings, []);
  t.is(broker.settings.createSessionsQueueMaxSize, 5);
  t.is(broker.settings.maxApiRequestsPerSecond, 7);
});

test("bad values stop the start, each named with the form expected, and a password is never echoed", (t) => {
  const path = configFile(
    t,
    [
      "jdbc-password = hunter2-secret",
      "create-sessions-queue-max-size = lots",
      "session-screenshot-format = gif",
      "dynamodb-table-name-prefix = my/prefix",
    ].join("\n"),
  );
  const error = t.throws(() => loadBroker(path, { DCVSM_ENABLE_GATEWAY: "yes" }), { instanceOf: SettingsError });
  t.deepEqual(error!.problems, [
    `enable-gateway (from environment variable DCVSM_ENABLE_GATEWAY): expected true or false, got "yes"`,
    `session-screenshot-format (from ${path} line 3): expected one of png, jpeg, got "gif"`,
    `create-sessions-queue-max-size (from ${path} line 2): expected an integer from 0 to 1000000, got "lots"`,
    `dynamodb-table-name-prefix (from ${path} line 4): expected only letters, digits, dot, dash and underscore, got "my/prefix"`,
  ]);
  t.false(error!.message.includes("hunter2"));

  const secret = { password: stringSetting("some-password", { default: "x", secret: true }) };
  const refused = t.throws(() => loadSettings(secret, { env: {}, file: new Map([["some-password", "  "]]) }), { instanceOf: SettingsError });
  t.is(refused!.problems[0], "some-password (from configuration file): expected a non-empty value");
});

test("delete-session-duration-hours still works, deprecated, unless the seconds key is set", (t) => {
  const hoursOnly = loadBroker(configFile(t, "delete-session-duration-hours = 2\n"));
  t.is(hoursOnly.settings.deleteSessionDurationSeconds, 7200);
  t.is(hoursOnly.warnings.length, 1);
  t.regex(hoursOnly.warnings[0]!, /:1: "delete-session-duration-hours" is deprecated; use "delete-session-duration-seconds"$/);

  const both = loadBroker(configFile(t, "delete-session-duration-hours = 2\ndelete-session-duration-seconds = 60\n"));
  t.is(both.settings.deleteSessionDurationSeconds, 60);
  t.regex(both.warnings[0]!, /:1: "delete-session-duration-hours" is ignored: "delete-session-duration-seconds" \(line 2\) sets the same setting$/);

  const gateway = loadDeploymentSettings(GATEWAY_SETTINGS, { args: ["--config", configFile(t, "delete-session-duration-hours = 2\n")], env: {} });
  t.deepEqual(gateway.warnings, [], "only the process that uses a setting warns about its spelling");
});

test("other spellings of a key: the guide's plural screenshot keys and the installed file's -connector- keys", (t) => {
  const path = configFile(
    t,
    [
      "session-screenshots-max-width = 320",
      "session-screenshots-max-height = 200",
      "session-screenshots-format = JPEG",
      "client-to-broker-connector-https-port = 8446",
      "agent-to-broker-connector-bind-host = 10.0.0.1",
    ].join("\n"),
  );
  const { settings, warnings } = loadBroker(path);
  t.is(settings.sessionScreenshotMaxWidth, 320);
  t.is(settings.sessionScreenshotMaxHeight, 200);
  t.is(settings.sessionScreenshotFormat, "jpeg");
  t.is(settings.clientPort, 8446);
  t.is(settings.agentBindHost, "10.0.0.1");
  t.deepEqual(warnings, []);
});

test("the new keys read with their documented defaults", (t) => {
  const { settings } = loadDeploymentSettings(BROKER_SETTINGS, { env: {} });
  t.like(settings, {
    sessionScreenshotMaxWidth: 160,
    sessionScreenshotMaxHeight: 100,
    createSessionsQueueMaxSize: 1000,
    createSessionsQueueMaxTimeSeconds: 1800,
    createSessionsNumberOfRetriesOnFailure: 2,
    autorunFileArgumentsMaxSize: 50,
    autorunFileArgumentsMaxArgumentLength: 150,
    deleteSessionDurationSeconds: 3600,
    connectSessionTokenDurationMinutes: 60,
    secondsBeforeDeletingUnreachableDcvServer: 1800,
    maxApiRequestsPerSecond: 1000,
    enableThrottlingForwardHeader: false,
    enableAuthorizationServer: true,
    enableAuthorization: true,
    enableAgentAuthorization: true,
    enableGateway: false,
    gatewayBindHost: "0.0.0.0",
    enableTlsClientAuthGateway: false,
    enablePersistence: false,
    persistenceDb: "sqlite",
    jdbcPassword: "",
    dynamodbTableRcu: undefined,
  });
});

test("every broker and gateway setting is a deployment setting, so the known keys cover them all", (t) => {
  const deployment = new Set(Object.values(DEPLOYMENT_SETTINGS));
  for (const setting of [...Object.values(BROKER_SETTINGS), ...Object.values(GATEWAY_SETTINGS)]) {
    t.true(deployment.has(setting), setting.key);
    t.true(KNOWN_DEPLOYMENT_KEYS.has(setting.key), setting.key);
  }
  for (const setting of Object.values(DEPLOYMENT_SETTINGS)) t.false(RECOGNISED_UNUSED_KEYS.has(setting.key), setting.key);
});

test("the quickstart passes its choices only for settings the deployment file leaves unset", (t) => {
  const path = configFile(t, "agent-to-broker-connector-https-port = 9445\n");
  const file = findConfigFile([], { DCVSM_BROKER_CONFIG: path });
  const choices = [
    [DEPLOYMENT_SETTINGS.agentPort, 0],
    [DEPLOYMENT_SETTINGS.agentBindHost, "127.0.0.1"],
  ] as const;
  t.deepEqual(defaultsUnder(file, choices), { DCVSM_AGENT_BIND_HOST: "127.0.0.1" });
  t.deepEqual(defaultsUnder(undefined, choices), { DCVSM_AGENT_PORT: "0", DCVSM_AGENT_BIND_HOST: "127.0.0.1" });
});

test("a broker started with --config on a file with a bad value exits non-zero and names the key", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-settings-home-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const path = configFile(t, "jdbc-password = hunter2-secret\ncreate-sessions-queue-max-size = lots\n");
  const child = spawn(process.execPath, [resolve("dist/broker/main.js"), "--config", path], {
    env: { ...process.env, DCVSM_HOME: home, DCVSM_BROKER_CONFIG: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, "close")) as [number | null];
  t.not(code, 0);
  t.true(output.includes("create-sessions-queue-max-size"), output);
  t.true(output.includes(path), output);
  t.false(output.includes("hunter2"));
});
