import type { IncomingMessage } from "node:http";
import { RestError } from "./errors.js";

/** Largest request body accepted; a CreateSessions batch with permissions files fits comfortably. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new RestError(413, `Request body larger than ${limit} bytes`);
  if (Number(request.headers["content-length"] ?? 0) > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads a body whose content the route does not use (the token request's empty form). */
export async function discardBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<void> {
  await readBody(request, limit);
}

function hasBody(request: IncomingMessage): boolean {
  return request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0;
}

/** application/json, with or without parameters such as charset. */
function isJsonMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*application\/json\s*(;|$)/i.test(contentType);
}

/** Reads and parses a JSON body. An empty body is `undefined`; a body of any other media type is a 415. */
export async function readJsonBody(request: IncomingMessage, limit = MAX_BODY_BYTES): Promise<unknown> {
  const contentType = request.headers["content-type"];
  if (hasBody(request) && !isJsonMediaType(contentType)) {
    throw new RestError(415, `Request body must be application/json, got ${contentType ?? "no Content-Type"}`);
  }
  const text = (await readBody(request, limit)).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw RestError.badRequest(undefined, `Request body is not valid JSON: ${(error as Error).message}`);
  }
}
