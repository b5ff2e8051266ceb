import { Metadata, status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import type { Logger } from "../../common/logger.js";
import { FIELD_HEADER } from "../../common/wire-headers.js";
import { BrokerError } from "../errors.js";

/** A gRPC status for any error: BrokerErrors keep their code, anything else is INTERNAL and logged. */
export function toServiceError(error: unknown, log: Logger): ServiceError {
  const metadata = new Metadata();
  if (error instanceof BrokerError) {
    if (error.field !== undefined) metadata.set(FIELD_HEADER, error.field);
    return Object.assign(new Error(error.message), { code: error.code, details: error.message, metadata });
  }
  log.error({ err: error }, "internal error");
  return Object.assign(new Error("Internal error"), { code: GrpcStatus.INTERNAL, details: "Internal error", metadata });
}
