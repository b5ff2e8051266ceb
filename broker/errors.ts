import { status as GrpcStatus } from "@grpc/grpc-js";

/**
 * The one error type the broker raises on purpose. Its code is a gRPC status
 * (a closed set); the gateway maps each code to an HTTP status in one table.
 */
export class BrokerError extends Error {
  constructor(
    readonly code: GrpcStatus,
    message: string,
    /** The request field at fault, for INVALID_ARGUMENT. */
    readonly field?: string,
  ) {
    super(message);
    this.name = "BrokerError";
  }

  static invalidArgument(field: string, message: string): BrokerError {
    return new BrokerError(GrpcStatus.INVALID_ARGUMENT, message, field);
  }

  static unauthenticated(message: string): BrokerError {
    return new BrokerError(GrpcStatus.UNAUTHENTICATED, message);
  }

  static permissionDenied(message: string): BrokerError {
    return new BrokerError(GrpcStatus.PERMISSION_DENIED, message);
  }

  static unavailable(message: string): BrokerError {
    return new BrokerError(GrpcStatus.UNAVAILABLE, message);
  }

  static deadlineExceeded(message: string): BrokerError {
    return new BrokerError(GrpcStatus.DEADLINE_EXCEEDED, message);
  }

  static failedPrecondition(message: string): BrokerError {
    return new BrokerError(GrpcStatus.FAILED_PRECONDITION, message);
  }

  static notFound(message: string): BrokerError {
    return new BrokerError(GrpcStatus.NOT_FOUND, message);
  }
}
