import { loadDeploymentSettings } from "../common/config-file.js";
import { createLogger } from "../common/logger.js";
import { announceReady } from "../common/process-ready.js";
import { stopOnSignals } from "../common/shutdown.js";
import { Broker } from "./broker.js";
import { BROKER_SETTINGS } from "./settings.js";

// Everything the broker writes (keys, database) is for its own user only.
process.umask(0o077);
const log = createLogger({ name: "broker" });
try {
  const { settings, configFile, warnings } = loadDeploymentSettings(BROKER_SETTINGS, { args: process.argv.slice(2) });
  for (const warning of warnings) log.warn(warning);
  if (configFile !== undefined) log.info({ configFile }, "read the configuration file");
  const broker = await Broker.start(settings, log);
  stopOnSignals(broker, log);
  announceReady({ agent: broker.ports.agent, internal: broker.ports.internal });
} catch (error) {
  log.fatal({ err: error }, `broker failed to start: ${(error as Error).message}`);
  log.flush(() => process.exit(1));
}
