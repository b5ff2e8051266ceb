import { mkdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { writePrivateFile } from "../certs/private-file.js";
import { defaultsUnder, findConfigFile } from "../common/config-file.js";
import { DEPLOYMENT_SETTINGS as S } from "../common/deployment-settings.js";
import type { Stoppable } from "../common/shutdown.js";
import { writeAgentConf, type AgentSetup } from "./agent-config.js";
import { ManagedProcess } from "./child-process.js";
import { prepareHome, quickstartFilePath, type QuickstartFile } from "./prepare-home.js";

/** dist/ — the compiled product, whichever module imports this. */
const DIST = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The quickstart's one agent. */
export const DEFAULT_AGENTS: readonly AgentSetup[] = [{ name: "agent" }];

export interface StackOptions {
  home: string;
  /** 0 picks a free port. */
  clientPort: number;
  agentPort: number;
  gatewayPort: number;
  internalPort: number;
  bindHost: string;
  /** How often the agents report, in seconds. */
  agentUpdateInterval: number;
  /** The simulated DCV servers; one plain agent by default. */
  agents?: readonly AgentSetup[];
  /** Extra environment for every process (e.g. DCVSM_LOG_LEVEL). */
  env?: NodeJS.ProcessEnv;
}

/**
 * The all-in-one quickstart: a broker, a gateway and agents on the simulated
 * DCV backend, each its own process, sharing $DCVSM_HOME.
 */
export class Stack implements Stoppable {
  private constructor(
    readonly quickstart: QuickstartFile,
    readonly broker: ManagedProcess,
    readonly gateway: ManagedProcess,
    /** Agent processes by name; replaced when an agent is restarted. */
    readonly agents: Map<string, ManagedProcess>,
    readonly logDir: string,
    private readonly startAgentProcess: (name: string) => Promise<ManagedProcess>,
  ) {}

  /** The first agent (the quickstart's only one). */
  get agent(): ManagedProcess {
    return this.agents.values().next().value!;
  }

  static async start(options: StackOptions): Promise<Stack> {
    const home = resolve(options.home);
    const logDir = join(home, "logs");
    mkdirSync(logDir, { recursive: true, mode: 0o700 });
    const agentSetups = options.agents ?? DEFAULT_AGENTS;
    const prepared = await prepareHome(
      home,
      agentSetups.map((setup) => setup.name),
    );
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
      // The stack's choices are defaults under the deployment file ($DCVSM_BROKER_CONFIG), which broker and
      // gateway read too: a choice is passed (as an environment variable, which would override the file)
      // only for a setting the file leaves unset. Variables the user exported reach the children as they are.
      const deploymentFile = findConfigFile([], env);
      const broker = await start(
        "broker",
        "broker/main.js",
        defaultsUnder(deploymentFile, [
          [S.agentPort, options.agentPort],
          [S.agentBindHost, options.bindHost],
          [S.internalPort, options.internalPort],
          [S.internalBindHost, options.bindHost],
          [S.gatewayPort, options.gatewayPort],
        ]),
      );
      const gateway = await start(
        "gateway",
        "gateway/main.js",
        defaultsUnder(deploymentFile, [
          [S.clientPort, options.clientPort],
          [S.clientBindHost, options.bindHost],
          [S.brokerUrl, `https://localhost:${broker.ports.internal}`],
        ]),
      );
      const agentPort = broker.ports.agent!;
      const confs = new Map(
        agentSetups.map((setup, index) => [
          setup.name,
          writeAgentConf(prepared.agentFolders[index]!, setup, {
            brokerPort: agentPort,
            caFile: prepared.pki.caFile,
            updateInterval: options.agentUpdateInterval,
          }),
        ]),
      );
      const startAgent = (name: string) => start(name, "agent/main.js", {}, ["--config", confs.get(name)!]);
      const agents = new Map<string, ManagedProcess>();
      for (const agent of await Promise.all(agentSetups.map((setup) => startAgent(setup.name)))) agents.set(agent.name, agent);
      const quickstart: QuickstartFile = {
        url: `https://localhost:${gateway.ports.client}`,
        clientId: prepared.client.clientId,
        clientSecret: prepared.client.clientSecret,
        caFile: prepared.pki.caFile,
        agentEndpoint: `localhost:${agentPort}`,
        verifierUrl: `https://localhost:${agentPort}/agent/validate-authentication-token`,
      };
      writePrivateFile(quickstartFilePath(home), `${JSON.stringify(quickstart, null, 2)}\n`);
      return new Stack(quickstart, broker, gateway, agents, logDir, startAgent);
    } catch (error) {
      await Promise.all(started.map((child) => child.stop()));
      throw error;
    }
  }

  /** Starts an agent again after it stopped (or was killed); it keeps its enrollment. */
  async restartAgent(name: string): Promise<ManagedProcess> {
    await this.agents.get(name)?.stop();
    const agent = await this.startAgentProcess(name);
    this.agents.set(name, agent);
    return agent;
  }

  private get processes(): ManagedProcess[] {
    return [...this.agents.values(), this.gateway, this.broker];
  }

  /** Stops all processes at once; each has its own grace time, so the whole stack stops within one. */
  async drain(): Promise<void> {
    await Promise.all(this.processes.map((child) => child.stop("SIGTERM")));
  }

  forceClose(): void {
    for (const child of this.processes) child.child.kill("SIGKILL");
  }
}
