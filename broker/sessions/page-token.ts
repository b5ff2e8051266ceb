import { BrokerError } from "../errors.js";

/** NextToken is opaque to clients: a position in insertion order. */
export function encodePageToken(position: number): string {
  return Buffer.from(JSON.stringify({ p: position })).toString("base64url");
}

export function decodePageToken(token: string, field = "NextToken"): number {
  try {
    const { p } = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { p?: unknown };
    if (typeof p === "number" && Number.isSafeInteger(p) && p >= 0) return p;
  } catch {
    // fall through to the error below
  }
  throw BrokerError.invalidArgument(field, `${field} is not a token returned by this API`);
}
