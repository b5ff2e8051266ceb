import { decodeIdToken, encodePageToken } from "../sessions/page-token.js";
import type { SessionContext } from "../sessions/session-context.js";
import type { ServerState } from "./server-registry.js";

export const SERVER_NOT_FOUND = { failureCode: "DCV_SERVER_NOT_FOUND", failureReason: "Dcv server not found." } as const;
export const SERVER_NOT_EMPTY = {
  failureCode: "DCV_SERVER_NOT_EMPTY",
  failureReason: "Dcv server has running sessions; close it with Force to keep them running.",
} as const;

export interface DescribeServersInput {
  serverIds?: string[];
  maxResults: number;
  nextToken?: string;
}

/** DescribeServers: servers ordered by id, in pages. */
export function describeServers(ctx: SessionContext, input: DescribeServersInput): { servers: ServerState[]; nextToken?: string } {
  const after = input.nextToken === undefined ? undefined : decodeIdToken(input.nextToken);
  const wanted = input.serverIds === undefined ? undefined : new Set(input.serverIds);
  const candidates = ctx.servers
    .list()
    .filter((server) => (wanted === undefined || wanted.has(server.id)) && (after === undefined || server.id > after));
  const servers = candidates.slice(0, input.maxResults);
  return { servers, nextToken: candidates.length > input.maxResults ? encodePageToken(servers.at(-1)!.id) : undefined };
}

export type ServerOutcome = { serverId: string } | { serverId: string; failureCode: string; failureReason: string };

export function openServers(ctx: SessionContext, serverIds: string[]): Promise<ServerOutcome[]> {
  return Promise.all(
    serverIds.map(async (serverId) => {
      if (ctx.servers.get(serverId) === undefined) return { serverId, ...SERVER_NOT_FOUND };
      await ctx.servers.setClosed(serverId, false);
      return { serverId };
    }),
  );
}

/** CloseServers: without Force, only a server with no sessions is closed. Sessions keep running either way. */
export function closeServers(ctx: SessionContext, requests: { serverId: string; force: boolean }[]): Promise<ServerOutcome[]> {
  return Promise.all(
    requests.map(async ({ serverId, force }) => {
      const server = ctx.servers.get(serverId);
      if (server === undefined) return { serverId, ...SERVER_NOT_FOUND };
      if (!force) {
        const live = await ctx.storage.sessions.listLiveOnServer(serverId);
        if (server.hostSessions.length > 0 || live.length > 0) return { serverId, ...SERVER_NOT_EMPTY };
      }
      await ctx.servers.setClosed(serverId, true);
      return { serverId };
    }),
  );
}
