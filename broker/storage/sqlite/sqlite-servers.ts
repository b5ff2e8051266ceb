import type Database from "better-sqlite3";
import type { ServerRecord, ServerRepository } from "../storage.js";
import type { Row } from "./sqlite-rows.js";

export class SqliteServers implements ServerRepository {
  constructor(private readonly db: Database.Database) {}

  private decode(row: Row): ServerRecord {
    return { id: row.id as string, closed: row.closed === 1 };
  }

  async get(id: string): Promise<ServerRecord | undefined> {
    const row = this.db.prepare("SELECT * FROM servers WHERE id = ?").get(id) as Row | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  async list(): Promise<ServerRecord[]> {
    return (this.db.prepare("SELECT * FROM servers ORDER BY id").all() as Row[]).map((row) => this.decode(row));
  }

  async put(server: ServerRecord): Promise<void> {
    this.db
      .prepare("INSERT INTO servers (id, closed) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET closed = excluded.closed")
      .run(server.id, server.closed ? 1 : 0);
  }

  async delete(id: string): Promise<void> {
    this.db.prepare("DELETE FROM servers WHERE id = ?").run(id);
  }
}
