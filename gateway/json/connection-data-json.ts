import type { GetSessionConnectionDataResponse } from "../../gen/es/dcvsm/api/v1/api_pb.js";
import { sessionJson } from "./session-json.js";

export function sessionConnectionDataJson(response: GetSessionConnectionDataResponse) {
  return {
    Session: response.session && sessionJson(response.session),
    ConnectionToken: response.connectionToken,
  };
}
