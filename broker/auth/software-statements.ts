import { createHash, createPrivateKey, createPublicKey, randomUUID } from "node:crypto";
import { CompactSign, compactVerify } from "jose";
import type { CertificateAuthority } from "../../certs/authority.js";
import { BrokerError } from "../errors.js";
import type { SoftwareStatementRecord, Storage } from "../storage/storage.js";

/** What a software statement says; readable by anyone, trusted only with the CA's signature. */
export interface SoftwareStatementClaims {
  jti: string;
  iat: number;
  exp?: number;
  /** SHA-256 fingerprint (hex) of the broker CA, so a new agent can pin the broker. */
  caFingerprint: string;
}

const STATEMENT_TYPE = "dcvsm-software-statement+jws";

export interface SoftwareStatementOptions {
  expiresAt?: Date;
  maxUses?: number;
}

const hashStatement = (statement: string) => createHash("sha256").update(statement).digest("hex");

/** A statement signed by the broker CA; only its hash is stored. */
export async function generateSoftwareStatement(
  storage: Storage,
  ca: CertificateAuthority,
  options: SoftwareStatementOptions = {},
): Promise<{ statement: string; record: SoftwareStatementRecord }> {
  const issuedAt = new Date();
  const claims: SoftwareStatementClaims = {
    jti: randomUUID(),
    iat: Math.floor(issuedAt.getTime() / 1000),
    caFingerprint: ca.fingerprint,
    ...(options.expiresAt === undefined ? {} : { exp: Math.floor(options.expiresAt.getTime() / 1000) }),
  };
  const statement = await new CompactSign(new TextEncoder().encode(JSON.stringify(claims)))
    .setProtectedHeader({ alg: "RS256", typ: STATEMENT_TYPE })
    .sign(createPrivateKey(ca.keyPem));
  const record: SoftwareStatementRecord = {
    id: claims.jti,
    statementHash: hashStatement(statement),
    active: true,
    issuedAt,
    expiresAt: options.expiresAt,
    maxUses: options.maxUses,
    uses: 0,
  };
  await storage.softwareStatements.insert(record);
  return { statement, record };
}

/**
 * Checks a statement presented at enrollment and counts one use. Refuses a
 * statement not signed by this CA, unknown, deactivated, expired or used up.
 */
export async function redeemSoftwareStatement(
  storage: Storage,
  ca: CertificateAuthority,
  statement: string,
  now = new Date(),
): Promise<SoftwareStatementRecord> {
  let claims: SoftwareStatementClaims;
  try {
    const { payload, protectedHeader } = await compactVerify(statement, createPublicKey(ca.certPem), { algorithms: ["RS256"] });
    if (protectedHeader.typ !== STATEMENT_TYPE) throw new Error("not a software statement");
    claims = JSON.parse(new TextDecoder().decode(payload)) as SoftwareStatementClaims;
  } catch {
    throw BrokerError.unauthenticated("Software statement is not valid for this broker");
  }
  const record = await storage.softwareStatements.get(claims.jti);
  if (record === undefined || record.statementHash !== hashStatement(statement)) {
    throw BrokerError.unauthenticated("Software statement is unknown to this broker");
  }
  if (!record.active) throw BrokerError.permissionDenied("Software statement has been deactivated");
  if (record.expiresAt !== undefined && record.expiresAt <= now) throw BrokerError.permissionDenied("Software statement has expired");
  if (!(await storage.softwareStatements.consumeUse(record.id, now))) {
    throw BrokerError.permissionDenied("Software statement has no uses left");
  }
  return record;
}

/**
 * Deactivates a statement named by its text or its id (the CLI shows ids, never statements);
 * false when no stored statement matches.
 */
export async function deactivateSoftwareStatement(storage: Storage, statementOrId: string): Promise<boolean> {
  const hash = hashStatement(statementOrId);
  const records = await storage.softwareStatements.list();
  const record = records.find((candidate) => candidate.statementHash === hash || candidate.id === statementOrId);
  return record !== undefined && (await storage.softwareStatements.setActive(record.id, false));
}
