import { join, resolve } from "node:path";
import { DEPLOYMENT_SETTINGS as S } from "../common/deployment-settings.js";
import type { SettingsOf } from "../common/settings.js";

/** The broker's settings, from session-manager-broker.properties and the environment. */
export const BROKER_SETTINGS = {
  home: S.home,
  clientPort: S.clientPort,
  clientBindHost: S.clientBindHost,
  agentPort: S.agentPort,
  agentBindHost: S.agentBindHost,
  enableGateway: S.enableGateway,
  gatewayPort: S.gatewayPort,
  gatewayBindHost: S.gatewayBindHost,
  enableTlsClientAuthGateway: S.enableTlsClientAuthGateway,
  internalPort: S.internalPort,
  internalBindHost: S.internalBindHost,
  enableAuthorizationServer: S.enableAuthorizationServer,
  enableAuthorization: S.enableAuthorization,
  enableAgentAuthorization: S.enableAgentAuthorization,
  accessTokenDurationSeconds: S.accessTokenDurationSeconds,
  connectSessionTokenDurationMinutes: S.connectSessionTokenDurationMinutes,
  maxApiRequestsPerSecond: S.maxApiRequestsPerSecond,
  enableThrottlingForwardHeader: S.enableThrottlingForwardHeader,
  sessionScreenshotMaxWidth: S.sessionScreenshotMaxWidth,
  sessionScreenshotMaxHeight: S.sessionScreenshotMaxHeight,
  sessionScreenshotFormat: S.sessionScreenshotFormat,
  createSessionsQueueMaxSize: S.createSessionsQueueMaxSize,
  createSessionsQueueMaxTimeSeconds: S.createSessionsQueueMaxTimeSeconds,
  createSessionsNumberOfRetriesOnFailure: S.createSessionsNumberOfRetriesOnFailure,
  autorunFileArgumentsMaxSize: S.autorunFileArgumentsMaxSize,
  autorunFileArgumentsMaxArgumentLength: S.autorunFileArgumentsMaxArgumentLength,
  deleteSessionDurationSeconds: S.deleteSessionDurationSeconds,
  secondsBeforeDeletingUnreachableDcvServer: S.secondsBeforeDeletingUnreachableDcvServer,
  secondsBeforeDeletingSessionsUnreachableServer: S.secondsBeforeDeletingSessionsUnreachableServer,
  agentCertificateDurationSeconds: S.agentCertificateDurationSeconds,
  agentCommandTimeoutSeconds: S.agentCommandTimeoutSeconds,
  enablePersistence: S.enablePersistence,
  persistenceDb: S.persistenceDb,
  jdbcConnectionUrl: S.jdbcConnectionUrl,
  jdbcUser: S.jdbcUser,
  jdbcPassword: S.jdbcPassword,
  dynamodbRegion: S.dynamodbRegion,
  dynamodbTableRcu: S.dynamodbTableRcu,
  dynamodbTableWcu: S.dynamodbTableWcu,
  dynamodbTableNamePrefix: S.dynamodbTableNamePrefix,
};

export type BrokerSettings = SettingsOf<typeof BROKER_SETTINGS>;

/** Where the broker keeps its state, as an absolute path. */
export function brokerHome(settings: BrokerSettings): string {
  return resolve(settings.home);
}

/** The broker's CA, keys and certificates, under its home. */
export const brokerSecurityDir = (home: string) => join(home, "security");

/** The broker's SQLite database, under its home. */
export const brokerDatabaseFile = (home: string) => join(home, "broker.db");
