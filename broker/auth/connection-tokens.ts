import { randomUUID } from "node:crypto";
import { errors as joseErrors, jwtVerify, SignJWT } from "jose";
import type { SigningKeys } from "./signing-keys.js";

/** Audience of connection tokens: DCV servers asking the broker's verifier. */
export const CONNECTION_TOKEN_AUDIENCE = "dcv-server";

export interface ConnectionTokenClaims {
  sessionId: string;
  owner: string;
  user: string;
}

export type ConnectionTokenCheck = { valid: true; user: string } | { valid: false; reason: string };

/**
 * Tokens a DCV client presents to a DCV server, which asks the broker's
 * verifier. Claims as in the documented example: dcvSessionId,
 * dcvSessionOwner, dcvSessionUser, exp, iat, jti.
 */
export class ConnectionTokens {
  constructor(
    private readonly keys: SigningKeys,
    private readonly issuer: string,
    private readonly lifetimeSeconds: number,
  ) {}

  issue(claims: ConnectionTokenClaims): Promise<string> {
    return new SignJWT({ dcvSessionId: claims.sessionId, dcvSessionOwner: claims.owner, dcvSessionUser: claims.user })
      .setProtectedHeader({ alg: "RS256", kid: this.keys.current.kid, typ: "JWT" })
      .setIssuer(this.issuer)
      .setAudience(CONNECTION_TOKEN_AUDIENCE)
      .setIssuedAt()
      .setJti(randomUUID())
      .setExpirationTime(`${this.lifetimeSeconds}s`)
      .sign(this.keys.current.privateKey);
  }

  /** Whether `token` admits its user to session `sessionId`. */
  async check(token: string, sessionId: string): Promise<ConnectionTokenCheck> {
    try {
      const { payload } = await jwtVerify(token, this.keys.publicKeyFor, {
        issuer: this.issuer,
        audience: CONNECTION_TOKEN_AUDIENCE,
        algorithms: ["RS256"],
      });
      if (payload.dcvSessionId !== sessionId) return { valid: false, reason: "The token was issued for another session" };
      if (typeof payload.dcvSessionUser !== "string" || payload.dcvSessionUser === "") {
        return { valid: false, reason: "The token names no user" };
      }
      return { valid: true, user: payload.dcvSessionUser };
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) return { valid: false, reason: "The token has expired" };
      return { valid: false, reason: "The token is not valid" };
    }
  }
}
