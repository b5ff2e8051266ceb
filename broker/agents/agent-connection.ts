import { status as GrpcStatus, type ServerDuplexStream } from "@grpc/grpc-js";
import { randomUUID } from "node:crypto";
import type {
  AgentSession,
  Command,
  CommandResult,
  ConnectRequest,
  ConnectResponse,
  Hello,
  ServerReport,
  Welcome,
} from "../../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { Logger } from "../../common/logger.js";
import { BrokerError } from "../errors.js";

export type CommandAction = NonNullable<Command["action"]>;
export type CommandOutcome = NonNullable<CommandResult["outcome"]>;

export interface AgentStatus {
  server: ServerReport;
  sessions: AgentSession[];
  receivedAt: Date;
}

interface PendingCommand {
  resolve(outcome: CommandOutcome): void;
  reject(error: BrokerError): void;
  timer: NodeJS.Timeout;
}

/**
 * One agent's open stream. States, in order:
 *
 *   AWAITING_HELLO ──hello──▶ OPEN ──stream ends / close()──▶ CLOSED
 *
 * Commands sent while OPEN are answered by a CommandResult with the same
 * correlation id, or fail when their timeout passes or the stream closes.
 */
export class AgentConnection {
  private state: "AWAITING_HELLO" | "OPEN" | "CLOSED" = "AWAITING_HELLO";
  private readonly pending = new Map<string, PendingCommand>();
  private statusSequence = 0;
  hello: Hello | undefined;
  status: AgentStatus | undefined;

  constructor(
    readonly agentId: string,
    private readonly call: ServerDuplexStream<ConnectRequest, ConnectResponse>,
    private readonly log: Logger,
    private readonly handlers: {
      onHello(connection: AgentConnection): void;
      onStatus(connection: AgentConnection): void;
      onClosed(connection: AgentConnection): void;
    },
  ) {
    call.on("data", (request: ConnectRequest) => this.receive(request));
    call.on("end", () => this.closed("agent ended the stream"));
    call.on("error", (error: Error) => this.closed(`stream error: ${error.message}`));
    call.on("cancelled", () => this.closed("stream cancelled"));
  }

  get isOpen(): boolean {
    return this.state === "OPEN";
  }


  /** Sends a command and waits for its result. */
  send(action: CommandAction, timeoutMs: number): Promise<CommandOutcome> {
    if (this.state !== "OPEN") return Promise.reject(BrokerError.unavailable(`Agent ${this.agentId} is not connected`));
    const correlationId = randomUUID();
    return new Promise<CommandOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        reject(BrokerError.deadlineExceeded(`Agent ${this.agentId} did not answer ${action.$case} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(correlationId, { resolve, reject, timer });
      this.write({ kind: { $case: "command", value: { correlationId, timeoutMs, action } } });
    });
  }

  welcome(welcome: Welcome): void {
    this.write({ kind: { $case: "welcome", value: welcome } });
  }

  /** Ends the stream with a status the agent sees. */
  close(code: GrpcStatus, details: string): void {
    if (this.state === "CLOSED") return;
    this.closed(details);
    this.call.emit("error", { code, details });
  }

  private write(response: ConnectResponse): void {
    if (this.state !== "CLOSED") this.call.write(response);
  }

  private receive(request: ConnectRequest): void {
    const kind = request.kind;
    if (kind === undefined) return;
    if (this.state === "AWAITING_HELLO" && kind.$case !== "hello") {
      this.close(GrpcStatus.FAILED_PRECONDITION, "The first message on the stream must be a Hello");
      return;
    }
    switch (kind.$case) {
      case "hello":
        this.acceptHello(kind.value);
        break;
      case "status":
        this.status = { server: kind.value.server!, sessions: kind.value.sessions, receivedAt: new Date() };
        this.statusSequence = kind.value.sequence;
        this.write({ kind: { $case: "statusAck", value: { sequence: this.statusSequence } } });
        this.handlers.onStatus(this);
        break;
      case "commandResult":
        this.settle(kind.value);
        break;
      case "pong":
        break;
    }
  }

  private acceptHello(hello: Hello): void {
    if (hello.agentId !== this.agentId) {
      this.close(GrpcStatus.PERMISSION_DENIED, "Hello agent id does not match the client certificate");
      return;
    }
    this.hello = hello;
    this.state = "OPEN";
    this.handlers.onHello(this);
  }

  private settle(result: CommandResult): void {
    const pending = this.pending.get(result.correlationId);
    if (pending === undefined) {
      this.log.warn({ agentId: this.agentId, correlationId: result.correlationId }, "result for an unknown or expired command");
      return;
    }
    this.pending.delete(result.correlationId);
    clearTimeout(pending.timer);
    if (result.outcome === undefined) {
      pending.reject(new BrokerError(GrpcStatus.INTERNAL, "Agent sent an empty command result"));
    } else {
      pending.resolve(result.outcome);
    }
  }

  private closed(reason: string): void {
    if (this.state === "CLOSED") return;
    this.state = "CLOSED";
    for (const pending of this.pending.values()) {
      clearTimeout(pending.timer);
      pending.reject(BrokerError.unavailable(`Connection to agent ${this.agentId} closed: ${reason}`));
    }
    this.pending.clear();
    this.log.info({ agentId: this.agentId, reason }, "agent stream closed");
    this.handlers.onClosed(this);
  }
}
