import type Router from "@koa/router";
import { SessionState } from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { SessionType } from "../../gen/es/dcvsm/fleet/v1/fleet_pb.js";
import { brokerCallOptions, type GatewayState, type RouteDependencies } from "../context.js";
import { compact } from "../json/compact.js";
import { createSessionRequestJson, sessionJson } from "../json/session-json.js";
import { readJsonBody } from "../request-body.js";
import {
  CREATE_SESSIONS_REQUEST,
  DELETE_SESSIONS_REQUEST,
  DESCRIBE_SESSIONS_REQUEST,
  type CreateSessionRequestJson,
  type DeleteSessionRequestJson,
  type DescribeSessionsRequestJson,
} from "../validation/requests.js";
import { check } from "../validation/shape.js";

/** POST /createSessions, /describeSessions, /deleteSessions. */
export function registerSessionRoutes(router: Router<GatewayState>, { broker }: RouteDependencies): void {
  router.post("/createSessions", async (ctx) => {
    const items = check<CreateSessionRequestJson[]>(await readJsonBody(ctx.req), CREATE_SESSIONS_REQUEST);
    const response = await broker.createSessions(
      {
        items: items.map((item) => ({
          name: item.Name,
          owner: item.Owner,
          type: item.Type === "CONSOLE" ? SessionType.CONSOLE : SessionType.VIRTUAL,
          dcvGlEnabled: item.DcvGlEnabled,
          maxConcurrentClients: item.MaxConcurrentClients,
          initFilePath: item.InitFilePath,
          initFile: item.InitFile,
          autorunFile: item.AutorunFile,
          autorunFileArguments: item.AutorunFileArguments,
          permissionsFile: item.PermissionsFile,
          requirements: item.Requirements,
          enqueueRequest: item.EnqueueRequest,
          disableRetryOnFailure: item.DisableRetryOnFailure,
          storageRoot: item.StorageRoot,
        })),
      },
      brokerCallOptions(ctx),
    );
    ctx.body = {
      RequestId: ctx.state.requestId,
      SuccessfulList: response.successfulList.map(sessionJson),
      UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
        CreateSessionRequestData: failure.createSessionRequestData && createSessionRequestJson(failure.createSessionRequestData),
        FailureReason: failure.failureReason,
      })),
    };
  });

  router.post("/describeSessions", async (ctx) => {
    const request = check<DescribeSessionsRequestJson>((await readJsonBody(ctx.req)) ?? {}, DESCRIBE_SESSIONS_REQUEST);
    const response = await broker.describeSessions(
      {
        sessionIds: request.SessionIds,
        filters: request.Filters?.map((filter) => ({ key: filter.Key ?? "", value: filter.Value ?? "" })),
        maxResults: request.MaxResults,
        nextToken: request.NextToken,
      },
      brokerCallOptions(ctx),
    );
    ctx.body = {
      RequestId: ctx.state.requestId,
      Sessions: response.sessions.map(sessionJson),
      ...compact({ NextToken: response.nextToken }),
    };
  });

  router.post("/deleteSessions", async (ctx) => {
    const items = check<DeleteSessionRequestJson[]>(await readJsonBody(ctx.req), DELETE_SESSIONS_REQUEST);
    const response = await broker.deleteSessions(
      { items: items.map((item) => ({ sessionId: item.SessionId, owner: item.Owner, force: item.Force })) },
      brokerCallOptions(ctx),
    );
    ctx.body = {
      RequestId: ctx.state.requestId,
      SuccessfulList: response.successfulList.map((success) => ({
        SessionId: success.sessionId,
        State: SessionState[success.state],
      })),
      UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
        SessionId: failure.sessionId,
        FailureReason: failure.failureReason,
      })),
    };
  });
}
