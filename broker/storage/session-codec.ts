import type { SessionRecord } from "../model/session.js";

const DATE_FIELDS = ["creationTime", "lastDisconnectionTime", "deletedAt"] as const;

/** Sessions are stored as JSON documents; dates travel as ISO strings. */
export function encodeSession(session: SessionRecord): string {
  return JSON.stringify(session);
}

export function decodeSession(json: string): SessionRecord {
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const field of DATE_FIELDS) {
    const value = raw[field];
    if (typeof value === "string") raw[field] = new Date(value);
  }
  return raw as unknown as SessionRecord;
}
