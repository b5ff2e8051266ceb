import type { SessionRecord, SessionState } from "../model/session.js";

/**
 * Everything the broker keeps durably. One interface, several backends
 * (SQLite embedded by default); every backend passes the same conformance
 * suite in test/.
 */
export interface Storage {
  readonly sessions: SessionRepository;
  readonly apiClients: ApiClientRepository;
  readonly softwareStatements: SoftwareStatementRepository;
  readonly agentClients: AgentClientRepository;
  readonly signingKeys: SigningKeyRepository;
  readonly servers: ServerRepository;
  /**
   * Calls `onChange` soon after another process (e.g. the admin CLI) commits
   * a change; returns a function that stops watching.
   */
  watchExternalChanges(onChange: () => void): () => void;
  close(): Promise<void>;
}

export interface SessionPageQuery {
  /** Only sessions inserted after this position (exclusive). */
  after?: number;
  limit: number;
  ids?: readonly string[];
  owner?: string;
  /** DELETED sessions that became DELETED before this instant are left out. */
  hideDeletedBefore?: Date;
}

/** A session and its place in insertion order, which a later page resumes after. */
export interface PositionedSession {
  position: number;
  session: SessionRecord;
}

export interface SessionRepository {
  /** Sessions placed on a server that are not DELETED. */
  listLiveOnServer(serverId: string): Promise<SessionRecord[]>;
  /** Inserts a new session; fails if the id exists. */
  insert(session: SessionRecord): Promise<void>;
  /** Replaces an existing session. */
  update(session: SessionRecord): Promise<void>;
  get(id: string): Promise<SessionRecord | undefined>;
  /** Sessions in insertion order, so pages never skip or repeat. */
  page(query: SessionPageQuery): Promise<PositionedSession[]>;
  listByState(states: readonly SessionState[]): Promise<SessionRecord[]>;
  /** Removes DELETED sessions that became DELETED before `before`. */
  purgeDeleted(before: Date): Promise<number>;
}

export interface ApiClientRecord {
  id: string;
  name: string;
  /** Slow hash of the secret, self-describing (algorithm and parameters). */
  secretHash: string;
  active: boolean;
  createdAt: Date;
}

export interface ApiClientRepository {
  insert(client: ApiClientRecord): Promise<void>;
  get(id: string): Promise<ApiClientRecord | undefined>;
  list(): Promise<ApiClientRecord[]>;
  setActive(id: string, active: boolean): Promise<boolean>;
}

export interface SoftwareStatementRecord {
  id: string;
  /** SHA-256 of the statement text; the statement itself is not stored. */
  statementHash: string;
  active: boolean;
  issuedAt: Date;
  expiresAt?: Date;
  /** Undefined means unlimited. */
  maxUses?: number;
  uses: number;
}

export interface SoftwareStatementRepository {
  insert(statement: SoftwareStatementRecord): Promise<void>;
  get(id: string): Promise<SoftwareStatementRecord | undefined>;
  list(): Promise<SoftwareStatementRecord[]>;
  setActive(id: string, active: boolean): Promise<boolean>;
  /** Counts one use if the statement is active, unexpired and has uses left; false otherwise. */
  consumeUse(id: string, now: Date): Promise<boolean>;
}

export interface AgentClientRecord {
  id: string;
  name: string;
  active: boolean;
  softwareStatementId: string;
  createdAt: Date;
}

export interface AgentClientRepository {
  insert(agent: AgentClientRecord): Promise<void>;
  get(id: string): Promise<AgentClientRecord | undefined>;
  list(): Promise<AgentClientRecord[]>;
  setActive(id: string, active: boolean): Promise<boolean>;
}

export interface SigningKeyRecord {
  kid: string;
  privateKeyPem: string;
  publicKeyPem: string;
  createdAt: Date;
  /** Set when a newer key took over; tokens it signed stay valid until they expire. */
  retiredAt?: Date;
}

export interface SigningKeyRepository {
  insert(key: SigningKeyRecord): Promise<void>;
  /** Newest first. */
  list(): Promise<SigningKeyRecord[]>;
  retire(kid: string, at: Date): Promise<void>;
}

/** What the broker must remember about a DCV server across restarts. */
export interface ServerRecord {
  id: string;
  /** Closed by CloseServers: no new sessions are placed on it. */
  closed: boolean;
}

export interface ServerRepository {
  get(id: string): Promise<ServerRecord | undefined>;
  list(): Promise<ServerRecord[]>;
  put(server: ServerRecord): Promise<void>;
  delete(id: string): Promise<void>;
}
