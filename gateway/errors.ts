import { Code, ConnectError } from "@connectrpc/connect";
import { FIELD_HEADER } from "../common/wire-headers.js";

/** An error answered to a REST caller as `{"error": message}` (plus the field at fault, if any). */
export class RestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "RestError";
  }

  static badRequest(field: string | undefined, message: string): RestError {
    return new RestError(400, message, field);
  }
}

/**
 * The one table from broker error codes to HTTP statuses. Bad input is 4xx,
 * never 5xx; 5xx means the broker or an agent could not do its part.
 */
const HTTP_STATUS: Record<Code, number> = {
  [Code.Canceled]: 499,
  [Code.Unknown]: 500,
  [Code.InvalidArgument]: 400,
  [Code.DeadlineExceeded]: 504,
  [Code.NotFound]: 404,
  [Code.AlreadyExists]: 409,
  [Code.PermissionDenied]: 403,
  [Code.ResourceExhausted]: 429,
  [Code.FailedPrecondition]: 400,
  [Code.Aborted]: 409,
  [Code.OutOfRange]: 400,
  [Code.Unimplemented]: 501,
  [Code.Internal]: 500,
  [Code.Unavailable]: 503,
  [Code.DataLoss]: 500,
  [Code.Unauthenticated]: 401,
};

/** The RestError to answer for anything a route threw: its own, Koa's (405 and the like) or a failed broker call. */
export function toRestError(error: unknown): RestError {
  if (error instanceof RestError) return error;
  if (isKoaHttpError(error)) return new RestError(error.status, error.message);
  const connectError = ConnectError.from(error);
  const field = connectError.metadata.get(FIELD_HEADER) ?? undefined;
  return new RestError(HTTP_STATUS[connectError.code], connectError.rawMessage, field);
}

function isKoaHttpError(error: unknown): error is { status: number; message: string } {
  return error instanceof Error && "expose" in error && typeof (error as { status?: unknown }).status === "number";
}
