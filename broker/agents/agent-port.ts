import { connect, createServer, type AddressInfo, type Server, type Socket } from "node:net";
import type { Logger } from "../../common/logger.js";
import { scanClientHello } from "./alpn.js";

/** A ClientHello larger than this is not one we want to read. */
const MAX_HELLO_BYTES = 64 * 1024;
/** A client that has not sent its ClientHello by now is dropped. */
const HELLO_TIMEOUT_MS = 10_000;

/**
 * The agent port serves two kinds of clients, as the original does: agents
 * speaking gRPC (HTTP/2, ALPN "h2") and DCV servers asking the token
 * verifier (HTTP/1.1). It reads the ALPN list from each ClientHello and hands
 * the connection on, still encrypted, to a server on loopback: h2 to the gRPC
 * server (which checks the client certificate itself), everything else to the
 * verifier's HTTPS server. (Node cannot give a socket whose first bytes were
 * already read to a TLS server in-process, hence the loopback hop.)
 */
export class AgentPort {
  private constructor(
    private readonly server: Server,
    readonly port: number,
    private readonly sockets: ReadonlySet<Socket>,
  ) {}

  static listen(options: { host: string; port: number; grpcPort: number; httpsPort: number; log: Logger }): Promise<AgentPort> {
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      socket.once("close", () => sockets.delete(socket));
      route(socket, options.grpcPort, options.httpsPort, options.log);
    });
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve(new AgentPort(server, (server.address() as AddressInfo).port, sockets));
      });
    });
  }

  /** Stops accepting connections; open ones are left to their servers' own shutdown. */
  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  destroyAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }
}

function route(socket: Socket, grpcPort: number, httpsPort: number, log: Logger): void {
  let buffered = Buffer.alloc(0);
  socket.setTimeout(HELLO_TIMEOUT_MS, () => socket.destroy());
  const onData = (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const scan = scanClientHello(buffered);
    if (!scan.complete && buffered.length < MAX_HELLO_BYTES) return;
    socket.off("data", onData);
    socket.pause();
    socket.setTimeout(0);
    proxyTo(socket, scan.complete && scan.protocols?.includes("h2") ? grpcPort : httpsPort, buffered, log);
  };
  socket.on("data", onData);
  socket.on("error", () => socket.destroy());
}

function proxyTo(client: Socket, port: number, firstBytes: Buffer, log: Logger): void {
  const upstream = connect({ host: "127.0.0.1", port, noDelay: true });
  client.setNoDelay(true);
  upstream.once("connect", () => {
    upstream.write(firstBytes);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  const teardown = () => {
    client.destroy();
    upstream.destroy();
  };
  upstream.on("error", (error) => {
    log.warn({ err: error, port }, "could not reach the server behind the agent port");
    teardown();
  });
  upstream.on("close", teardown);
  client.on("close", teardown);
}
