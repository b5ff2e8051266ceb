import { resolve } from "node:path";
import { integerSetting, portSetting, stringSetting, type SettingsOf } from "../common/settings.js";

/**
 * Broker settings: keys as in session-manager-broker.properties, each
 * overridable by an environment variable.
 */
export const BROKER_SETTINGS = {
  home: stringSetting("session-manager-working-path", { env: "DCVSM_HOME", default: ".dcvsm" }),
  clientPort: portSetting("client-to-broker-connect-https-port", { env: "DCVSM_CLIENT_PORT", default: 8443 }),
  clientBindHost: stringSetting("client-to-broker-connect-bind-host", { env: "DCVSM_CLIENT_BIND_HOST", default: "0.0.0.0" }),
  agentPort: portSetting("agent-to-broker-connect-https-port", { env: "DCVSM_AGENT_PORT", default: 8445 }),
  agentBindHost: stringSetting("agent-to-broker-connect-bind-host", { env: "DCVSM_AGENT_BIND_HOST", default: "0.0.0.0" }),
  gatewayPort: portSetting("gateway-to-broker-connector-https-port", { env: "DCVSM_GATEWAY_PORT", default: 8447 }),
  /** The broker's internal API (gateway and peer brokers), mutual TLS. */
  internalPort: portSetting("broker-to-broker-port", { env: "DCVSM_INTERNAL_PORT", default: 47100 }),
  internalBindHost: stringSetting("broker-to-broker-bind-host", { env: "DCVSM_INTERNAL_BIND_HOST", default: "0.0.0.0" }),
  deleteSessionDurationSeconds: integerSetting("delete-session-duration-seconds", { default: 3600, min: 0, max: 365 * 86400 }),
  accessTokenDurationSeconds: integerSetting("access-token-duration-seconds", { default: 3600, min: 60, max: 86400 }),
  agentCertificateDurationSeconds: integerSetting("agent-certificate-duration-seconds", {
    default: 7 * 86400,
    min: 60,
    max: 397 * 86400,
  }),
  agentCommandTimeoutSeconds: integerSetting("agent-command-timeout-seconds", { default: 30, min: 1, max: 600 }),
};

export type BrokerSettings = SettingsOf<typeof BROKER_SETTINGS>;

/** Where the broker keeps its state, as an absolute path. */
export function brokerHome(settings: BrokerSettings): string {
  return resolve(settings.home);
}
