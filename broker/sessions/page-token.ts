import { BrokerError } from "../errors.js";

/** NextToken is opaque to clients: a JSON cursor, base64url encoded. */
export function encodePageToken(cursor: number | string): string {
  return Buffer.from(JSON.stringify({ c: cursor })).toString("base64url");
}

function decodeCursor(token: string): unknown {
  try {
    return (JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as { c?: unknown }).c;
  } catch {
    return undefined;
  }
}

const invalidToken = () => BrokerError.invalidArgument("NextToken", "NextToken is not a token returned by this API");

/** A position in session insertion order. */
export function decodePositionToken(token: string): number {
  const cursor = decodeCursor(token);
  if (typeof cursor === "number" && Number.isSafeInteger(cursor) && cursor >= 0) return cursor;
  throw invalidToken();
}

/** The last id shown. */
export function decodeIdToken(token: string): string {
  const cursor = decodeCursor(token);
  if (typeof cursor === "string") return cursor;
  throw invalidToken();
}
