import { status as GrpcStatus, type sendUnaryData, type ServerUnaryCall } from "@grpc/grpc-js";
import type { Logger } from "../../common/logger.js";
import {
  type CloseServersRequest,
  type CloseServersResponse,
  type CreateSessionRequestData,
  type CreateSessionsRequest,
  type CreateSessionsResponse,
  type DeleteSessionsRequest,
  type DeleteSessionsResponse,
  type DescribeServersRequest,
  type DescribeServersResponse,
  type DescribeSessionsRequest,
  type DescribeSessionsResponse,
  type GetSessionConnectionDataRequest,
  type GetSessionConnectionDataResponse,
  type GetSessionScreenshotsRequest,
  type GetSessionScreenshotsResponse,
  type IssueTokenRequest,
  type IssueTokenResponse,
  type OpenServersRequest,
  type OpenServersResponse,
  type ResolveSessionRequest,
  type ResolveSessionResponse,
  SessionState,
  type SessionManagerServiceServer,
  type UpdateSessionPermissionsRequest,
  type UpdateSessionPermissionsResponse,
  type VerifyConnectionTokenRequest,
  type VerifyConnectionTokenResponse,
} from "../../gen/ts-proto/dcvsm/api/v1/api.js";
import { SessionType } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { AccessTokenClaims, AccessTokens } from "../auth/access-tokens.js";
import type { ConnectionTokens } from "../auth/connection-tokens.js";
import { authenticateApiClient } from "../auth/api-clients.js";
import { BrokerError } from "../errors.js";
import { closeServers, describeServers, openServers } from "../servers/server-operations.js";
import type { SessionContext } from "../sessions/session-context.js";
import type { CreateSessionInput, SessionLifecycle } from "../sessions/session-lifecycle.js";
import { connectionData, takeScreenshots, updatePermissions, type ScreenshotDefaults } from "../sessions/session-operations.js";
import { describeSessions } from "../sessions/session-queries.js";
import type { Verdict } from "../verifier/connection-verifier.js";
import { ApiMapper, toApiImage } from "./api-mapping.js";
import { toServiceError } from "./service-error.js";

export interface SessionManagerServiceOptions {
  ctx: SessionContext;
  lifecycle: SessionLifecycle;
  accessTokens: AccessTokens;
  connectionTokens: ConnectionTokens;
  verifyConnection: (sessionId: string, token: string) => Promise<Verdict>;
  screenshotDefaults: ScreenshotDefaults;
  log: Logger;
}

export const DEFAULT_MAX_RESULTS = 1000;

type Handler<Req, Res> = (request: Req, caller: AccessTokenClaims) => Promise<Res>;

/** The broker side of dcvsm.api.v1.SessionManagerService. */
export function createSessionManagerService(options: SessionManagerServiceOptions): SessionManagerServiceServer {
  const { ctx, lifecycle, accessTokens, log } = options;
  /** A mapper per response, so each server's block is built once however many of its sessions are listed. */
  const mapper = () => new ApiMapper(ctx.servers, ctx.reservations);

  function respond<Res>(work: Promise<Res>, callback: sendUnaryData<Res>): void {
    work.then(
      (response) => callback(null, response),
      (error: unknown) => callback(toServiceError(error, log)),
    );
  }

  /** Verifies the caller's bearer token, then runs the handler. */
  function authorized<Req, Res>(handler: Handler<Req, Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) =>
      respond(
        authenticate(call.metadata.get("authorization")[0]).then((caller) => handler(call.request, caller)),
        callback,
      );
  }

  /** Runs a handler that needs no API client token (its caller proves itself otherwise). */
  function open<Req, Res>(handler: (request: Req) => Promise<Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => respond(handler(call.request), callback);
  }

  async function authenticate(header: unknown): Promise<AccessTokenClaims> {
    if (typeof header !== "string" || header === "") throw BrokerError.unauthenticated("No authorization header");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw BrokerError.unauthenticated("Authorization header is not a bearer token");
    const claims = await accessTokens.verify(match[1]!);
    const client = await ctx.storage.apiClients.get(claims.clientId);
    if (client === undefined || !client.active) throw BrokerError.unauthenticated("API client is not registered");
    return claims;
  }

  const pageSize = (maxResults: number) => (maxResults === 0 ? DEFAULT_MAX_RESULTS : maxResults);

  return {
    createSessions: authorized<CreateSessionsRequest, CreateSessionsResponse>(async (request) => {
      const outcomes = await lifecycle.create(request.items.map(toCreateInput));
      const map = mapper();
      const response: CreateSessionsResponse = { successfulList: [], unsuccessfulList: [] };
      outcomes.forEach((outcome, index) => {
        if ("session" in outcome) response.successfulList.push(map.session(outcome.session));
        else response.unsuccessfulList.push({ createSessionRequestData: request.items[index], failureReason: outcome.failureReason });
      });
      return response;
    }),

    describeSessions: authorized<DescribeSessionsRequest, DescribeSessionsResponse>(async (request) => {
      const page = await describeSessions(ctx, {
        sessionIds: request.sessionIds.length > 0 ? request.sessionIds : undefined,
        filters: request.filters,
        maxResults: pageSize(request.maxResults),
        nextToken: request.nextToken || undefined,
      });
      const map = mapper();
      return { sessions: page.sessions.map((session) => map.session(session)), nextToken: page.nextToken ?? "" };
    }),

    deleteSessions: authorized<DeleteSessionsRequest, DeleteSessionsResponse>(async (request) => {
      const outcomes = await lifecycle.delete(request.items);
      const response: DeleteSessionsResponse = { successfulList: [], unsuccessfulList: [] };
      for (const outcome of outcomes) {
        if ("failureReason" in outcome) response.unsuccessfulList.push(outcome);
        else {
          const state = outcome.state === "DELETING" ? SessionState.SESSION_STATE_DELETING : SessionState.SESSION_STATE_DELETED;
          response.successfulList.push({ sessionId: outcome.sessionId, state });
        }
      }
      return response;
    }),

    updateSessionPermissions: authorized<UpdateSessionPermissionsRequest, UpdateSessionPermissionsResponse>(async (request) => {
      const response: UpdateSessionPermissionsResponse = { successfulList: [], unsuccessfulList: [] };
      for (const outcome of await updatePermissions(ctx, request.items)) {
        if ("failureReason" in outcome) response.unsuccessfulList.push(outcome);
        else response.successfulList.push(outcome);
      }
      return response;
    }),

    getSessionConnectionData: authorized<GetSessionConnectionDataRequest, GetSessionConnectionDataResponse>(async (request) => {
      const data = await connectionData(ctx, options.connectionTokens, request.sessionId, request.user);
      return { session: mapper().session(data.session), connectionToken: data.connectionToken };
    }),

    getSessionScreenshots: authorized<GetSessionScreenshotsRequest, GetSessionScreenshotsResponse>(async (request) => {
      const response: GetSessionScreenshotsResponse = { successfulList: [], unsuccessfulList: [] };
      for (const outcome of await takeScreenshots(ctx, request.items, options.screenshotDefaults)) {
        if ("failureReason" in outcome) {
          response.unsuccessfulList.push({ getSessionScreenshotRequestData: outcome.request, failureReason: outcome.failureReason });
        } else {
          response.successfulList.push({
            sessionScreenshot: { sessionId: outcome.request.sessionId, images: outcome.images.map(toApiImage) },
          });
        }
      }
      return response;
    }),

    describeServers: authorized<DescribeServersRequest, DescribeServersResponse>(async (request) => {
      const page = describeServers(ctx, {
        serverIds: request.serverIds.length > 0 ? request.serverIds : undefined,
        maxResults: pageSize(request.maxResults),
        nextToken: request.nextToken || undefined,
      });
      const map = mapper();
      return { servers: page.servers.map((server) => map.server(server)), nextToken: page.nextToken ?? "" };
    }),

    openServers: authorized<OpenServersRequest, OpenServersResponse>(async (request) => {
      const response: OpenServersResponse = { successfulList: [], unsuccessfulList: [] };
      for (const outcome of await openServers(ctx, request.items.map((item) => item.serverId))) {
        if ("failureCode" in outcome) {
          const { serverId, ...failure } = outcome;
          response.unsuccessfulList.push({ openServerRequestData: { serverId }, ...failure });
        } else response.successfulList.push(outcome);
      }
      return response;
    }),

    closeServers: authorized<CloseServersRequest, CloseServersResponse>(async (request) => {
      const response: CloseServersResponse = { successfulList: [], unsuccessfulList: [] };
      const outcomes = await closeServers(
        ctx,
        request.items.map((item) => ({ serverId: item.serverId, force: item.force === true })),
      );
      outcomes.forEach((outcome, index) => {
        if ("failureCode" in outcome) {
          const { serverId: _serverId, ...failure } = outcome;
          response.unsuccessfulList.push({ closeServerRequestData: request.items[index], ...failure });
        } else response.successfulList.push(outcome);
      });
      return response;
    }),

    issueToken: open<IssueTokenRequest, IssueTokenResponse>(async (request) => {
      if (request.grantType !== "client_credentials") {
        throw BrokerError.invalidArgument("grant_type", "grant_type must be client_credentials");
      }
      const client = await authenticateApiClient(ctx.storage, request.clientId, request.clientSecret);
      if (client === undefined) throw BrokerError.unauthenticated("Invalid client credentials");
      const token = await accessTokens.issue(client.id);
      return { accessToken: token.accessToken, tokenType: "Bearer", expiresIn: token.expiresIn };
    }),

    verifyConnectionToken: open<VerifyConnectionTokenRequest, VerifyConnectionTokenResponse>(async (request) => {
      const verdict = await options.verifyConnection(request.sessionId, request.authenticationToken);
      return verdict.valid
        ? { valid: true, username: verdict.username, message: "" }
        : { valid: false, username: "", message: verdict.message };
    }),

    resolveSession: open<ResolveSessionRequest, ResolveSessionResponse>(async () => {
      throw new BrokerError(GrpcStatus.UNIMPLEMENTED, "ResolveSession is not implemented yet");
    }),
  };
}

function toCreateInput(item: CreateSessionRequestData, index: number): CreateSessionInput {
  const field = (name: string) => `[${index}].${name}`;
  if (item.type === SessionType.SESSION_TYPE_UNSPECIFIED) throw BrokerError.invalidArgument(field("Type"), "Type is required");
  const optional = (value: string) => (value === "" ? undefined : value);
  return {
    name: item.name,
    owner: item.owner,
    type: item.type === SessionType.SESSION_TYPE_CONSOLE ? "CONSOLE" : "VIRTUAL",
    maxConcurrentClients: item.maxConcurrentClients,
    storageRoot: optional(item.storageRoot),
    spec: {
      initFile: optional(item.initFile) ?? optional(item.initFilePath),
      autorunFile: optional(item.autorunFile),
      autorunFileArguments: item.autorunFileArguments.length > 0 ? item.autorunFileArguments : undefined,
      permissionsFile: optional(item.permissionsFile),
      requirements: optional(item.requirements),
      enqueueRequest: item.enqueueRequest,
      disableRetryOnFailure: item.disableRetryOnFailure,
      dcvGlEnabled: item.dcvGlEnabled,
    },
  };
}
