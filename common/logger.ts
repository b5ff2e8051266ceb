import { pino, type Logger, type DestinationStream } from "pino";

export type { Logger } from "pino";

/**
 * Keys whose values never reach a log line, wherever they appear (one level
 * deep, or at the top). Secrets must not be logged in the first place; this is
 * the safety net.
 */
const REDACTED_KEYS = [
  "authorization",
  "clientSecret",
  "client_secret",
  "password",
  "secret",
  "token",
  "accessToken",
  "access_token",
  "connectionToken",
  "softwareStatement",
  "privateKey",
  "keyPem",
];

export interface LoggerOptions {
  /** Name of the process ("broker", "gateway", "agent"). */
  name: string;
  level?: string;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      name: options.name,
      level: options.level ?? process.env.DCVSM_LOG_LEVEL ?? "info",
      redact: {
        paths: REDACTED_KEYS.flatMap((key) => [key, `*.${key}`]),
        censor: "[redacted]",
      },
      base: { pid: process.pid },
    },
    options.destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
