import {
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
  type UntypedHandleCall,
} from "@grpc/grpc-js";
import type { Logger } from "../../common/logger.js";
import {
  type CreateSessionRequestData,
  type CreateSessionsRequest,
  type CreateSessionsResponse,
  type DeleteSessionsRequest,
  type DeleteSessionsResponse,
  type DescribeSessionsRequest,
  type DescribeSessionsResponse,
  type IssueTokenRequest,
  type IssueTokenResponse,
  SessionState,
  type SessionManagerServiceServer,
} from "../../gen/ts-proto/dcvsm/api/v1/api.js";
import { SessionType } from "../../gen/ts-proto/dcvsm/fleet/v1/fleet.js";
import type { Fleet } from "../agents/fleet.js";
import type { AccessTokens, AccessTokenClaims } from "../auth/access-tokens.js";
import { authenticateApiClient } from "../auth/api-clients.js";
import { BrokerError } from "../errors.js";
import type { CreateSessionInput, SessionService } from "../sessions/session-service.js";
import type { Storage } from "../storage/storage.js";
import { toApiSession } from "./api-mapping.js";
import { toServiceError } from "./service-error.js";

export interface SessionManagerServiceOptions {
  storage: Storage;
  sessions: SessionService;
  fleet: Fleet;
  tokens: AccessTokens;
  log: Logger;
}

export const DEFAULT_MAX_RESULTS = 1000;

type Handler<Req, Res> = (request: Req, caller: AccessTokenClaims) => Promise<Res>;

/** The broker side of dcvsm.api.v1.SessionManagerService. */
export function createSessionManagerService(options: SessionManagerServiceOptions): SessionManagerServiceServer {
  const { storage, sessions, fleet, tokens, log } = options;

  /** Verifies the caller's bearer token, then runs the handler. */
  function authorized<Req, Res>(handler: Handler<Req, Res>) {
    return (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => {
      authenticate(call.metadata.get("authorization")[0])
        .then((caller) => handler(call.request, caller))
        .then(
          (response) => callback(null, response),
          (error: unknown) => callback(toServiceError(error, log)),
        );
    };
  }

  async function authenticate(header: unknown): Promise<AccessTokenClaims> {
    if (typeof header !== "string" || header === "") throw BrokerError.unauthenticated("No authorization header");
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (match === null) throw BrokerError.unauthenticated("Authorization header is not a bearer token");
    const claims = await tokens.verify(match[1]!);
    const client = await storage.apiClients.get(claims.clientId);
    if (client === undefined || !client.active) throw BrokerError.unauthenticated("API client is not registered");
    return claims;
  }

  function notYet(operation: string): (call: unknown, callback: sendUnaryData<never>) => void {
    return (_call, callback) =>
      callback(Object.assign(new Error(`${operation} is not implemented yet`), { code: GrpcStatus.UNIMPLEMENTED }));
  }

  const service: SessionManagerServiceServer & Record<string, UntypedHandleCall> = {
    createSessions: authorized<CreateSessionsRequest, CreateSessionsResponse>(async (request) => {
      const created = await sessions.create(request.items.map(toCreateInput));
      return { successfulList: created.map((session) => toApiSession(session, undefined)), unsuccessfulList: [] };
    }),

    describeSessions: authorized<DescribeSessionsRequest, DescribeSessionsResponse>(async (request) => {
      const owner = request.filters.find((filter) => filter.key === "owner")?.value;
      const page = await sessions.describe({
        sessionIds: request.sessionIds.length > 0 ? request.sessionIds : undefined,
        owner,
        maxResults: request.maxResults === 0 ? DEFAULT_MAX_RESULTS : request.maxResults,
        nextToken: request.nextToken === "" ? undefined : request.nextToken,
      });
      return {
        sessions: page.sessions.map((session) =>
          toApiSession(session, session.serverId === undefined ? undefined : fleet.connectionForServer(session.serverId)),
        ),
        nextToken: page.nextToken ?? "",
      };
    }),

    deleteSessions: authorized<DeleteSessionsRequest, DeleteSessionsResponse>(async (request) => {
      const outcomes = await sessions.delete(
        request.items.map((item) => ({ sessionId: item.sessionId, owner: item.owner, force: item.force })),
      );
      const response: DeleteSessionsResponse = { successfulList: [], unsuccessfulList: [] };
      for (const outcome of outcomes) {
        if ("failureReason" in outcome) {
          response.unsuccessfulList.push(outcome);
        } else {
          const state = outcome.state === "DELETING" ? SessionState.SESSION_STATE_DELETING : SessionState.SESSION_STATE_DELETED;
          response.successfulList.push({ sessionId: outcome.sessionId, state });
        }
      }
      return response;
    }),

    updateSessionPermissions: notYet("UpdateSessionPermissions"),
    getSessionConnectionData: notYet("GetSessionConnectionData"),
    getSessionScreenshots: notYet("GetSessionScreenshots"),
    describeServers: notYet("DescribeServers"),
    openServers: notYet("OpenServers"),
    closeServers: notYet("CloseServers"),
    verifyConnectionToken: notYet("VerifyConnectionToken"),
    resolveSession: notYet("ResolveSession"),

    issueToken(call: ServerUnaryCall<IssueTokenRequest, IssueTokenResponse>, callback: sendUnaryData<IssueTokenResponse>) {
      issueToken(call.request).then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error, log)),
      );
    },
  };

  async function issueToken(request: IssueTokenRequest): Promise<IssueTokenResponse> {
    if (request.grantType !== "client_credentials") {
      throw BrokerError.invalidArgument("grant_type", "grant_type must be client_credentials");
    }
    const client = await authenticateApiClient(storage, request.clientId, request.clientSecret);
    if (client === undefined) throw BrokerError.unauthenticated("Invalid client credentials");
    const token = await tokens.issue(client.id);
    return { accessToken: token.accessToken, tokenType: "Bearer", expiresIn: token.expiresIn };
  }

  return service;
}

function toCreateInput(item: CreateSessionRequestData, index: number): CreateSessionInput {
  const field = (name: string) => `[${index}].${name}`;
  if (item.name === "") throw BrokerError.invalidArgument(field("Name"), "Name is required");
  if (item.owner === "") throw BrokerError.invalidArgument(field("Owner"), "Owner is required");
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
