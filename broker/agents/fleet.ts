import { EventEmitter } from "node:events";
import { status as GrpcStatus } from "@grpc/grpc-js";
import type { Logger } from "../../common/logger.js";
import type { AgentConnection } from "./agent-connection.js";

export interface FleetEvents {
  /** An agent sent a status report (its server and session list). */
  status: [connection: AgentConnection];
  /** An agent's stream closed. */
  disconnected: [connection: AgentConnection];
}

/**
 * The agents connected to this broker, by agent id. At most one stream per
 * agent: a new one replaces the old.
 */
export class Fleet extends EventEmitter<FleetEvents> {
  private readonly byAgent = new Map<string, AgentConnection>();

  constructor(private readonly log: Logger) {
    super();
  }

  /** Called when a stream has said hello. */
  attach(connection: AgentConnection): void {
    const previous = this.byAgent.get(connection.agentId);
    this.byAgent.set(connection.agentId, connection);
    previous?.close(GrpcStatus.ABORTED, "Replaced by a newer stream from the same agent");
    this.log.info({ agentId: connection.agentId, agentVersion: connection.hello?.agentVersion }, "agent connected");
  }

  /** Called on every status report. */
  reported(connection: AgentConnection): void {
    if (this.byAgent.get(connection.agentId) === connection) this.emit("status", connection);
  }

  detach(connection: AgentConnection): void {
    if (this.byAgent.get(connection.agentId) === connection) this.byAgent.delete(connection.agentId);
    this.emit("disconnected", connection);
  }

  connectionForAgent(agentId: string): AgentConnection | undefined {
    return this.byAgent.get(agentId);
  }

  closeAll(code: GrpcStatus, details: string): void {
    for (const connection of [...this.byAgent.values()]) connection.close(code, details);
  }
}
