import type { CloseServersResponse, OpenServersResponse } from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { compact } from "./compact.js";

function serverIdJson({ serverId }: { serverId: string }) {
  return { ServerId: serverId };
}

function failureJson(failure: { failureCode: string; failureReason: string }) {
  return compact({ FailureCode: failure.failureCode, FailureReason: failure.failureReason });
}

/** OpenServers results without RequestId. */
export function openServersJson(response: OpenServersResponse) {
  return {
    SuccessfulList: response.successfulList.map(serverIdJson),
    UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
      OpenServerRequestData: failure.openServerRequestData && serverIdJson(failure.openServerRequestData),
      ...failureJson(failure),
    })),
  };
}

/** CloseServers results without RequestId. */
export function closeServersJson(response: CloseServersResponse) {
  return {
    SuccessfulList: response.successfulList.map(serverIdJson),
    UnsuccessfulList: response.unsuccessfulList.map((failure) => ({
      CloseServerRequestData: failure.closeServerRequestData && {
        ...serverIdJson(failure.closeServerRequestData),
        ...(failure.closeServerRequestData.force === undefined ? {} : { Force: failure.closeServerRequestData.force }),
      },
      ...failureJson(failure),
    })),
  };
}
