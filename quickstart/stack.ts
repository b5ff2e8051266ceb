import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writePrivateFile } from "../certs/private-file.js";
import type { Stoppable } from "../common/shutdown.js";
import { ManagedProcess } from "./child-process.js";
import { prepareHome, quickstartFilePath, type QuickstartFile } from "./prepare-home.js";

/** dist/ — the compiled product, whichever module imports this. */
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export interface StackOptions {
  home: string;
  /** 0 picks a free port. */
  clientPort: number;
  agentPort: number;
  gatewayPort: number;
  internalPort: number;
  bindHost: string;
  /** How often the agent reports, in seconds. */
  agentUpdateInterval: number;
  /** Extra environment for every process (e.g. DCVSM_LOG_LEVEL). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The all-in-one quickstart: a broker, a gateway and one agent on the
 * simulated DCV backend, each its own process, sharing $DCVSM_HOME.
 */
export class Stack implements Stoppable {
  private constructor(
    readonly quickstart: QuickstartFile,
    readonly broker: ManagedProcess,
    readonly gateway: ManagedProcess,
    readonly agent: ManagedProcess,
    readonly logDir: string,
  ) {}

  static async start(options: StackOptions): Promise<Stack> {
    const home = resolve(options.home);
    const logDir = join(home, "logs");
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    const prepared = await prepareHome(home);
    const env = { ...process.env, ...options.env, DCVSM_HOME: home };
    const started: ManagedProcess[] = [];
    const start = async (name: string, module: string, extraEnv: NodeJS.ProcessEnv, args?: string[]) => {
      const child = await ManagedProcess.start({
        name,
        module: join(DIST, module),
        args,
        env: { ...env, ...extraEnv },
        logFile: join(logDir, `${name}.log`),
      });
      started.push(child);
      return child;
    };
    try {
      const broker = await start("broker", "broker/main.js", {
        DCVSM_AGENT_PORT: String(options.agentPort),
        DCVSM_AGENT_BIND_HOST: options.bindHost,
        DCVSM_INTERNAL_PORT: String(options.internalPort),
        DCVSM_INTERNAL_BIND_HOST: options.bindHost,
      });
      const gateway = await start("gateway", "gateway/main.js", {
        DCVSM_CLIENT_PORT: String(options.clientPort),
        DCVSM_CLIENT_BIND_HOST: options.bindHost,
        DCVSM_GATEWAY_PORT: String(options.gatewayPort),
        DCVSM_BROKER_URL: `https://localhost:${broker.ports.internal}`,
      });
      const agentConf = join(prepared.agentFolder, "agent.conf");
      writePrivateFile(
        agentConf,
        [
          "version = '0.1'",
          "[agent]",
          "broker_host = 'localhost'",
          `broker_port = ${broker.ports.agent}`,
          `ca_file = '${prepared.pki.caFile}'`,
          "software_statement_path = 'software-statement'",
          "state_folder = '.'",
          `broker_update_interval = ${options.agentUpdateInterval}`,
          "session_backend = 'simulated'",
          "",
        ].join("\n"),
      );
      const agent = await start("agent", "agent/main.js", {}, ["--config", agentConf]);
      const quickstart: QuickstartFile = {
        url: `https://localhost:${gateway.ports.client}`,
        clientId: prepared.client.clientId,
        clientSecret: prepared.client.clientSecret,
        caFile: prepared.pki.caFile,
        agentEndpoint: `localhost:${broker.ports.agent}`,
      };
      writePrivateFile(quickstartFilePath(home), `${JSON.stringify(quickstart, null, 2)}\n`);
      return new Stack(quickstart, broker, gateway, agent, logDir);
    } catch (error) {
      await Promise.all(started.map((child) => child.stop()));
      throw error;
    }
  }

  /** Stops all three at once; each has its own grace time, so the whole stack stops within one. */
  async drain(): Promise<void> {
    await Promise.all([this.agent, this.gateway, this.broker].map((child) => child.stop("SIGTERM")));
  }

  forceClose(): void {
    for (const child of [this.agent, this.gateway, this.broker]) child.child.kill("SIGKILL");
  }
}
