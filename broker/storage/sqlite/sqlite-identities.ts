import type Database from "better-sqlite3";
import type {
  AgentClientRecord,
  AgentClientRepository,
  ApiClientRecord,
  ApiClientRepository,
  SoftwareStatementRecord,
  SoftwareStatementRepository,
} from "../storage.js";
import { ActivatableTable, toDate, toMillis, type Row } from "./sqlite-rows.js";

/** Who may call the broker: API clients, software statements and enrolled agents. */

export class SqliteApiClients extends ActivatableTable<ApiClientRecord> implements ApiClientRepository {
  constructor(db: Database.Database) {
    super(db, "api_clients");
  }

  protected decode(row: Row): ApiClientRecord {
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
}

export class SqliteSoftwareStatements extends ActivatableTable<SoftwareStatementRecord> implements SoftwareStatementRepository {
  constructor(db: Database.Database) {
    super(db, "software_statements");
  }

  protected decode(row: Row): SoftwareStatementRecord {
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

export class SqliteAgentClients extends ActivatableTable<AgentClientRecord> implements AgentClientRepository {
  constructor(db: Database.Database) {
    super(db, "agent_clients");
  }

  protected decode(row: Row): AgentClientRecord {
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
}
