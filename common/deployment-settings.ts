import {
  booleanSetting,
  enumSetting,
  fileKeys,
  integerSetting,
  optionalIntegerSetting,
  parseInteger,
  portSetting,
  stringSetting,
} from "./settings.js";

const HOUR = 3600;
const DAY = 24 * HOUR;

/**
 * Every setting of the deployment's session-manager-broker.properties, each
 * defined once: the broker and the gateway read the same file and each picks
 * its own settings from here. Keys are the original product's unless marked
 * as our extension; each has an environment variable that overrides the file.
 */
export const DEPLOYMENT_SETTINGS = {
  home: stringSetting("session-manager-working-path", { env: "DCVSM_HOME", default: ".dcvsm" }),

  // The guide spells these "connect"; the file the original installs spells them "connector".
  clientPort: portSetting("client-to-broker-connect-https-port", {
    env: "DCVSM_CLIENT_PORT",
    default: 8443,
    aliases: ["client-to-broker-connector-https-port"],
  }),
  clientBindHost: stringSetting("client-to-broker-connect-bind-host", {
    env: "DCVSM_CLIENT_BIND_HOST",
    default: "0.0.0.0",
    aliases: ["client-to-broker-connector-bind-host"],
  }),
  agentPort: portSetting("agent-to-broker-connect-https-port", {
    env: "DCVSM_AGENT_PORT",
    default: 8445,
    aliases: ["agent-to-broker-connector-https-port"],
  }),
  agentBindHost: stringSetting("agent-to-broker-connect-bind-host", {
    env: "DCVSM_AGENT_BIND_HOST",
    default: "0.0.0.0",
    aliases: ["agent-to-broker-connector-bind-host"],
  }),

  // The DCV Connection Gateway's session resolver.
  enableGateway: booleanSetting("enable-gateway", { env: "DCVSM_ENABLE_GATEWAY", default: false }),
  gatewayPort: portSetting("gateway-to-broker-connector-https-port", { env: "DCVSM_GATEWAY_PORT", default: 8447 }),
  gatewayBindHost: stringSetting("gateway-to-broker-connector-bind-host", { env: "DCVSM_GATEWAY_BIND_HOST", default: "0.0.0.0" }),
  enableTlsClientAuthGateway: booleanSetting("enable-tls-client-auth-gateway", {
    env: "DCVSM_ENABLE_TLS_CLIENT_AUTH_GATEWAY",
    default: false,
  }),

  /** The broker's internal API (gateway and peer brokers), mutual TLS. */
  internalPort: portSetting("broker-to-broker-port", { env: "DCVSM_INTERNAL_PORT", default: 47100 }),
  internalBindHost: stringSetting("broker-to-broker-bind-host", { env: "DCVSM_INTERNAL_BIND_HOST", default: "0.0.0.0" }),
  /** Our extension: where the gateway finds the broker's internal API. */
  brokerUrl: stringSetting("broker-internal-api-url", { env: "DCVSM_BROKER_URL", default: "https://localhost:47100" }),

  enableAuthorizationServer: booleanSetting("enable-authorization-server", {
    env: "DCVSM_ENABLE_AUTHORIZATION_SERVER",
    default: true,
  }),
  enableAuthorization: booleanSetting("enable-authorization", { env: "DCVSM_ENABLE_AUTHORIZATION", default: true }),
  enableAgentAuthorization: booleanSetting("enable-agent-authorization", { env: "DCVSM_ENABLE_AGENT_AUTHORIZATION", default: true }),
  /** Our extension. */
  accessTokenDurationSeconds: integerSetting("access-token-duration-seconds", {
    env: "DCVSM_ACCESS_TOKEN_DURATION_SECONDS",
    default: HOUR,
    min: 60,
    max: DAY,
  }),
  connectSessionTokenDurationMinutes: integerSetting("connect-session-token-duration-minutes", {
    env: "DCVSM_CONNECT_SESSION_TOKEN_DURATION_MINUTES",
    default: 60,
    min: 1,
    max: 7 * 24 * 60,
  }),
  maxApiRequestsPerSecond: integerSetting("max-api-requests-per-second", {
    env: "DCVSM_MAX_API_REQUESTS_PER_SECOND",
    default: 1000,
    min: 1,
    max: 1_000_000,
  }),
  enableThrottlingForwardHeader: booleanSetting("enable-throttling-forward-header", {
    env: "DCVSM_ENABLE_THROTTLING_FORWARD_HEADER",
    default: false,
  }),

  // One table of the guide spells these "session-screenshots-…".
  sessionScreenshotMaxWidth: integerSetting("session-screenshot-max-width", {
    env: "DCVSM_SESSION_SCREENSHOT_MAX_WIDTH",
    default: 160,
    min: 1,
    max: 10_000,
    aliases: ["session-screenshots-max-width"],
  }),
  sessionScreenshotMaxHeight: integerSetting("session-screenshot-max-height", {
    env: "DCVSM_SESSION_SCREENSHOT_MAX_HEIGHT",
    default: 100,
    min: 1,
    max: 10_000,
    aliases: ["session-screenshots-max-height"],
  }),
  sessionScreenshotFormat: enumSetting("session-screenshot-format", ["png", "jpeg"] as const, {
    env: "DCVSM_SESSION_SCREENSHOT_FORMAT",
    default: "png",
    aliases: ["session-screenshots-format"],
  }),

  createSessionsQueueMaxSize: integerSetting("create-sessions-queue-max-size", {
    env: "DCVSM_CREATE_SESSIONS_QUEUE_MAX_SIZE",
    default: 1000,
    min: 0,
    max: 1_000_000,
  }),
  createSessionsQueueMaxTimeSeconds: integerSetting("create-sessions-queue-max-time-seconds", {
    env: "DCVSM_CREATE_SESSIONS_QUEUE_MAX_TIME_SECONDS",
    default: 1800,
    min: 1,
    max: 7 * DAY,
  }),
  createSessionsNumberOfRetriesOnFailure: integerSetting("create-sessions-number-of-retries-on-failure", {
    env: "DCVSM_CREATE_SESSIONS_NUMBER_OF_RETRIES_ON_FAILURE",
    default: 2,
    min: 0,
    max: 100,
  }),
  autorunFileArgumentsMaxSize: integerSetting("autorun-file-arguments-max-size", {
    env: "DCVSM_AUTORUN_FILE_ARGUMENTS_MAX_SIZE",
    default: 50,
    min: 0,
    max: 10_000,
  }),
  autorunFileArgumentsMaxArgumentLength: integerSetting("autorun-file-arguments-max-argument-length", {
    env: "DCVSM_AUTORUN_FILE_ARGUMENTS_MAX_ARGUMENT_LENGTH",
    default: 150,
    min: 1,
    max: 100_000,
  }),

  deleteSessionDurationSeconds: {
    ...integerSetting("delete-session-duration-seconds", {
      env: "DCVSM_DELETE_SESSION_DURATION_SECONDS",
      default: HOUR,
      min: 0,
      max: 365 * DAY,
    }),
    deprecatedKey: { key: "delete-session-duration-hours", parse: (raw: string) => parseInteger(raw, 0, 365 * 24) * HOUR },
  },
  secondsBeforeDeletingUnreachableDcvServer: integerSetting("seconds-before-deleting-unreachable-dcv-server", {
    env: "DCVSM_SECONDS_BEFORE_DELETING_UNREACHABLE_DCV_SERVER",
    default: 1800,
    min: 1,
    max: 365 * DAY,
  }),
  /** Unset: sessions of an unreachable server are kept. */
  secondsBeforeDeletingSessionsUnreachableServer: optionalIntegerSetting("seconds-before-deleting-sessions-unreachable-server", {
    env: "DCVSM_SECONDS_BEFORE_DELETING_SESSIONS_UNREACHABLE_SERVER",
    min: 1,
    max: 365 * DAY,
  }),
  /** Our extension. */
  agentCertificateDurationSeconds: integerSetting("agent-certificate-duration-seconds", {
    env: "DCVSM_AGENT_CERTIFICATE_DURATION_SECONDS",
    default: 7 * DAY,
    min: 60,
    max: 397 * DAY,
  }),
  /** Our extension. */
  agentCommandTimeoutSeconds: integerSetting("agent-command-timeout-seconds", {
    env: "DCVSM_AGENT_COMMAND_TIMEOUT_SECONDS",
    default: 30,
    min: 1,
    max: 600,
  }),

  enablePersistence: booleanSetting("enable-persistence", { env: "DCVSM_ENABLE_PERSISTENCE", default: false }),
  /** The original supports mysql and dynamodb only; sqlite is our default. */
  persistenceDb: enumSetting("persistence-db", ["mysql", "dynamodb", "sqlite"] as const, { env: "DCVSM_PERSISTENCE_DB", default: "sqlite" }),
  jdbcConnectionUrl: stringSetting("jdbc-connection-url", { env: "DCVSM_JDBC_CONNECTION_URL", default: "", allowEmpty: true }),
  jdbcUser: stringSetting("jdbc-user", { env: "DCVSM_JDBC_USER", default: "", allowEmpty: true }),
  jdbcPassword: stringSetting("jdbc-password", { env: "DCVSM_JDBC_PASSWORD", default: "", allowEmpty: true, secret: true }),
  dynamodbRegion: stringSetting("dynamodb-region", { env: "DCVSM_DYNAMODB_REGION", default: "", allowEmpty: true }),
  dynamodbTableRcu: optionalIntegerSetting("dynamodb-table-rcu", { env: "DCVSM_DYNAMODB_TABLE_RCU", min: 1, max: 1_000_000 }),
  dynamodbTableWcu: optionalIntegerSetting("dynamodb-table-wcu", { env: "DCVSM_DYNAMODB_TABLE_WCU", min: 1, max: 1_000_000 }),
  dynamodbTableNamePrefix: stringSetting("dynamodb-table-name-prefix", {
    env: "DCVSM_DYNAMODB_TABLE_NAME_PREFIX",
    default: "",
    allowEmpty: true,
    allowed: { pattern: /^[A-Za-z0-9._-]*$/, description: "only letters, digits, dot, dash and underscore" },
  }),
};

/**
 * Keys of the original product that this implementation reads past without
 * using (Java runtime, key stores, cluster discovery, CloudWatch): a file
 * carried over from the original gets a warning for each, not "unknown key".
 * Spellings are as in the guide and in the file the original installs.
 */
export const RECOGNISED_UNUSED_KEYS: ReadonlySet<string> = new Set([
  "broker-java-home",
  "broker.java.home",
  "enable-api-yaml",
  "cli-to-broker-port",
  "client-to-broker-connect-key-store-file",
  "client-to-broker-connect-key-store-pass",
  "client-to-broker-connector-key-store-file",
  "client-to-broker-connector-key-store-pass",
  "agent-to-broker-connection-key-store-file",
  "agent-to-broker-connection-key-store-pass",
  "agent-to-broker-connector-key-store-file",
  "agent-to-broker-connector-key-store-pass",
  "gateway-to-broker-connector-key-store-file",
  "gateway-to-broker-connector-key-store-pass",
  "gateway-to-broker-connector-trust-store-file",
  "gateway-to-broker-connector-trust-store-pass",
  "broker-to-broker-key-store-file",
  "broker-to-broker-key-store-pass",
  "broker-to-broker-connection-login",
  "broker-to-broker-connection-pass",
  "broker-to-broker-discovery-port",
  "broker-to-broker-discovery-address",
  "broker-to-broker-discovery-addresses",
  "broker-to-broker-discovery-multicast-group",
  "broker-to-broker-discovery-multicast-port",
  "broker-to-broker-discovery-aws-region",
  "broker-to-broker-discovery-AWS-region",
  "broker-to-broker-discovery-aws-alb-target-group-arn",
  "broker-to-broker-discovery-AWS-alb-target-group-arn",
  "broker-to-broker-distributed-memory-max-size-mb",
  "enable-cloud-watch-metrics",
  "cloud-watch-region",
  "metrics-fleet-name-dimension",
]);

/** Every key the deployment file may hold without an "unknown key" warning, whichever process reads it. */
export const KNOWN_DEPLOYMENT_KEYS: ReadonlySet<string> = new Set([
  ...Object.values(DEPLOYMENT_SETTINGS).flatMap(fileKeys),
  ...RECOGNISED_UNUSED_KEYS,
]);
