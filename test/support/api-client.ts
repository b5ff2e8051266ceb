import { readFileSync } from "node:fs";
import type { QuickstartFile } from "../../quickstart/prepare-home.js";
import { httpsCall, type HttpResponse } from "./https-request.js";
import { assertErrorBody, assertValidResponse, type HttpMethod } from "./openapi.js";

/**
 * A REST client as a portal would use it. Every response it receives is
 * checked: 200 bodies against the official API definition, others against
 * our error shape.
 */
export class ApiClient {
  private readonly ca: string;
  private cachedToken: string | undefined;

  constructor(readonly quickstart: QuickstartFile) {
    this.ca = readFileSync(quickstart.caFile, "utf8");
  }

  /** POST /oauth2/token with HTTP Basic credentials (the client's own by default). */
  async requestToken(clientId = this.quickstart.clientId, clientSecret = this.quickstart.clientSecret): Promise<HttpResponse> {
    const response = await httpsCall({
      method: "POST",
      url: `${this.quickstart.url}/oauth2/token?grant_type=client_credentials`,
      ca: this.ca,
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
    });
    if (response.status === 200) assertTokenResponse(response.json);
    else assertErrorBody(response.json);
    return response;
  }

  async token(): Promise<string> {
    if (this.cachedToken === undefined) {
      const response = await this.requestToken();
      if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.text}`);
      this.cachedToken = (response.json as { access_token: string }).access_token;
    }
    return this.cachedToken;
  }

  /** Calls an API operation with a JSON body and the client's bearer token (unless `authorization` is given, or null for none). */
  async call(method: HttpMethod, path: string, body?: unknown, authorization?: string | null): Promise<HttpResponse> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    const auth = authorization === undefined ? `Bearer ${await this.token()}` : authorization;
    if (auth !== null) headers.authorization = auth;
    const response = await httpsCall({
      method,
      url: `${this.quickstart.url}${path}`,
      ca: this.ca,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (response.status === 200) assertValidResponse(method, path, response.status, response.json);
    else assertErrorBody(response.json);
    return response;
  }
}

function assertTokenResponse(body: unknown): void {
  const token = body as { access_token?: unknown; token_type?: unknown; expires_in?: unknown };
  const keys = Object.keys(token ?? {}).sort().join(",");
  if (
    keys !== "access_token,expires_in,token_type" ||
    typeof token.access_token !== "string" ||
    token.token_type !== "Bearer" ||
    typeof token.expires_in !== "number"
  ) {
    throw new Error(`not an OAuth 2.0 token response: ${JSON.stringify(body)}`);
  }
}
