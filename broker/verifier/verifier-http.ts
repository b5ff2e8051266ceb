import type { IncomingMessage, ServerResponse } from "node:http";
import type { Logger } from "../../common/logger.js";
import { verdictXml, type Verdict } from "./connection-verifier.js";

export const VERIFIER_PATH = "/agent/validate-authentication-token";
/** A form with a session id, a token and an address is far smaller. */
const MAX_FORM_BYTES = 64 * 1024;

export type VerifyConnection = (sessionId: string, token: string) => Promise<Verdict>;

/** HTTP handler for the agent port's non-gRPC traffic: the DCV servers' token verifier and a health check. */
export function verifierHandler(verify: VerifyConnection, log: Logger) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    const path = (request.url ?? "").split("?")[0];
    if (path === "/health" && request.method === "GET") {
      respond(response, 200, "application/json", '{"status":"ok"}');
      return;
    }
    if (path !== VERIFIER_PATH) {
      respond(response, 404, "application/json", '{"error":"Not found"}');
      return;
    }
    if (request.method !== "POST") {
      respond(response, 405, "application/json", '{"error":"Use POST"}');
      return;
    }
    readForm(request)
      .then(async (form) => {
        const verdict = await verify(form.get("sessionId") ?? "", form.get("authenticationToken") ?? "");
        log.info(
          { sessionId: form.get("sessionId"), clientAddress: form.get("clientAddress"), result: verdict.valid ? "yes" : "no" },
          "connection token verified",
        );
        respond(response, 200, "text/xml", verdictXml(verdict));
      })
      .catch((error: unknown) => {
        const status = error instanceof FormTooLargeError ? 413 : 500;
        if (status === 500) log.error({ err: error }, "token verification failed");
        respond(response, status, "text/xml", verdictXml({ valid: false, message: "The request could not be verified" }));
      });
  };
}

class FormTooLargeError extends Error {}

async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_FORM_BYTES) throw new FormTooLargeError();
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
}

function respond(response: ServerResponse, status: number, contentType: string, body: string): void {
  response.writeHead(status, { "content-type": contentType, "content-length": Buffer.byteLength(body) });
  response.end(body);
}
