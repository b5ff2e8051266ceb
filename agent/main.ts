import { parseArgs } from "node:util";
import { createLogger } from "../common/logger.js";
import { announceReady } from "../common/process-ready.js";
import { stopOnSignals } from "../common/shutdown.js";
import { FailureCode } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import { DcvBackendError, type DcvBackend } from "./backend/dcv-backend.js";
import { SimulatedBackend } from "./backend/simulated-backend.js";
import { BrokerLink } from "./broker-link.js";
import { CommandExecutor } from "./command-executor.js";
import { ensureEnrolled } from "./enrollment.js";
import { primaryIpAddress } from "./host-facts.js";
import { loadAgentSettings, type AgentSettings } from "./settings.js";
import { StatusReporter } from "./status-reporter.js";
import { TagsSource } from "./tags-folder.js";
import { AGENT_VERSION } from "./version.js";

const DEFAULT_CONFIG = "/etc/dcv-session-manager-agent/agent.conf";

const { values } = parseArgs({ options: { config: { type: "string", short: "c" } } });
const bootLog = createLogger({ name: "agent" });

function backendFor(settings: AgentSettings): DcvBackend {
  if (settings.sessionBackend === "simulated") {
    return new SimulatedBackend({
      ipAddress: primaryIpAddress(settings.preferredNetworkInterface),
      display: settings.simulatedDisplay,
      users: settings.simulatedUsers,
    });
  }
  throw new Error("agent.session_backend = 'dcv' is not available in this build yet; use 'simulated'");
}

try {
  const settings = loadAgentSettings(values.config ?? DEFAULT_CONFIG);
  const log = bootLog.child({}, { level: settings.logLevel === "warning" ? "warn" : settings.logLevel });
  const backend = backendFor(settings);
  const identity = await ensureEnrolled(settings, log);
  const executor = new CommandExecutor(backend, log, () =>
    Promise.reject(new DcvBackendError(FailureCode.FAILURE_CODE_UNSUPPORTED, "Certificate renewal is not supported yet")),
  );
  const link = new BrokerLink({
    settings,
    identity,
    agentVersion: AGENT_VERSION,
    dcvVersion: () => backend.version(),
    executor,
    reporter: new StatusReporter(backend, settings, new TagsSource(settings.tagsFolder, log)),
    log: log.child({ agentId: identity.agentId }),
  });
  link.onStateChange((state) => {
    if (state === "OPEN") announceReady({});
  });
  link.start();
  stopOnSignals({ drain: () => link.close(), forceClose: () => undefined }, log);
} catch (error) {
  bootLog.fatal({ err: error }, `agent failed to start: ${(error as Error).message}`);
  bootLog.flush(() => process.exit(1));
}
