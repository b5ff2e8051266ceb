import type { UpdateSessionPermissionsResponse } from "../../gen/es/dcvsm/api/v1/api_pb.js";

/** UpdateSessionPermissions results without RequestId. */
export function sessionPermissionsJson(response: UpdateSessionPermissionsResponse) {
  return {
    SuccessfulList: response.successfulList.map((success) => ({ SessionId: success.sessionId })),
    UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
      SessionId: failure.sessionId,
      FailureReason: failure.failureReason,
    })),
  };
}
