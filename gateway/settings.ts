import { DEPLOYMENT_SETTINGS as S } from "../common/deployment-settings.js";
import type { SettingsOf } from "../common/settings.js";

/** The gateway's settings, from the broker's session-manager-broker.properties and the environment. */
export const GATEWAY_SETTINGS = {
  home: S.home,
  clientPort: S.clientPort,
  clientBindHost: S.clientBindHost,
  brokerUrl: S.brokerUrl,
  maxApiRequestsPerSecond: S.maxApiRequestsPerSecond,
  enableThrottlingForwardHeader: S.enableThrottlingForwardHeader,
};

export type GatewaySettings = SettingsOf<typeof GATEWAY_SETTINGS>;
