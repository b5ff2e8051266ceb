import type Database from "better-sqlite3";
import type { SigningKeyRecord, SigningKeyRepository } from "../storage.js";
import { toDate, toMillis, type Row } from "./sqlite-rows.js";

export class SqliteSigningKeys implements SigningKeyRepository {
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
