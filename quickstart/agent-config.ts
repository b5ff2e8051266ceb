import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writePrivateFile } from "../certs/private-file.js";

/** One simulated DCV server of a local stack. */
export interface AgentSetup {
  /** Folder name under $DCVSM_HOME; also its state folder. */
  name: string;
  tags?: Record<string, string>;
  /** -1 for no limit. */
  maxVirtualSessions?: number;
  /** -1 for no limit. */
  maxConcurrentSessionsPerUser?: number;
  /** Users the simulated DCV server knows; empty: any. */
  simulatedUsers?: string[];
}

export interface AgentConfOptions {
  brokerPort: number;
  caFile: string;
  updateInterval: number;
}

const toml = (value: string | number | string[]) => JSON.stringify(value);

/** Writes `<folder>/agent.conf` (and its tags file) for a simulated agent; returns the conf path. */
export function writeAgentConf(folder: string, setup: AgentSetup, options: AgentConfOptions): string {
  const lines = [
    "version = '0.1'",
    "[agent]",
    "broker_host = 'localhost'",
    `broker_port = ${options.brokerPort}`,
    `ca_file = ${toml(options.caFile)}`,
    "software_statement_path = 'software-statement'",
    "state_folder = '.'",
    `broker_update_interval = ${options.updateInterval}`,
    "session_backend = 'simulated'",
    `max_virtual_sessions = ${setup.maxVirtualSessions ?? -1}`,
    `max_concurrent_sessions_per_user = ${setup.maxConcurrentSessionsPerUser ?? -1}`,
  ];
  if (setup.simulatedUsers !== undefined) lines.push(`simulated_users = ${toml(setup.simulatedUsers)}`);
  if (setup.tags !== undefined) {
    const tagsFolder = join(folder, "tags");
    mkdirSync(tagsFolder, { recursive: true, mode: 0o700 });
    writePrivateFile(
      join(tagsFolder, "tags.toml"),
      Object.entries(setup.tags).map(([key, value]) => `${toml(key)} = ${toml(value)}\n`).join(""),
    );
    lines.push("tags_folder = 'tags'");
  }
  const conf = join(folder, "agent.conf");
  writePrivateFile(conf, `${lines.join("\n")}\n`);
  return conf;
}
