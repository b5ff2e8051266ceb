import type { ParameterizedContext } from "koa";
import { REQUEST_ID_HEADER } from "../common/wire-headers.js";
import type { BrokerClient } from "./broker-client.js";

export interface GatewayState {
  /** Unique per request; logged, sent to the broker and returned as RequestId. */
  requestId: string;
}

export type GatewayContext = ParameterizedContext<GatewayState>;

/** Headers that carry the caller's token and the request id to the broker. */
export function brokerCallOptions(ctx: GatewayContext): { headers: Record<string, string> } {
  return { headers: { authorization: ctx.get("authorization"), [REQUEST_ID_HEADER]: ctx.state.requestId } };
}

export interface RouteDependencies {
  broker: BrokerClient;
}
