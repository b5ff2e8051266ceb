import type { ExecutionContext } from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writePrivateFile } from "../../certs/private-file.js";
import type { AgentSetup } from "../../quickstart/agent-config.js";
import { Stack } from "../../quickstart/stack.js";
import { ApiClient } from "./api-client.js";

export interface TestStack {
  stack: Stack;
  api: ApiClient;
  home: string;
}

export interface TestStackOptions {
  /** Seconds between agent status reports (1 by default, so tests see changes quickly). */
  agentUpdateInterval?: number;
  agents?: AgentSetup[];
  /** session-manager-broker.properties entries. */
  brokerProperties?: Record<string, string | number | boolean>;
}

/** A broker, gateway and simulated agents as real processes on 127.0.0.1, free ports, a temp home; stopped after the test. */
export async function startTestStack(t: ExecutionContext, options: TestStackOptions = {}): Promise<TestStack> {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-test-"));
  // ava runs teardowns last-registered first: stop the processes, then remove their files.
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const env: NodeJS.ProcessEnv = {};
  if (options.brokerProperties !== undefined) {
    const file = join(home, "session-manager-broker.properties");
    writePrivateFile(file, Object.entries(options.brokerProperties).map(([key, value]) => `${key} = ${value}\n`).join(""));
    env.DCVSM_BROKER_CONFIG = file;
  }
  const stack = await Stack.start({
    home,
    clientPort: 0,
    agentPort: 0,
    gatewayPort: 0,
    internalPort: 0,
    bindHost: "127.0.0.1",
    agentUpdateInterval: options.agentUpdateInterval ?? 1,
    agents: options.agents,
    env,
  });
  t.teardown(() => stack.drain());
  return { stack, api: new ApiClient(stack.quickstart), home };
}
