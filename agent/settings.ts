import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import {
  booleanSetting,
  enumSetting,
  integerSetting,
  loadSettings,
  portSetting,
  SettingsError,
  stringSetting,
  type Setting,
  type SettingsOf,
} from "../common/settings.js";
import type { Size } from "./backend/images/fit-within.js";
import { flattenToml, parseTomlDocument } from "./toml-document.js";

/** The largest value a protobuf int32 limit can carry. */
const INT32_MAX = 2_147_483_647;
/** The largest simulated display side: screenshots render at up to this size, 4 bytes a pixel. */
const LARGEST_DISPLAY_SIDE = 8192;

/** agent.conf: TOML with `version`, an [agent] section and a [log] section. */
export const AGENT_SETTINGS = {
  brokerHost: stringSetting("agent.broker_host", { default: "localhost" }),
  brokerPort: portSetting("agent.broker_port", { default: 8445 }),
  caFile: stringSetting("agent.ca_file", { default: "", allowEmpty: true }),
  tlsStrict: booleanSetting("agent.tls_strict", { default: true }),
  softwareStatementPath: stringSetting("agent.software_statement_path", { default: "", allowEmpty: true }),
  stateFolder: stringSetting("agent.state_folder", { default: "/var/lib/dcv-session-manager-agent" }),
  brokerUpdateInterval: integerSetting("agent.broker_update_interval", { default: 30, min: 1, max: 3600 }),
  /**
   * Where the `*.toml` tag files are. The original defaults to /etc/dcv-session-manager-agent; here the
   * default "" means no tags, so agent.conf itself (in that folder) is never read as a tag file.
   */
  tagsFolder: stringSetting("agent.tags_folder", { default: "", allowEmpty: true }),
  initFolder: stringSetting("agent.init_folder", { default: "/var/lib/dcv-session-manager-agent/init" }),
  autorunFolder: stringSetting("agent.autorun_folder", { default: "/var/lib/dcv-session-manager-agent/autorun" }),
  /** -1 means no limit; reported to the broker, which enforces it at placement. */
  maxVirtualSessions: integerSetting("agent.max_virtual_sessions", { default: -1, min: -1, max: INT32_MAX }),
  maxConcurrentSessionsPerUser: integerSetting("agent.max_concurrent_sessions_per_user", {
    default: 1,
    min: -1,
    max: INT32_MAX,
  }),
  /** The interface whose IPv4 address the agent reports; "" or an absent interface means the first non-loopback one. */
  preferredNetworkInterface: stringSetting("agent.preferred_network_interface", { default: "", allowEmpty: true }),
  dcvRoot: stringSetting("agent.dcv_root", { default: "/usr/bin/dcv" }),
  /** Which DCV backend drives sessions: the `dcv` command line, or an in-memory simulation. */
  sessionBackend: enumSetting("agent.session_backend", ["dcv", "simulated"] as const, { default: "dcv" }),
  /** Simulation only: the users the simulated host knows; empty means any owner exists. */
  simulatedUsers: stringListSetting("agent.simulated_users"),
  /** Simulation only: every simulated session's display, WIDTHxHEIGHT. */
  simulatedDisplay: displaySizeSetting("agent.simulated_display", { width: 1920, height: 1080 }),
  logLevel: enumSetting("log.level", ["error", "warning", "warn", "info", "debug"] as const, { default: "info" }),
};

export type AgentSettings = SettingsOf<typeof AGENT_SETTINGS>;

const KNOWN_KEYS = new Set(["version", ...Object.values(AGENT_SETTINGS).map((setting) => setting.key)]);
const LIST_KEYS = new Set(Object.values(AGENT_SETTINGS).filter(isListSetting).map((setting) => setting.key));

/** Reads agent.conf; relative paths in it are relative to the file. Unknown keys are refused. */
export function loadAgentSettings(file: string): AgentSettings {
  let document: Record<string, unknown>;
  try {
    document = parseTomlDocument(readFileSync(file, "utf8"));
  } catch (error) {
    throw new SettingsError([`${file}: ${(error as Error).message}`]);
  }
  // The common loader takes text: list settings travel as JSON, and only list settings may be arrays.
  const values = new Map<string, string>();
  const problems: string[] = [];
  for (const [key, value] of flattenToml(document)) {
    if (!KNOWN_KEYS.has(key)) problems.push(`${key}: unknown key in ${file}`);
    else if (LIST_KEYS.has(key) && !Array.isArray(value)) problems.push(`${key}: expected a TOML array in ${file}`);
    else if (!LIST_KEYS.has(key) && Array.isArray(value)) problems.push(`${key}: expected a single value, not an array, in ${file}`);
    else values.set(key, Array.isArray(value) ? JSON.stringify(value) : String(value));
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
    tagsFolder: absolute(settings.tagsFolder),
    initFolder: absolute(settings.initFolder),
    autorunFolder: absolute(settings.autorunFolder),
    dcvRoot: absolute(settings.dcvRoot),
  };
}

interface ListSetting extends Setting<readonly string[]> {
  readonly isList: true;
}

function isListSetting(setting: Setting<unknown>): setting is ListSetting {
  return "isList" in setting;
}

/** A TOML array of non-empty strings, empty by default. */
function stringListSetting(key: string): ListSetting {
  return {
    key,
    isList: true,
    defaultValue: [],
    parse(raw) {
      const value: unknown = JSON.parse(raw);
      if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && item !== "")) {
        throw new Error("an array of non-empty strings");
      }
      return value as string[];
    },
  };
}

function displaySizeSetting(key: string, defaultValue: Size): Setting<Size> {
  return {
    key,
    defaultValue,
    parse(raw) {
      const match = /^(\d+)x(\d+)$/.exec(raw);
      const [width, height] = [Number(match?.[1]), Number(match?.[2])];
      const fits = (side: number) => Number.isInteger(side) && side >= 1 && side <= LARGEST_DISPLAY_SIDE;
      if (!fits(width) || !fits(height)) throw new Error(`WIDTHxHEIGHT, each from 1 to ${LARGEST_DISPLAY_SIDE}`);
      return { width, height };
    },
  };
}
