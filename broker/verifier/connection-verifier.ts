import type { ConnectionTokens } from "../auth/connection-tokens.js";
import type { Storage } from "../storage/storage.js";

export type Verdict = { valid: true; username: string } | { valid: false; message: string };

/**
 * Answers a DCV server asking whether a connection token admits a client to a
 * session: "yes" only for a valid, unexpired token issued for that session
 * id, while the session exists; the username is the user the token names.
 */
export async function verifyConnection(
  tokens: ConnectionTokens,
  storage: Storage,
  sessionId: string,
  token: string,
): Promise<Verdict> {
  if (sessionId === "" || token === "") return { valid: false, message: "sessionId and authenticationToken are required" };
  const check = await tokens.check(token, sessionId);
  if (!check.valid) return { valid: false, message: check.reason };
  const session = await storage.sessions.get(sessionId);
  if (session === undefined || session.state === "DELETED" || session.state === "DELETING") {
    return { valid: false, message: "The session does not exist" };
  }
  return { valid: true, username: check.user };
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char]!);

/** The verifier's answer as DCV servers expect it. */
export function verdictXml(verdict: Verdict): string {
  return verdict.valid
    ? `<auth result="yes"><username>${escapeXml(verdict.username)}</username></auth>`
    : `<auth result="no"><message>${escapeXml(verdict.message)}</message></auth>`;
}
