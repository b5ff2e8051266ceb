import Router from "@koa/router";
import Koa from "koa";
import { randomUUID } from "node:crypto";
import type { Logger } from "../common/logger.js";
import type { GatewayState, RouteDependencies } from "./context.js";
import { RestError, toRestError } from "./errors.js";
import { registerTokenRoute } from "./routes/oauth-token.js";
import { registerSessionRoutes } from "./routes/sessions.js";

/** Paths a caller may use without a bearer token. */
const PUBLIC_PATHS = new Set(["/oauth2/token", "/health"]);

/** The REST API of the DCV Session Manager, translated into broker calls. */
export function createGatewayApp(dependencies: RouteDependencies, log: Logger): Koa<GatewayState> {
  const app = new Koa<GatewayState>();
  const router = new Router<GatewayState>();
  registerTokenRoute(router, dependencies);
  registerSessionRoutes(router, dependencies);
  router.get("/health", (ctx) => {
    ctx.body = { status: "ok" };
  });

  app.use(async (ctx, next) => {
    const started = process.hrtime.bigint();
    ctx.state.requestId = randomUUID();
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new RestError(404, `No such operation: ${ctx.method} ${ctx.path}`);
    } catch (error) {
      const restError = toRestError(error);
      ctx.status = restError.status;
      ctx.body = { error: restError.message, ...(restError.field === undefined ? {} : { field: restError.field }) };
      if (restError.status >= 500) log.error({ err: error, requestId: ctx.state.requestId }, "request failed");
    } finally {
      log.debug(
        {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Number(process.hrtime.bigint() - started) / 1e6,
        },
        "request",
      );
    }
  });

  app.use(async (ctx, next) => {
    if (!PUBLIC_PATHS.has(ctx.path) && ctx.get("authorization") === "") {
      throw new RestError(401, "No authorization header");
    }
    await next();
  });

  app.use(router.routes());
  app.use(router.allowedMethods({ throw: true }));
  return app;
}
