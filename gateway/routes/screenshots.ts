import type Router from "@koa/router";
import { brokerCallOptions, type GatewayState, type RouteDependencies } from "../context.js";
import { sessionScreenshotsJson } from "../json/screenshot-json.js";
import { readJsonBody } from "../request-body.js";
import { GET_SESSION_SCREENSHOTS_REQUEST, type GetSessionScreenshotRequestJson } from "../validation/requests.js";
import { check } from "../validation/shape.js";

/** The internal API carries sizes as uint32; any larger maximum means "no smaller than the session". */
const LARGEST_SIZE = 0xffff_ffff;

const sizeLimit = (pixels: number | undefined) => (pixels === undefined ? undefined : Math.min(pixels, LARGEST_SIZE));

/** POST /getSessionScreenshots. */
export function registerScreenshotsRoute(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.post("/getSessionScreenshots", async (ctx) => {
    const items = check<GetSessionScreenshotRequestJson[]>(await readJsonBody(ctx.req), GET_SESSION_SCREENSHOTS_REQUEST);
    const response = await broker.getSessionScreenshots(
      {
        items: items.map((item) => ({
          sessionId: item.SessionId,
          maxWidth: sizeLimit(item.MaxWidth),
          maxHeight: sizeLimit(item.MaxHeight),
        })),
      },
      brokerCallOptions(ctx),
    );
    ctx.body = { RequestId: ctx.state.requestId, ...sessionScreenshotsJson(response) };
  });
}
