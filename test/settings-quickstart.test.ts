import test from "ava";
import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Stack } from "../quickstart/stack.js";

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, "close");
  return port;
}

test("the quickstart's port choices sit under $DCVSM_BROKER_CONFIG: a port the file sets is the one bound", async (t) => {
  const home = mkdtempSync(join(tmpdir(), "dcvsm-layering-"));
  t.teardown(() => rmSync(home, { recursive: true, force: true }));
  const agentPort = await freePort();
  const config = join(home, "session-manager-broker.properties");
  writeFileSync(config, `agent-to-broker-connector-https-port = ${agentPort}\n`, { mode: 0o600 });

  const stack = await Stack.start({
    home,
    clientPort: 0,
    agentPort: 0,
    gatewayPort: 0,
    internalPort: 0,
    bindHost: "127.0.0.1",
    agentUpdateInterval: 1,
    env: { DCVSM_BROKER_CONFIG: config },
  });
  t.teardown(() => stack.drain());
  t.is(stack.broker.ports.agent, agentPort, "the file's port, not the quickstart's 0");
  t.not(stack.broker.ports.internal, 47100, "a port the file leaves unset is the quickstart's choice (0: any free port)");
});
