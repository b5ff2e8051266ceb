import type { ExecutionContext } from "ava";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "../../quickstart/stack.js";
import { ApiClient } from "./api-client.js";

export interface TestStack {
  stack: Stack;
  api: ApiClient;
  home: string;
}

/** A broker, gateway and simulated agent as real processes on 127.0.0.1, free ports, a temp home; stopped after the test. */
export async function startTestStack(t: ExecutionContext, options: { agentUpdateInterval?: number } = {}): Promise<TestStack> {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-test-"));
  // ava runs teardowns last-registered first: stop the processes, then remove their files.
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const stack = await Stack.start({
    home,
    clientPort: 0,
    agentPort: 0,
    gatewayPort: 0,
    internalPort: 0,
    bindHost: "127.0.0.1",
    agentUpdateInterval: options.agentUpdateInterval ?? 1,
  });
  t.teardown(() => stack.drain());
  return { stack, api: new ApiClient(stack.quickstart), home };
}
