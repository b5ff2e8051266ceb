import type { Middleware } from "koa";
import type { GatewayContext, GatewayState } from "../context.js";
import type { Clock } from "../clock.js";
import { TokenBuckets } from "./token-buckets.js";

export interface ThrottlingOptions {
  /** max-api-requests-per-second: each caller's sustained rate, and its burst. */
  maxRequestsPerSecond: number;
  /** enable-throttling-forward-header: callers are the first X-Forwarded-For address (behind a trusted proxy). */
  useForwardedFor: boolean;
  clock?: Clock;
}

/** The address a request is counted against. */
export function callerOf(ctx: GatewayContext, useForwardedFor: boolean): string {
  const forwarded = useForwardedFor ? ctx.get("x-forwarded-for").split(",")[0]?.trim() : undefined;
  return forwarded || (ctx.socket.remoteAddress ?? "unknown");
}

/** Answers 429 with Retry-After once a caller exceeds its rate; `exempt` paths are never counted. */
export function throttle(options: ThrottlingOptions, exempt: ReadonlySet<string>): Middleware<GatewayState> {
  const buckets = new TokenBuckets(options.maxRequestsPerSecond, options.clock);
  return async (ctx, next) => {
    if (!exempt.has(ctx.path)) {
      const taken = buckets.take(callerOf(ctx, options.useForwardedFor));
      if (!taken.allowed) {
        ctx.status = 429;
        ctx.set("Retry-After", String(Math.max(1, Math.ceil(taken.retryAfterSeconds))));
        ctx.body = { error: "Too many requests" };
        return;
      }
    }
    await next();
  };
}
