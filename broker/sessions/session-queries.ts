import { BrokerError } from "../errors.js";
import type { SessionRecord } from "../model/session.js";
import { tagsOf } from "../servers/server-load.js";
import type { PositionedSession } from "../storage/storage.js";
import { decodePositionToken, encodePageToken } from "./page-token.js";
import type { SessionContext } from "./session-context.js";

export interface SessionFilter {
  key: string;
  value: string;
}

export interface DescribeSessionsInput {
  sessionIds?: string[];
  filters: SessionFilter[];
  maxResults: number;
  nextToken?: string;
}

export interface SessionsPage {
  sessions: SessionRecord[];
  nextToken?: string;
}

const TAG_PREFIX = "tag:";

/** DescribeSessions: sessions in creation order, filtered, in pages that never skip or repeat. */
export async function describeSessions(ctx: SessionContext, input: DescribeSessionsInput): Promise<SessionsPage> {
  const owners = new Set<string>();
  const tags: SessionFilter[] = [];
  input.filters.forEach((filter, index) => {
    if (filter.key === "owner") owners.add(filter.value);
    else if (filter.key.startsWith(TAG_PREFIX) && filter.key.length > TAG_PREFIX.length) {
      tags.push({ key: filter.key.slice(TAG_PREFIX.length), value: filter.value });
    } else {
      throw BrokerError.invalidArgument(`Filters[${index}].Key`, `Unsupported filter '${filter.key}': use owner or tag:<key>`);
    }
  });
  if (owners.size > 1) return { sessions: [] }; // a session has one owner
  const tagsByServer = new Map<string, Map<string, string>>();
  const serverTags = (serverId: string) => {
    let found = tagsByServer.get(serverId);
    if (found === undefined) {
      const server = ctx.servers.get(serverId);
      found = new Map(server === undefined ? [] : tagsOf(server).map((tag) => [tag.key, tag.value]));
      tagsByServer.set(serverId, found);
    }
    return found;
  };
  const matchesTags = (session: SessionRecord) =>
    tags.length === 0 ||
    (session.serverId !== undefined && tags.every((tag) => serverTags(session.serverId!).get(tag.key) === tag.value));

  // Read in chunks until one more match than a page is found (so we know a next page exists) or storage runs out.
  const matches: PositionedSession[] = [];
  let after = input.nextToken === undefined ? 0 : decodePositionToken(input.nextToken);
  const hideDeletedBefore = new Date(Date.now() - ctx.policy.deletedVisibleMs);
  for (;;) {
    const chunk = await ctx.storage.sessions.page({
      after,
      limit: input.maxResults + 1,
      ids: input.sessionIds,
      owner: owners.values().next().value,
      hideDeletedBefore,
    });
    matches.push(...chunk.filter((entry) => matchesTags(entry.session)));
    if (matches.length > input.maxResults || chunk.length <= input.maxResults) break;
    after = chunk.at(-1)!.position;
  }
  const shown = matches.slice(0, input.maxResults);
  const hasMore = matches.length > input.maxResults;
  return { sessions: shown.map((entry) => entry.session), nextToken: hasMore ? encodePageToken(shown.at(-1)!.position) : undefined };
}
