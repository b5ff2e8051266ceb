import { createClient, type Client } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { SessionManagerService } from "../gen/es/dcvsm/api/v1/api_pb.js";

export type BrokerClient = Client<typeof SessionManagerService>;

export interface BrokerClientOptions {
  /** e.g. https://localhost:47100 */
  baseUrl: string;
  caPem: string;
  /** The gateway's client certificate toward the broker's internal API. */
  certPem: string;
  keyPem: string;
}

/** A Connect client (gRPC protocol, HTTP/2, mutual TLS) for the broker's internal API. */
export function createBrokerClient(options: BrokerClientOptions): BrokerClient {
  const transport = createGrpcTransport({
    baseUrl: options.baseUrl,
    nodeOptions: { ca: options.caPem, cert: options.certPem, key: options.keyPem },
    pingIntervalMs: 30_000,
    pingTimeoutMs: 10_000,
  });
  return createClient(SessionManagerService, transport);
}
