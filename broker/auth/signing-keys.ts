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
    private readonly keys: ReadonlyMap<string, SigningKey>,
    readonly current: SigningKey,
  ) {}

  static async load(storage: Storage): Promise<SigningKeys> {
    let records = await storage.signingKeys.list();
    if (!records.some((record) => record.retiredAt === undefined)) {
      const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
      await storage.signingKeys.insert({ kid: randomUUID(), privateKeyPem, publicKeyPem, createdAt: new Date() });
      records = await storage.signingKeys.list();
    }
    const keys = new Map<string, SigningKey>();
    for (const record of records) {
      keys.set(record.kid, {
        kid: record.kid,
        privateKey: createPrivateKey(record.privateKeyPem),
        publicKey: createPublicKey(record.publicKeyPem),
      });
    }
    const newest = records.find((record) => record.retiredAt === undefined)!;
    return new SigningKeys(keys, keys.get(newest.kid)!);
  }

  /** For jose's jwtVerify: the public key a token's header names. */
  readonly publicKeyFor = (header: JWTHeaderParameters): KeyObject => {
    const key = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (key === undefined) throw BrokerError.unauthenticated("Token signed by an unknown key");
    return key.publicKey;
  };

  async jwks(): Promise<JSONWebKeySet> {
    const keys = await Promise.all(
      [...this.keys.values()].map(async (key) => ({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: "RS256", use: "sig" })),
    );
    return { keys };
  }
}
