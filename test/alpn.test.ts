import test from "ava";
import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { connect } from "node:tls";
import { scanClientHello } from "../broker/agents/alpn.js";

/** Captures the first bytes a real TLS client sends with these ALPN protocols. */
async function clientHello(alpn: string[] | undefined): Promise<Buffer> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const port = (server.address() as { port: number }).port;
  const accepted = once(server, "connection") as Promise<[Socket]>;
  const client = connect({ host: "127.0.0.1", port, ALPNProtocols: alpn, rejectUnauthorized: false });
  client.on("error", () => undefined);
  const [socket] = await accepted;
  const [chunk] = (await once(socket, "data")) as [Buffer];
  client.destroy();
  socket.destroy();
  server.close();
  return chunk;
}

test("the ALPN list of a real ClientHello is read without terminating TLS", async (t) => {
  t.deepEqual(scanClientHello(await clientHello(["h2"])), { complete: true, protocols: ["h2"] });
  t.deepEqual(scanClientHello(await clientHello(["http/1.1", "h2"])), { complete: true, protocols: ["http/1.1", "h2"] });
  t.deepEqual(scanClientHello(await clientHello(undefined)), { complete: true, protocols: [] });
});

test("a partial record asks for more bytes, and bytes that are not TLS are recognised", async (t) => {
  const hello = await clientHello(["h2"]);
  t.deepEqual(scanClientHello(hello.subarray(0, 3)), { complete: false });
  t.deepEqual(scanClientHello(hello.subarray(0, hello.length - 1)), { complete: false });
  t.deepEqual(scanClientHello(Buffer.from("POST /agent/validate-authentication-token HTTP/1.1\r\n")), {
    complete: true,
    protocols: undefined,
  });
  const corrupt = Buffer.from(hello);
  corrupt.writeUInt8(0xff, 5 + 4 + 2 + 32); // a session id length past the end
  t.deepEqual(scanClientHello(corrupt), { complete: true, protocols: undefined });
});
