import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type Koa from "koa";

export interface TlsIdentity {
  certPem: string;
  keyPem: string;
}

/** Serves a Koa app over HTTPS; resolves with the bound port. */
export function listenHttps(app: Koa<never>, tls: TlsIdentity, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer({ cert: tls.certPem, key: tls.keyPem, minVersion: "TLSv1.2" }, app.callback());
  server.keepAliveTimeout = 65_000;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve({ server, port: (server.address() as AddressInfo).port });
    });
  });
}
