import Router from "@koa/router";
import Koa from "koa";
import { randomUUID } from "node:crypto";
import type { Logger } from "../common/logger.js";
import type { GatewayState, RouteDependencies } from "./context.js";
import { RestError, toRestError } from "./errors.js";
import { brokerReachability } from "./health/broker-reachability.js";
import { API_DEFINITION_PATH, apiDefinition } from "./openapi/api-definition.js";
import { registerApiDefinitionRoute } from "./routes/api-definition.js";
import { registerConnectionDataRoute } from "./routes/connection-data.js";
import { registerHealthRoute } from "./routes/health.js";
import { registerTokenRoute } from "./routes/oauth-token.js";
import { registerPermissionsRoute } from "./routes/permissions.js";
import { registerScreenshotsRoute } from "./routes/screenshots.js";
import { registerServerRoutes } from "./routes/servers.js";
import { registerSessionRoutes } from "./routes/sessions.js";
import { throttle, type ThrottlingOptions } from "./throttling/throttle.js";

/** Paths that are not API calls: no rate limit, no bearer token. */
const SERVICE_PATHS = new Set(["/health", API_DEFINITION_PATH]);

/** Paths a caller may use without a bearer token. */
const PUBLIC_PATHS = new Set(["/oauth2/token", ...SERVICE_PATHS]);

export interface GatewayOptions {
  throttling: ThrottlingOptions;
}

/** The REST API of the DCV Session Manager, translated into broker calls. */
export function createGatewayApp(dependencies: RouteDependencies, options: GatewayOptions, log: Logger): Koa<GatewayState> {
  const app = new Koa<GatewayState>();
  const router = new Router<GatewayState>();
  registerTokenRoute(router, dependencies);
  registerSessionRoutes(router, dependencies);
  registerPermissionsRoute(router, dependencies);
  registerConnectionDataRoute(router, dependencies);
  registerScreenshotsRoute(router, dependencies);
  registerServerRoutes(router, dependencies);
  registerHealthRoute(router, brokerReachability(dependencies.broker));
  registerApiDefinitionRoute(router, apiDefinition());

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

  app.use(throttle(options.throttling, SERVICE_PATHS));

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
