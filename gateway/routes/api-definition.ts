import type Router from "@koa/router";
import type { GatewayState } from "../context.js";
import { API_DEFINITION_PATH } from "../openapi/api-definition.js";

/** GET /dcv-session-manager-api.yaml: this gateway's OpenAPI definition, for client generators. */
export function registerApiDefinitionRoute(router: Router<GatewayState>, definition: string): void {
  router.get(API_DEFINITION_PATH, (ctx) => {
    ctx.type = "application/yaml";
    ctx.body = definition;
  });
}
