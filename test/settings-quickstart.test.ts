import test from "ava";
import { once } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { startTestStack } from "./support/test-stack.js";

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
  const agentPort = await freePort();
  const { stack } = await startTestStack(t, { brokerProperties: { "agent-to-broker-connector-https-port": agentPort } });
  t.is(stack.broker.ports.agent, agentPort, "the file's port, not the quickstart's 0");
  t.not(stack.broker.ports.internal, 47100, "a port the file leaves unset is the quickstart's choice (0: any free port)");
});
