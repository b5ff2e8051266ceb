import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadDeploymentSettings } from "../common/config-file.js";
import { createLogger } from "../common/logger.js";
import { announceReady } from "../common/process-ready.js";
import { stopOnSignals } from "../common/shutdown.js";
import { createGatewayApp } from "./app.js";
import { createBrokerClient } from "./broker-client.js";
import { listenHttps } from "./server.js";
import { GATEWAY_SETTINGS } from "./settings.js";

const log = createLogger({ name: "gateway" });
try {
  const { settings, configFile, warnings } = loadDeploymentSettings(GATEWAY_SETTINGS, { args: process.argv.slice(2) });
  for (const warning of warnings) log.warn(warning);
  if (configFile !== undefined) log.info({ configFile }, "read the configuration file");
  const security = join(resolve(settings.home), "security");
  const read = (name: string) => readFileSync(join(security, name), "utf8");
  const tls = { certPem: read("gateway.pem"), keyPem: read("gateway.key") };
  const broker = createBrokerClient({ baseUrl: settings.brokerUrl, caPem: read("ca.pem"), ...tls });
  const throttling = {
    maxRequestsPerSecond: settings.maxApiRequestsPerSecond,
    useForwardedFor: settings.enableThrottlingForwardHeader,
  };
  const app = createGatewayApp({ broker }, { throttling }, log);
  const { server, port } = await listenHttps(app as never, tls, settings.clientBindHost, settings.clientPort);
  log.info({ port }, "gateway serving the client API");
  stopOnSignals(
    {
      drain: () =>
        new Promise<void>((done) => {
          server.close(() => done());
          server.closeIdleConnections();
        }),
      forceClose: () => server.closeAllConnections(),
    },
    log,
  );
  announceReady({ client: port });
} catch (error) {
  log.fatal({ err: error }, `gateway failed to start: ${(error as Error).message}`);
  log.flush(() => process.exit(1));
}
