import type { ServerReport, StatusReport } from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { DcvBackend } from "./backend/dcv-backend.js";
import { hostName, primaryIpAddress, readHostFacts } from "./host-facts.js";
import { stableServerId } from "./server-identity.js";
import type { AgentSettings } from "./settings.js";
import type { TagsSource } from "./tags-folder.js";

export type ReportSettings = Pick<
  AgentSettings,
  "stateFolder" | "preferredNetworkInterface" | "maxVirtualSessions" | "maxConcurrentSessionsPerUser"
>;

/** Builds the periodic status report: host facts, tags, limits, the DCV server's state and its sessions. */
export class StatusReporter {
  private sequence = 0;

  constructor(
    private readonly backend: DcvBackend,
    private readonly settings: ReportSettings,
    private readonly tags: TagsSource,
  ) {}

  async report(): Promise<StatusReport> {
    const [server, sessions] = await Promise.all([this.serverReport(), this.backend.listSessions()]);
    return { sequence: ++this.sequence, server, sessions };
  }

  private async serverReport(): Promise<ServerReport> {
    const { stateFolder, preferredNetworkInterface, maxVirtualSessions, maxConcurrentSessionsPerUser } = this.settings;
    const hostname = hostName();
    const ip = primaryIpAddress(preferredNetworkInterface);
    const [endpoints, dcvVersion, dcvHealth] = await Promise.all([
      this.backend.endpoints(),
      this.backend.version(),
      this.backend.health(),
    ]);
    return {
      serverId: stableServerId(stateFolder, hostname, ip),
      hostname,
      ip,
      defaultDnsName: hostname,
      endpoints,
      dcvVersion,
      host: readHostFacts(),
      tags: this.tags.read(),
      limits: { maxVirtualSessions, maxConcurrentSessionsPerUser },
      dcvHealth,
    };
  }
}
