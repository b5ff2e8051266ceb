import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parse as parseToml } from "smol-toml";
import {
  booleanSetting,
  enumSetting,
  integerSetting,
  loadSettings,
  portSetting,
  SettingsError,
  stringSetting,
  type SettingsOf,
} from "../common/settings.js";

/** agent.conf: TOML with `version`, an [agent] section and a [log] section. */
export const AGENT_SETTINGS = {
  brokerHost: stringSetting("agent.broker_host", { default: "localhost" }),
  brokerPort: portSetting("agent.broker_port", { default: 8445 }),
  caFile: stringSetting("agent.ca_file", { default: "", allowEmpty: true }),
  tlsStrict: booleanSetting("agent.tls_strict", { default: true }),
  softwareStatementPath: stringSetting("agent.software_statement_path", { default: "", allowEmpty: true }),
  stateFolder: stringSetting("agent.state_folder", { default: "/var/lib/dcv-session-manager-agent" }),
  brokerUpdateInterval: integerSetting("agent.broker_update_interval", { default: 30, min: 1, max: 3600 }),
  /** Which DCV backend drives sessions: the `dcv` command line, or an in-memory simulation. */
  sessionBackend: enumSetting("agent.session_backend", ["dcv", "simulated"] as const, { default: "dcv" }),
  logLevel: enumSetting("log.level", ["error", "warning", "warn", "info", "debug"] as const, { default: "info" }),
};

export type AgentSettings = SettingsOf<typeof AGENT_SETTINGS>;

const KNOWN_KEYS = new Set(["version", ...Object.values(AGENT_SETTINGS).map((setting) => setting.key)]);

/** Reads agent.conf; relative paths in it are relative to the file. Unknown keys are refused. */
export function loadAgentSettings(file: string): AgentSettings {
  let document: Record<string, unknown>;
  try {
    document = parseToml(readFileSync(file, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new SettingsError([`${file}: ${(error as Error).message}`]);
  }
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, value] of flatten(document)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`${key}: unknown key in ${file}`);
    else values.set(key, String(value));
  }
  if (problems.length > 0) throw new SettingsError(problems);
  const settings = loadSettings(AGENT_SETTINGS, { file: values, fileName: file, env: {} });
  const base = dirname(resolve(file));
  const absolute = (path: string) => (path === "" ? path : resolve(base, path));
  return {
    ...settings,
    caFile: absolute(settings.caFile),
    softwareStatementPath: absolute(settings.softwareStatementPath),
    stateFolder: absolute(settings.stateFolder),
  };
}

function* flatten(document: Record<string, unknown>, prefix = ""): Generator<[string, unknown]> {
  for (const [key, value] of Object.entries(document)) {
    if (typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date)) {
      yield* flatten(value as Record<string, unknown>, `${prefix}${key}.`);
    } else {
      yield [`${prefix}${key}`, value];
    }
  }
}
