import { status as GrpcStatus, ServerInterceptingCall, type ServerInterceptor } from "@grpc/grpc-js";
import { identityOf } from "../../certs/identity.js";

/**
 * Admits only callers whose client certificate (already verified against the
 * broker CA by TLS) names one of `identities`: agents hold certificates from
 * the same CA and must not reach the internal API.
 */
export function requireCallerIdentity(identities: ReadonlySet<string>): ServerInterceptor {
  return (_method, call) =>
    new ServerInterceptingCall(call, {
      start(next) {
        next({
          onReceiveMetadata(metadata, proceed) {
            const certificate = call.getAuthContext().sslPeerCertificate;
            const identity = certificate === undefined ? undefined : identityOf(certificate);
            if (identity !== undefined && identities.has(identity)) {
              proceed(metadata);
            } else {
              call.sendStatus({ code: GrpcStatus.PERMISSION_DENIED, details: "This certificate may not call the broker API" });
            }
          },
        });
      },
    });
}
