import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import { exportJWK, type JSONWebKeySet, type JWTHeaderParameters } from "jose";
import { generateRsaKeyPair } from "../../certs/keys.js";
import { BrokerError } from "../errors.js";
import type { Storage } from "../storage/storage.js";

export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * The broker's RS256 signing keys (access tokens and connection tokens). The
 * newest key signs; every stored key verifies, so tokens signed before a
 * rotation stay valid until they expire.
 */
export class SigningKeys {
  private constructor(
    private readonly storage: Storage,
    private state: StoredKeys,
  ) {}

  static async load(storage: Storage): Promise<SigningKeys> {
    return new SigningKeys(storage, await readKeys(storage));
  }

  get current(): SigningKey {
    return this.state.current;
  }

  /** Reads the stored keys again, so a rotation made by another process (the admin CLI) takes effect. */
  async reload(): Promise<void> {
    this.state = await readKeys(this.storage);
  }

  /** For jose's jwtVerify: the public key a token's header names. */
  readonly publicKeyFor = (header: JWTHeaderParameters): KeyObject => {
    const key = header.kid === undefined ? undefined : this.state.byKid.get(header.kid);
    if (key === undefined) throw BrokerError.unauthenticated("Token signed by an unknown key");
    return key.publicKey;
  };

  async jwks(): Promise<JSONWebKeySet> {
    const keys = await Promise.all(
      [...this.state.byKid.values()].map(async (key) => ({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: "RS256", use: "sig" })),
    );
    return { keys };
  }
}

interface StoredKeys {
  byKid: ReadonlyMap<string, SigningKey>;
  current: SigningKey;
}

/** Every stored key, and the newest unretired one as the current key (created if there is none). */
async function readKeys(storage: Storage): Promise<StoredKeys> {
  let records = await storage.signingKeys.list();
  if (!records.some((record) => record.retiredAt === undefined)) {
    await insertNewKey(storage);
    records = await storage.signingKeys.list();
  }
  const byKid = new Map<string, SigningKey>();
  for (const record of records) {
    byKid.set(record.kid, {
      kid: record.kid,
      privateKey: createPrivateKey(record.privateKeyPem),
      publicKey: createPublicKey(record.publicKeyPem),
    });
  }
  const newest = records.find((record) => record.retiredAt === undefined)!;
  return { byKid, current: byKid.get(newest.kid)! };
}

/**
 * Makes a new key the signing key and retires the others (renew-auth-server-api-key).
 * The new key is stored before the old ones retire, so there is always a current key.
 */
export async function renewSigningKey(storage: Storage): Promise<void> {
  const kid = await insertNewKey(storage);
  const now = new Date();
  for (const record of await storage.signingKeys.list()) {
    if (record.kid !== kid && record.retiredAt === undefined) await storage.signingKeys.retire(record.kid, now);
  }
}

async function insertNewKey(storage: Storage): Promise<string> {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
  const kid = randomUUID();
  await storage.signingKeys.insert({ kid, privateKeyPem, publicKeyPem, createdAt: new Date() });
  return kid;
}
