import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writePrivateFile } from "../certs/private-file.js";

interface StoredServerId {
  hostname: string;
  ip: string;
  serverId: string;
}

/**
 * The DCV server id the agent reports: kept in the state folder so it is
 * stable across restarts, and replaced when the hostname or IP changes.
 */
export function stableServerId(stateFolder: string, hostname: string, ip: string): string {
  const file = join(stateFolder, "server-id.json");
  try {
    const stored = JSON.parse(readFileSync(file, "utf8")) as StoredServerId;
    if (stored.hostname === hostname && stored.ip === ip && typeof stored.serverId === "string") return stored.serverId;
  } catch {
    // missing or unreadable: make a new one below
  }
  const serverId = randomUUID();
  writePrivateFile(file, JSON.stringify({ hostname, ip, serverId } satisfies StoredServerId));
  return serverId;
}
