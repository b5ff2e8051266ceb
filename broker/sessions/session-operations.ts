import { ImageFormat, type Image } from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { ConnectionTokens } from "../auth/connection-tokens.js";
import type { CommandAction, CommandOutcome } from "../agents/agent-connection.js";
import { BrokerError } from "../errors.js";
import type { SessionRecord } from "../model/session.js";
import { isReachable } from "../servers/server-registry.js";
import { isBase64 } from "./create-validation.js";
import type { SessionContext } from "./session-context.js";
import { SESSION_NOT_FOUND } from "./session-lifecycle.js";

/** The failure string screenshot clients match on. */
export const SCREENSHOT_SESSION_NOT_FOUND = "Dcv session not found.";

type Result<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Runs one command on the agent of a READY session of this owner (when given). */
async function onSessionAgent(
  ctx: SessionContext,
  sessionId: string,
  owner: string | undefined,
  notFound: string,
  action: CommandAction,
): Promise<Result<CommandOutcome>> {
  const session = await ctx.storage.sessions.get(sessionId);
  if (session === undefined || session.state === "DELETED" || (owner !== undefined && session.owner !== owner)) {
    return { ok: false, reason: notFound };
  }
  const server = session.serverId === undefined ? undefined : ctx.servers.get(session.serverId);
  if (session.state !== "READY") return { ok: false, reason: `The session is not READY (it is ${session.state})` };
  if (server === undefined || !isReachable(server)) return { ok: false, reason: "The session's DCV server is unreachable" };
  try {
    const outcome = await server.connection!.send(action, ctx.policy.commandTimeoutMs);
    return outcome.$case === "failure" ? { ok: false, reason: outcome.value.message } : { ok: true, value: outcome };
  } catch (error) {
    return { ok: false, reason: error instanceof BrokerError ? error.message : "The agent did not answer" };
  }
}

export interface PermissionsUpdate {
  sessionId: string;
  owner: string;
  /** Base64, as received. */
  permissionsFile: string;
}

export type PermissionsOutcome = { sessionId: string } | { sessionId: string; failureReason: string };

/** UpdateSessionPermissions: the owner must match; the agent writes and applies the file. */
export function updatePermissions(ctx: SessionContext, updates: PermissionsUpdate[]): Promise<PermissionsOutcome[]> {
  return Promise.all(
    updates.map(async ({ sessionId, owner, permissionsFile }) => {
      if (!isBase64(permissionsFile)) return { sessionId, failureReason: "PermissionsFile is not valid base64" };
      const result = await onSessionAgent(ctx, sessionId, owner, SESSION_NOT_FOUND, {
        $case: "setPermissions",
        value: { sessionId, permissionsFile: Buffer.from(permissionsFile, "base64").toString("utf8") },
      });
      return result.ok ? { sessionId } : { sessionId, failureReason: result.reason };
    }),
  );
}

export interface ScreenshotRequest {
  sessionId: string;
  maxWidth?: number;
  maxHeight?: number;
}

export interface ScreenshotDefaults {
  maxWidth: number;
  maxHeight: number;
  format: "png" | "jpeg";
}

export type ScreenshotOutcome = { request: ScreenshotRequest; images: Image[] } | { request: ScreenshotRequest; failureReason: string };

/** GetSessionScreenshots: one command per session, all at once. */
export function takeScreenshots(ctx: SessionContext, requests: ScreenshotRequest[], defaults: ScreenshotDefaults): Promise<ScreenshotOutcome[]> {
  return Promise.all(
    requests.map(async (request) => {
      const result = await onSessionAgent(ctx, request.sessionId, undefined, SCREENSHOT_SESSION_NOT_FOUND, {
        $case: "screenshot",
        value: {
          sessionId: request.sessionId,
          maxWidth: request.maxWidth ?? defaults.maxWidth,
          maxHeight: request.maxHeight ?? defaults.maxHeight,
          format: defaults.format === "jpeg" ? ImageFormat.IMAGE_FORMAT_JPEG : ImageFormat.IMAGE_FORMAT_PNG,
        },
      });
      if (!result.ok) return { request, failureReason: result.reason };
      return result.value.$case === "screenshot"
        ? { request, images: result.value.value.images }
        : { request, failureReason: "The agent sent no screenshot" };
    }),
  );
}

/** GetSessionConnectionData: the session and a connection token for `user`. */
export async function connectionData(
  ctx: SessionContext,
  tokens: ConnectionTokens,
  sessionId: string,
  user: string,
): Promise<{ session: SessionRecord; connectionToken: string }> {
  if (user === "") throw BrokerError.invalidArgument("user", "user must not be empty");
  const session = await ctx.storage.sessions.get(sessionId);
  if (session === undefined || session.state === "DELETED") throw BrokerError.notFound(SESSION_NOT_FOUND);
  if (session.state !== "READY") {
    throw BrokerError.failedPrecondition(`The session is not READY (it is ${session.state}); try again when it is`);
  }
  const connectionToken = await tokens.issue({ sessionId, owner: session.owner, user });
  return { session, connectionToken };
}
