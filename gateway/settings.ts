import { portSetting, stringSetting, type SettingsOf } from "../common/settings.js";

/** Gateway settings: keys as in session-manager-broker.properties, each overridable by an environment variable. */
export const GATEWAY_SETTINGS = {
  home: stringSetting("session-manager-working-path", { env: "DCVSM_HOME", default: ".dcvsm" }),
  clientPort: portSetting("client-to-broker-connect-https-port", { env: "DCVSM_CLIENT_PORT", default: 8443 }),
  clientBindHost: stringSetting("client-to-broker-connect-bind-host", { env: "DCVSM_CLIENT_BIND_HOST", default: "0.0.0.0" }),
  /** Where the broker's internal API listens. */
  brokerUrl: stringSetting("broker-internal-api-url", { env: "DCVSM_BROKER_URL", default: "https://localhost:47100" }),
};

export type GatewaySettings = SettingsOf<typeof GATEWAY_SETTINGS>;
