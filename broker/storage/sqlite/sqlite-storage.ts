import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type {
  AgentClientRepository,
  ApiClientRepository,
  ServerRepository,
  SessionRepository,
  SigningKeyRepository,
  SoftwareStatementRepository,
  Storage,
} from "../storage.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";
import { SqliteAgentClients, SqliteApiClients, SqliteSoftwareStatements } from "./sqlite-identities.js";
import { SqliteServers } from "./sqlite-servers.js";
import { SqliteSessions } from "./sqlite-sessions.js";
import { SqliteSigningKeys } from "./sqlite-signing-keys.js";

/** How often to look for commits made by other connections. */
const EXTERNAL_CHANGE_POLL_MS = 200;

/** The embedded default backend: one SQLite file in WAL mode. */
export class SqliteStorage implements Storage {
  readonly sessions: SessionRepository;
  readonly apiClients: ApiClientRepository;
  readonly softwareStatements: SoftwareStatementRepository;
  readonly agentClients: AgentClientRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly servers: ServerRepository;

  private constructor(private readonly db: Database.Database) {
    this.sessions = new SqliteSessions(db);
    this.apiClients = new SqliteApiClients(db);
    this.softwareStatements = new SqliteSoftwareStatements(db);
    this.agentClients = new SqliteAgentClients(db);
    this.signingKeys = new SqliteSigningKeys(db);
    this.servers = new SqliteServers(db);
  }

  static open(file: string): SqliteStorage {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    const db = new Database(file);
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma("busy_timeout = 10000");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return new SqliteStorage(db);
  }

  watchExternalChanges(onChange: () => void): () => void {
    // data_version changes only when another connection commits, never for this one's own writes.
    const dataVersion = () => this.db.pragma("data_version", { simple: true }) as number;
    let seen = dataVersion();
    const timer = setInterval(() => {
      const current = dataVersion();
      if (current === seen) return;
      seen = current;
      onChange();
    }, EXTERNAL_CHANGE_POLL_MS);
    timer.unref();
    return () => clearInterval(timer);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Applies pending migrations under SQLite's write lock, so concurrent processes migrate once. */
function migrate(db: Database.Database): void {
  const known = SQLITE_MIGRATIONS.length;
  db.transaction(() => {
    const current = db.pragma("user_version", { simple: true }) as number;
    if (current > known) {
      throw new Error(
        `The database schema is at version ${current}, newer than this broker understands (${known}). Upgrade the broker.`,
      );
    }
    for (let version = current; version < known; version++) {
      db.exec(SQLITE_MIGRATIONS[version]!);
    }
    db.pragma(`user_version = ${known}`);
  }).immediate();
}
