import type Router from "@koa/router";
import { brokerCallOptions, type GatewayState, type RouteDependencies } from "../context.js";
import { RestError } from "../errors.js";
import { sessionConnectionDataJson } from "../json/connection-data-json.js";

/** A pattern rather than `:sessionId/:user`, so that empty segments reach the route and get a 400. */
const CONNECTION_DATA_PATH = /^\/sessionConnectionData\/([^/]*)\/([^/]*)$/;

/** A URL-decoded, non-empty path parameter. */
function pathParameter(name: string, raw: string | undefined): string {
  let value: string;
  try {
    value = decodeURIComponent(raw ?? "");
  } catch {
    throw RestError.badRequest(name, `${name} is not valid percent-encoding`);
  }
  if (value === "") throw RestError.badRequest(name, `${name} is required`);
  return value;
}

/** GET /sessionConnectionData/{sessionId}/{user}. A request body, if any, is ignored. */
export function registerConnectionDataRoute(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.get(CONNECTION_DATA_PATH, async (ctx) => {
    const [rawSessionId, rawUser] = ctx.captures ?? [];
    const sessionId = pathParameter("sessionId", rawSessionId);
    const user = pathParameter("user", rawUser);
    const response = await broker.getSessionConnectionData({ sessionId, user }, brokerCallOptions(ctx));
    ctx.body = sessionConnectionDataJson(response);
  });
}
