import type Router from "@koa/router";
import { brokerCallOptions, type GatewayState, type RouteDependencies } from "../context.js";
import { sessionPermissionsJson } from "../json/permissions-json.js";
import { readJsonBody } from "../request-body.js";
import { UPDATE_SESSION_PERMISSIONS_REQUEST, type UpdateSessionPermissionsRequestJson } from "../validation/requests.js";
import { check } from "../validation/shape.js";

/** PUT /sessionPermissions. */
export function registerPermissionsRoute(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.put("/sessionPermissions", async (ctx) => {
    const items = check<UpdateSessionPermissionsRequestJson[]>(await readJsonBody(ctx.req), UPDATE_SESSION_PERMISSIONS_REQUEST);
    const response = await broker.updateSessionPermissions(
      {
        items: items.map((item) => ({ sessionId: item.SessionId, owner: item.Owner, permissionsFile: item.PermissionsFile })),
      },
      brokerCallOptions(ctx),
    );
    ctx.body = { RequestId: ctx.state.requestId, ...sessionPermissionsJson(response) };
  });
}
