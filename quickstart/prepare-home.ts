import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { authenticateApiClient, registerApiClient, type RegisteredApiClient } from "../broker/auth/api-clients.js";
import { generateSoftwareStatement } from "../broker/auth/software-statements.js";
import { SqliteStorage } from "../broker/storage/sqlite/sqlite-storage.js";
import { ensureBrokerPki, type BrokerPki } from "../certs/broker-pki.js";
import { writePrivateFile } from "../certs/private-file.js";

/** The file a quickstart user reads the API URL and credentials from. */
export interface QuickstartFile {
  url: string;
  clientId: string;
  clientSecret: string;
  caFile: string;
  agentEndpoint: string;
  /** Where DCV servers verify connection tokens (dcv.conf `auth-token-verifier`). */
  verifierUrl: string;
}

export interface PreparedHome {
  pki: BrokerPki;
  client: RegisteredApiClient;
  /** The state folder of each agent, in the order asked for. */
  agentFolders: string[];
}

/** How long a quickstart agent's enrollment statement stays usable. */
const STATEMENT_LIFETIME_MS = 24 * 60 * 60 * 1000;

export const quickstartFilePath = (home: string) => join(home, "quickstart.json");

/**
 * Makes $DCVSM_HOME ready for a quickstart run: the CA and certificates, an
 * API client (reused from quickstart.json when it still authenticates), and
 * a single-use software statement for each local agent that has not enrolled.
 */
export async function prepareHome(home: string, agentNames: readonly string[]): Promise<PreparedHome> {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const pki = ensureBrokerPki(join(home, "security"));
  const storage = SqliteStorage.open(join(home, "broker.db"));
  try {
    const client = (await reusableClient(storage, home)) ?? (await registerApiClient(storage, "quickstart"));
    const agentFolders = agentNames.map((name) => join(home, name));
    for (const folder of agentFolders) {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      if (existsSync(join(folder, "agent-id"))) continue;
      const { statement } = await generateSoftwareStatement(storage, pki.ca, {
        maxUses: 1,
        expiresAt: new Date(Date.now() + STATEMENT_LIFETIME_MS),
      });
      writePrivateFile(join(folder, "software-statement"), statement);
    }
    return { pki, client, agentFolders };
  } finally {
    await storage.close();
  }
}

async function reusableClient(storage: SqliteStorage, home: string): Promise<RegisteredApiClient | undefined> {
  try {
    const saved = JSON.parse(readFileSync(quickstartFilePath(home), "utf8")) as QuickstartFile;
    const client = await authenticateApiClient(storage, saved.clientId, saved.clientSecret);
    return client === undefined ? undefined : { clientId: saved.clientId, clientSecret: saved.clientSecret };
  } catch {
    return undefined;
  }
}
