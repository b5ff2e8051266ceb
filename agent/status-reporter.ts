import type { ServerReport, StatusReport } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { DcvBackend } from "./backend/dcv-backend.js";
import { hostName, primaryIpAddress, readHostFacts } from "./host-facts.js";
import { stableServerId } from "./server-identity.js";

/** Builds the periodic status report: host facts, the DCV server's state and its sessions. */
export class StatusReporter {
  private sequence = 0;

  constructor(
    private readonly backend: DcvBackend,
    private readonly stateFolder: string,
  ) {}

  async report(): Promise<StatusReport> {
    const [server, sessions] = await Promise.all([this.serverReport(), this.backend.listSessions()]);
    return { sequence: ++this.sequence, server, sessions };
  }

  private async serverReport(): Promise<ServerReport> {
    const hostname = hostName();
    const ip = primaryIpAddress();
    const [endpoints, dcvVersion, dcvHealth] = await Promise.all([
      this.backend.endpoints(),
      this.backend.version(),
      this.backend.health(),
    ]);
    return {
      serverId: stableServerId(this.stateFolder, hostname, ip),
      hostname,
      ip,
      defaultDnsName: hostname,
      endpoints,
      dcvVersion,
      host: readHostFacts(),
      tags: [],
      limits: { maxVirtualSessions: -1, maxConcurrentSessionsPerUser: -1 },
      dcvHealth,
    };
  }
}
