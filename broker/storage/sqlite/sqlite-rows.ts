import type Database from "better-sqlite3";

export type Row = Record<string, unknown>;

export const toMillis = (date: Date | undefined): number | null => (date === undefined ? null : date.getTime());
export const toDate = (value: unknown): Date | undefined => (typeof value === "number" ? new Date(value) : undefined);

/** get, list and setActive for a table of records keyed by `id` with an `active` flag. */
export abstract class ActivatableTable<T> {
  constructor(
    protected readonly db: Database.Database,
    private readonly table: string,
  ) {}

  protected abstract decode(row: Row): T;

  async get(id: string): Promise<T | undefined> {
    const row = this.db.prepare(`SELECT * FROM ${this.table} WHERE id = ?`).get(id) as Row | undefined;
    return row === undefined ? undefined : this.decode(row);
  }

  /** Oldest first. */
  async list(): Promise<T[]> {
    const rows = this.db.prepare(`SELECT * FROM ${this.table} ORDER BY rowid`).all() as Row[];
    return rows.map((row) => this.decode(row));
  }

  async setActive(id: string, active: boolean): Promise<boolean> {
    return this.db.prepare(`UPDATE ${this.table} SET active = ? WHERE id = ?`).run(active ? 1 : 0, id).changes > 0;
  }
}
