import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import { BrokerError } from "../errors.js";
import type { SigningKeys } from "./signing-keys.js";

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

/** RS256 access tokens for API clients: `sub` is the client id. */
export class AccessTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly options: AccessTokenOptions,
  ) {}

  async issue(clientId: string): Promise<IssuedAccessToken> {
    const accessToken = await new SignJWT({})
      .setProtectedHeader({ alg: "RS256", kid: this.keys.current.kid, typ: "JWT" })
      .setSubject(clientId)
      .setIssuer(this.options.issuer)
      .setAudience(this.options.audience)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.options.lifetimeSeconds}s`)
      .sign(this.keys.current.privateKey);
    return { accessToken, expiresIn: this.options.lifetimeSeconds };
  }

  /** Claims of a valid token; BrokerError UNAUTHENTICATED otherwise. */
  async verify(token: string): Promise<AccessTokenClaims> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
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
}
