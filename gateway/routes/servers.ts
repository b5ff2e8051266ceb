import type Router from "@koa/router";
import { brokerCallOptions, type GatewayState, type RouteDependencies } from "../context.js";
import { compact } from "../json/compact.js";
import { closeServersJson, openServersJson } from "../json/server-batch-json.js";
import { serverJson } from "../json/server-json.js";
import { readJsonBody } from "../request-body.js";
import {
  CLOSE_SERVERS_REQUEST,
  DESCRIBE_SERVERS_REQUEST,
  OPEN_SERVERS_REQUEST,
  type CloseServerRequestJson,
  type DescribeServersRequestJson,
  type OpenServerRequestJson,
} from "../validation/requests.js";
import { check } from "../validation/shape.js";

/** POST /describeServers, /openServers, /closeServers. */
export function registerServerRoutes(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.post("/describeServers", async (ctx) => {
    const request = check<DescribeServersRequestJson>((await readJsonBody(ctx.req)) ?? {}, DESCRIBE_SERVERS_REQUEST);
    const response = await broker.describeServers(
      { serverIds: request.ServerIds, maxResults: request.MaxResults, nextToken: request.NextToken },
      brokerCallOptions(ctx),
    );
    ctx.body = {
      RequestId: ctx.state.requestId,
      Servers: response.servers.map(serverJson),
      ...compact({ NextToken: response.nextToken }),
    };
  });

  router.post("/openServers", async (ctx) => {
    const items = check<OpenServerRequestJson[]>(await readJsonBody(ctx.req), OPEN_SERVERS_REQUEST);
    const response = await broker.openServers(
      { items: items.map((item) => ({ serverId: item.ServerId })) },
      brokerCallOptions(ctx),
    );
    ctx.body = { RequestId: ctx.state.requestId, ...openServersJson(response) };
  });

  router.post("/closeServers", async (ctx) => {
    const items = check<CloseServerRequestJson[]>(await readJsonBody(ctx.req), CLOSE_SERVERS_REQUEST);
    const response = await broker.closeServers(
      { items: items.map((item) => ({ serverId: item.ServerId, force: item.Force })) },
      brokerCallOptions(ctx),
    );
    ctx.body = { RequestId: ctx.state.requestId, ...closeServersJson(response) };
  });
}
