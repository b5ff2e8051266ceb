/** Numbered schema migrations; each runs once, in order, inside the migration lock. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  // 1: initial schema
  `
  CREATE TABLE sessions (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    state TEXT NOT NULL,
    deleted_at INTEGER,
    data TEXT NOT NULL
  );
  CREATE INDEX sessions_owner ON sessions(owner, seq);
  CREATE INDEX sessions_state ON sessions(state);
  CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE software_statements (
    id TEXT PRIMARY KEY,
    statement_hash TEXT NOT NULL,
    active INTEGER NOT NULL,
    issued_at INTEGER NOT NULL,
    expires_at INTEGER,
    max_uses INTEGER,
    uses INTEGER NOT NULL
  );
  CREATE TABLE agent_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    active INTEGER NOT NULL,
    software_statement_id TEXT NOT NULL,
    created_at INTEGER NOT NULL
  );
  CREATE TABLE signing_keys (
    kid TEXT PRIMARY KEY,
    private_key_pem TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    retired_at INTEGER
  );
  `,
  // 2: servers, and sessions by server
  `
  CREATE TABLE servers (
    id TEXT PRIMARY KEY,
    closed INTEGER NOT NULL
  );
  ALTER TABLE sessions ADD COLUMN server_id TEXT;
  CREATE INDEX sessions_server ON sessions(server_id, state);
  `,
];
