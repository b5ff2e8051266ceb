import type Router from "@koa/router";
import type { GatewayState } from "../context.js";

/** GET /health (an extension of the API): 200 while the broker answers, else 503. */
export function registerHealthRoute(router: Router<GatewayState>, brokerReachable: () => Promise<boolean>): void {
  router.get("/health", async (ctx) => {
    ctx.set("Cache-Control", "no-store");
    if (await brokerReachable()) {
      ctx.body = { status: "ok" };
    } else {
      ctx.status = 503;
      ctx.body = { status: "unavailable" };
    }
  });
}
