import { createPrivateKey, createPublicKey, randomUUID, type KeyObject } from "node:crypto";
import { errors as joseErrors, exportJWK, jwtVerify, SignJWT, type JSONWebKeySet, type JWTHeaderParameters } from "jose";
import { generateRsaKeyPair } from "../../certs/keys.js";
import { BrokerError } from "../errors.js";
import type { SigningKeyRecord, Storage } from "../storage/storage.js";

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  lifetimeSeconds: number;
}

export interface IssuedAccessToken {
  accessToken: string;
  expiresIn: number;
}

export interface AccessTokenClaims {
  clientId: string;
}

interface LoadedKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/**
 * RS256 access tokens for API clients. The newest signing key signs; every
 * key still in storage verifies, so tokens signed before a key rotation stay
 * valid until they expire.
 */
export class AccessTokens {
  private constructor(
    private readonly options: AccessTokenOptions,
    private readonly keys: ReadonlyMap<string, LoadedKey>,
    private readonly current: LoadedKey,
  ) {}

  static async load(storage: Storage, options: AccessTokenOptions): Promise<AccessTokens> {
    let records = await storage.signingKeys.list();
    if (!records.some((record) => record.retiredAt === undefined)) {
      await storage.signingKeys.insert(newSigningKey());
      records = await storage.signingKeys.list();
    }
    const keys = new Map<string, LoadedKey>();
    for (const record of records) {
      keys.set(record.kid, {
        kid: record.kid,
        privateKey: createPrivateKey(record.privateKeyPem),
        publicKey: createPublicKey(record.publicKeyPem),
      });
    }
    const newest = records.find((record) => record.retiredAt === undefined)!;
    return new AccessTokens(options, keys, keys.get(newest.kid)!);
  }

  async issue(clientId: string): Promise<IssuedAccessToken> {
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: this.current.kid, typ: "JWT" })
      .setSubject(clientId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.options.lifetimeSeconds}s`)
      .sign(this.current.privateKey);
    return { accessToken, expiresIn: this.options.lifetimeSeconds };
  }

  /** Claims of a valid token; BrokerError UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, (header: JWTHeaderParameters) => this.publicKeyFor(header), {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: ["RS256"],
      });
      if (typeof payload.sub !== "string") throw BrokerError.unauthenticated("Access token has no subject");
      return { clientId: payload.sub };
    } catch (error) {
      if (error instanceof BrokerError) throw error;
      if (error instanceof joseErrors.JWTExpired) throw BrokerError.unauthenticated("Access token expired");
      throw BrokerError.unauthenticated("Invalid access token");
    }
  }

  async jwks(): Promise<JSONWebKeySet> {
    const keys = await Promise.all(
      [...this.keys.values()].map(async (key) => ({ ...(await exportJWK(key.publicKey)), kid: key.kid, alg: "RS256", use: "sig" })),
    );
    return { keys };
  }

  private publicKeyFor(header: JWTHeaderParameters): KeyObject {
    const key = header.kid === undefined ? undefined : this.keys.get(header.kid);
    if (key === undefined) throw BrokerError.unauthenticated("Access token signed by an unknown key");
    return key.publicKey;
  }
}

function newSigningKey(): SigningKeyRecord {
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
  return { kid: randomUUID(), privateKeyPem, publicKeyPem, createdAt: new Date() };
}
