import type Router from "@koa/router";
import { Code, ConnectError } from "@connectrpc/connect";
import { REQUEST_ID_HEADER } from "../../common/wire-headers.js";
import type { GatewayContext, GatewayState, RouteDependencies } from "../context.js";
import { discardBody } from "../request-body.js";

interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** RFC 7617 Basic credentials; undefined if the header is absent or malformed. */
function basicCredentials(header: string): ClientCredentials | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (match === null) return undefined;
  const decoded = Buffer.from(match[1]!, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** An OAuth 2.0 error response (RFC 6749 §5.2). */
function oauthError(ctx: GatewayContext, status: number, error: string, description: string): void {
  ctx.status = status;
  if (status === 401) ctx.set("WWW-Authenticate", 'Basic realm="dcv-session-manager"');
  ctx.body = { error, error_description: description };
}

/** POST /oauth2/token?grant_type=client_credentials with HTTP Basic client authentication. */
export function registerTokenRoute(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.post("/oauth2/token", async (ctx) => {
    await discardBody(ctx.req);
    const grantType = ctx.query.grant_type;
    if (grantType !== "client_credentials") {
      oauthError(ctx, 400, "unsupported_grant_type", "grant_type must be client_credentials");
      return;
    }
    const credentials = basicCredentials(ctx.get("authorization"));
    if (credentials === undefined) {
      oauthError(ctx, 401, "invalid_client", "Client authentication with HTTP Basic is required");
      return;
    }
    try {
      const token = await broker.issueToken(
        { grantType, clientId: credentials.clientId, clientSecret: credentials.clientSecret },
        { headers: { [REQUEST_ID_HEADER]: ctx.state.requestId } },
      );
      ctx.set("Cache-Control", "no-store");
      ctx.body = { access_token: token.accessToken, token_type: token.tokenType, expires_in: token.expiresIn };
    } catch (error) {
      if (ConnectError.from(error).code === Code.Unauthenticated) {
        oauthError(ctx, 401, "invalid_client", "Client authentication failed");
        return;
      }
      throw error;
    }
  });
}
