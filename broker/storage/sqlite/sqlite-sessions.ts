import type Database from "better-sqlite3";
import type { SessionRecord, SessionState } from "../../model/session.js";
import { decodeSession, encodeSession } from "../session-codec.js";
import type { PositionedSession, SessionPageQuery, SessionRepository } from "../storage.js";
import { toMillis } from "./sqlite-rows.js";

export class SqliteSessions implements SessionRepository {
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly getStatement;

  constructor(private readonly db: Database.Database) {
    this.insertStatement = db.prepare(
      "INSERT INTO sessions (id, owner, state, server_id, deleted_at, data) VALUES (@id, @owner, @state, @serverId, @deletedAt, @data)",
    );
    this.updateStatement = db.prepare(
      "UPDATE sessions SET owner = @owner, state = @state, server_id = @serverId, deleted_at = @deletedAt, data = @data WHERE id = @id",
    );
    this.getStatement = db.prepare("SELECT data FROM sessions WHERE id = ?");
  }

  private params(session: SessionRecord) {
    return {
      id: session.id,
      owner: session.owner,
      state: session.state,
      serverId: session.serverId ?? null,
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

  async listLiveOnServer(serverId: string): Promise<SessionRecord[]> {
    const rows = this.db
      .prepare("SELECT data FROM sessions WHERE server_id = ? AND state <> 'DELETED' ORDER BY seq")
      .all(serverId) as { data: string }[];
    return rows.map((row) => decodeSession(row.data));
  }

  async purgeDeleted(before: Date): Promise<number> {
    return this.db.prepare("DELETE FROM sessions WHERE state = 'DELETED' AND deleted_at < ?").run(before.getTime()).changes;
  }
}
