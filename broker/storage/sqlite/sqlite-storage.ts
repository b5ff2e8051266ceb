import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { SessionRecord, SessionState } from "../../model/session.js";
import { decodeSession, encodeSession } from "../session-codec.js";
import type {
  AgentClientRecord,
  AgentClientRepository,
  ApiClientRecord,
  ApiClientRepository,
  PositionedSession,
  SessionPageQuery,
  SessionRepository,
  SigningKeyRecord,
  SigningKeyRepository,
  SoftwareStatementRecord,
  SoftwareStatementRepository,
  Storage,
} from "../storage.js";
import { SQLITE_MIGRATIONS } from "./migrations.js";

type Row = Record<string, unknown>;

const toMillis = (date: Date | undefined): number | null => (date === undefined ? null : date.getTime());
const toDate = (value: unknown): Date | undefined => (typeof value === "number" ? new Date(value) : undefined);

/** The embedded default backend: one SQLite file in WAL mode. */
export class SqliteStorage implements Storage {
  readonly sessions: SessionRepository;
  readonly apiClients: ApiClientRepository;
  readonly softwareStatements: SoftwareStatementRepository;
  readonly agentClients: AgentClientRepository;
  readonly signingKeys: SigningKeyRepository;

  private constructor(private readonly db: Database.Database) {
    this.sessions = new SqliteSessions(db);
    this.apiClients = new SqliteApiClients(db);
    this.softwareStatements = new SqliteSoftwareStatements(db);
    this.agentClients = new SqliteAgentClients(db);
    this.signingKeys = new SqliteSigningKeys(db);
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

class SqliteSessions implements SessionRepository {
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly getStatement;

  constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare(
      "INSERT INTO sessions (id, owner, state, deleted_at, data) VALUES (@id, @owner, @state, @deletedAt, @data)",
    );
    this.updateStatement = db.prepare(
      "UPDATE sessions SET owner = @owner, state = @state, deleted_at = @deletedAt, data = @data WHERE id = @id",
    );
    this.getStatement = db.prepare("SELECT data FROM sessions WHERE id = ?");
  }

  private params(session: SessionRecord) {
    return {
      id: session.id,
      owner: session.owner,
      state: session.state,
      deletedAt: toMillis(session.deletedAt),
      data: encodeSession(session),
    };
  }

  async insert(session: SessionRecord): Promise<void> {
    this.insertStatement.run(this.params(session));
  }

  async update(session: SessionRecord): Promise<void> {
    const result = this.updateStatement.run(this.params(session));
    if (result.changes === 0) throw new Error(`session ${session.id} does not exist`);
  }

  async get(id: string): Promise<SessionRecord | undefined> {
    const row = this.getStatement.get(id) as { data: string } | undefined;
    return row === undefined ? undefined : decodeSession(row.data);
  }

  async page(query: SessionPageQuery): Promise<PositionedSession[]> {
    const where: string[] = ["seq > ?"];
    const params: unknown[] = [query.after ?? 0];
    if (query.owner !== undefined) {
      where.push("owner = ?");
      params.push(query.owner);
    }
    if (query.ids !== undefined) {
      where.push(`id IN (${query.ids.map(() => "?").join(", ") || "NULL"})`);
      params.push(...query.ids);
    }
    if (query.hideDeletedBefore !== undefined) {
      where.push("(state <> 'DELETED' OR deleted_at IS NULL OR deleted_at >= ?)");
      params.push(query.hideDeletedBefore.getTime());
    }
    params.push(query.limit);
    const rows = this.db
      .prepare(`SELECT seq, data FROM sessions WHERE ${where.join(" AND ")} ORDER BY seq LIMIT ?`)
      .all(...params) as { seq: number; data: string }[];
    return rows.map((row) => ({ position: row.seq, session: decodeSession(row.data) }));
  }

  async listByState(states: readonly SessionState[]): Promise<SessionRecord[]> {
    const rows = this.db
      .prepare(`SELECT data FROM sessions WHERE state IN (${states.map(() => "?").join(", ")}) ORDER BY seq`)
      .all(...states) as { data: string }[];
    return rows.map((row) => decodeSession(row.data));
  }

  async purgeDeleted(before: Date): Promise<number> {
    return this.db.prepare("DELETE FROM sessions WHERE state = 'DELETED' AND deleted_at < ?").run(before.getTime()).changes;
  }
}

class SqliteApiClients implements ApiClientRepository {
  constructor(private readonly db: Database.Database) {}

  private decode(row: Row): ApiClientRecord {
    return {
      id: row.id as string,
      name: row.name as string,
      secretHash: row.secret_hash as string,
      active: row.active === 1,
      createdAt: new Date(row.created_at as number),
    };
  }

  async insert(client: ApiClientRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO api_clients (id, name, secret_hash, active, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(client.id, client.name, client.secretHash, client.active ? 1 : 0, client.createdAt.getTime());
  }

  async get(id: string): Promise<ApiClientRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM api_clients WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<ApiClientRecord[]> {
    return (this.db.prepare("SELECT * FROM api_clients ORDER BY created_at, id").all() as Row[]).map((row) => this.decode(row));
  }

  async setActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare("UPDATE api_clients SET active = ? WHERE id = ?").run(active ? 1 : 0, id).changes > 0;
  }
}

class SqliteSoftwareStatements implements SoftwareStatementRepository {
  constructor(private readonly db: Database.Database) {}

  private decode(row: Row): SoftwareStatementRecord {
    return {
      id: row.id as string,
      statementHash: row.statement_hash as string,
      active: row.active === 1,
      issuedAt: new Date(row.issued_at as number),
      expiresAt: toDate(row.expires_at),
      maxUses: typeof row.max_uses === "number" ? row.max_uses : undefined,
      uses: row.uses as number,
    };
  }

  async insert(statement: SoftwareStatementRecord): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO software_statements (id, statement_hash, active, issued_at, expires_at, max_uses, uses) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(
        statement.id,
        statement.statementHash,
        statement.active ? 1 : 0,
        statement.issuedAt.getTime(),
        toMillis(statement.expiresAt),
        statement.maxUses ?? null,
        statement.uses,
      );
  }

  async get(id: string): Promise<SoftwareStatementRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM software_statements WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<SoftwareStatementRecord[]> {
    return (this.db.prepare("SELECT * FROM software_statements ORDER BY issued_at, id").all() as Row[]).map((row) =>
      this.decode(row),
    );
  }

  async setActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare("UPDATE software_statements SET active = ? WHERE id = ?").run(active ? 1 : 0, id).changes > 0;
  }

  async consumeUse(id: string, now: Date): Promise<boolean> {
    const result = this.db
      .prepare(
        `UPDATE software_statements SET uses = uses + 1
         WHERE id = ? AND active = 1 AND (expires_at IS NULL OR expires_at > ?) AND (max_uses IS NULL OR uses < max_uses)`,
      )
      .run(id, now.getTime());
    return result.changes > 0;
  }
}

class SqliteAgentClients implements AgentClientRepository {
  constructor(private readonly db: Database.Database) {}

  private decode(row: Row): AgentClientRecord {
    return {
      id: row.id as string,
      name: row.name as string,
      active: row.active === 1,
      softwareStatementId: row.software_statement_id as string,
      createdAt: new Date(row.created_at as number),
    };
  }

  async insert(agent: AgentClientRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO agent_clients (id, name, active, software_statement_id, created_at) VALUES (?, ?, ?, ?, ?)")
      .run(agent.id, agent.name, agent.active ? 1 : 0, agent.softwareStatementId, agent.createdAt.getTime());
  }

  async get(id: string): Promise<AgentClientRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM agent_clients WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<AgentClientRecord[]> {
    return (this.db.prepare("SELECT * FROM agent_clients ORDER BY created_at, id").all() as Row[]).map((row) => this.decode(row));
  }

  async setActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare("UPDATE agent_clients SET active = ? WHERE id = ?").run(active ? 1 : 0, id).changes > 0;
  }
}

class SqliteSigningKeys implements SigningKeyRepository {
  constructor(private readonly db: Database.Database) {}

  async insert(key: SigningKeyRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO signing_keys (kid, private_key_pem, public_key_pem, created_at, retired_at) VALUES (?, ?, ?, ?, ?)")
      .run(key.kid, key.privateKeyPem, key.publicKeyPem, key.createdAt.getTime(), toMillis(key.retiredAt));
  }

  async list(): Promise<SigningKeyRecord[]> {
    const rows = this.db.prepare("SELECT * FROM signing_keys ORDER BY created_at DESC, kid").all() as Row[];
    return rows.map((row) => ({
      kid: row.kid as string,
      privateKeyPem: row.private_key_pem as string,
      publicKeyPem: row.public_key_pem as string,
      createdAt: new Date(row.created_at as number),
      retiredAt: toDate(row.retired_at),
    }));
  }

  async retire(kid: string, at: Date): Promise<void> {
    this.db.prepare("UPDATE signing_keys SET retired_at = ? WHERE kid = ? AND retired_at IS NULL").run(at.getTime(), kid);
  }
}
