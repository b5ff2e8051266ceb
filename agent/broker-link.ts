import type { ChannelOptions, ClientDuplexStream } from "@grpc/grpc-js";
import type { Logger } from "../common/logger.js";
import {
  AgentServiceClient,
  type ConnectRequest,
  type ConnectResponse,
} from "../gen/ts-proto/dcvsm/agent/v1/agent.js";
import type { CommandExecutor } from "./command-executor.js";
import { brokerCredentials, type AgentIdentity } from "./enrollment.js";
import { ReportEpoch } from "./report-epoch.js";
import type { AgentSettings } from "./settings.js";
import type { StatusReporter } from "./status-reporter.js";

/** Reconnect delays: exponential from INITIAL to MAX, plus random jitter (bigger for TLS, as handshakes are costly). */
export const RECONNECT_INITIAL_MS = 500;
export const RECONNECT_MAX_MS = 30_000;
export const RECONNECT_JITTER_MS = 1_000;

/** How many times a status report is rebuilt while commands keep changing the host; then it waits for the next one. */
const REPORT_ATTEMPTS = 3;
/** How soon after a command result the agent reports its host. */
const REPORT_AFTER_COMMAND_MS = 100;

const CHANNEL_OPTIONS: ChannelOptions = {
  "grpc.keepalive_time_ms": 30_000,
  "grpc.keepalive_timeout_ms": 10_000,
  "grpc.keepalive_permit_without_calls": 1,
  "grpc.max_send_message_length": 32 * 1024 * 1024,
};

/**
 * The agent's stream to the broker.
 *
 *   CONNECTING ──welcome──▶ OPEN ──stream ends──▶ BACKOFF ──delay──▶ CONNECTING
 *        └──────────stream ends──────────────────────▲
 *   any state ──close()──▶ CLOSED
 *
 * While OPEN it sends a status report every `broker_update_interval`.
 */
export type LinkState = "CONNECTING" | "OPEN" | "BACKOFF" | "CLOSED";

export interface BrokerLinkOptions {
  settings: AgentSettings;
  identity: AgentIdentity;
  agentVersion: string;
  dcvVersion: () => Promise<string>;
  executor: CommandExecutor;
  reporter: StatusReporter;
  log: Logger;
}

export class BrokerLink {
  private state: LinkState = "CONNECTING";
  private readonly client: AgentServiceClient;
  private call: ClientDuplexStream<ConnectRequest, ConnectResponse> | undefined;
  private attempt = 0;
  private statusTimer: NodeJS.Timeout | undefined;
  private backoffTimer: NodeJS.Timeout | undefined;
  private soonTimer: NodeJS.Timeout | undefined;
  private readonly stateListeners = new Set<(state: LinkState) => void>();
  private readonly reportEpoch = new ReportEpoch();

  constructor(private readonly options: BrokerLinkOptions) {
    const { settings, identity } = options;
    this.client = new AgentServiceClient(
      `${settings.brokerHost}:${settings.brokerPort}`,
      brokerCredentials(settings, identity.caPem, identity),
      CHANNEL_OPTIONS,
    );
  }


  /** Calls `listener` on every state change. */
  onStateChange(listener: (state: LinkState) => void): void {
    this.stateListeners.add(listener);
  }

  start(): void {
    void this.connect();
  }

  /** Ends the stream and stops reconnecting. */
  async close(): Promise<void> {
    this.setState("CLOSED");
    clearTimeout(this.backoffTimer);
    clearTimeout(this.soonTimer);
    clearInterval(this.statusTimer);
    const call = this.call;
    if (call !== undefined) {
      const ended = new Promise<void>((resolve) => call.once("close", () => resolve()));
      call.end();
      call.cancel();
      await ended;
    }
    this.client.close();
  }

  private setState(state: LinkState): void {
    if (this.state === state || this.state === "CLOSED") return;
    this.state = state;
    this.options.log.info({ state }, "broker link state");
    for (const listener of this.stateListeners) listener(state);
  }

  private async connect(): Promise<void> {
    if (this.state === "CLOSED") return;
    this.setState("CONNECTING");
    const { identity, log } = this.options;
    const call = this.client.connect();
    this.call = call;
    let ended = false;
    const onEnd = (reason: string) => {
      if (ended) return;
      ended = true;
      clearInterval(this.statusTimer);
      if (this.call === call) this.call = undefined;
      this.scheduleReconnect(reason);
    };
    call.on("data", (response: ConnectResponse) => this.receive(call, response));
    call.on("error", (error: Error) => onEnd(error.message));
    call.on("end", () => onEnd("broker ended the stream"));
    call.write({
      kind: {
        $case: "hello",
        value: {
          agentId: identity.agentId,
          agentVersion: this.options.agentVersion,
          dcvVersion: await this.options.dcvVersion(),
          capabilities: [],
          statusIntervalSeconds: this.options.settings.brokerUpdateInterval,
        },
      },
    });
    log.debug("hello sent");
  }

  private receive(call: ClientDuplexStream<ConnectRequest, ConnectResponse>, response: ConnectResponse): void {
    const kind = response.kind;
    switch (kind?.$case) {
      case "welcome":
        this.attempt = 0;
        this.setState("OPEN");
        this.options.log.info({ brokerVersion: kind.value.brokerVersion }, "connected to broker");
        void this.sendStatus(call);
        this.statusTimer = setInterval(() => void this.sendStatus(call), this.options.settings.brokerUpdateInterval * 1000);
        break;
      case "command":
        void this.options.executor.execute(kind.value).then((result) => {
          this.reportEpoch.advance();
          call.write({ kind: { $case: "commandResult", value: result } });
          this.reportSoon(call);
        });
        break;
      case "ping":
        call.write({ kind: { $case: "pong", value: { nonce: kind.value.nonce } } });
        break;
      case "statusAck":
        this.options.log.debug({ sequence: kind.value.sequence }, "status accepted");
        break;
      case "certificate":
      case undefined:
        break;
    }
  }

  /**
   * Reports shortly after a command so the broker sees the change without waiting for the next
   * interval; a burst of commands shares one report.
   */
  private reportSoon(call: ClientDuplexStream<ConnectRequest, ConnectResponse>): void {
    if (this.soonTimer !== undefined) return;
    this.soonTimer = setTimeout(() => {
      this.soonTimer = undefined;
      void this.sendStatus(call);
    }, REPORT_AFTER_COMMAND_MS);
  }

  private async sendStatus(call: ClientDuplexStream<ConnectRequest, ConnectResponse>): Promise<void> {
    try {
      const published = await this.reportEpoch.publishUnchanged(
        () => this.options.reporter.report(),
        (status) => {
          if (this.call === call) call.write({ kind: { $case: "status", value: status } });
        },
        REPORT_ATTEMPTS,
      );
      if (!published) this.options.log.debug("status report skipped: commands kept changing the host while it was built");
    } catch (error) {
      this.options.log.error({ err: error }, "could not build status report");
    }
  }

  private scheduleReconnect(reason: string): void {
    if (this.state === "CLOSED") return;
    this.setState("BACKOFF");
    const exponential = Math.min(RECONNECT_MAX_MS, RECONNECT_INITIAL_MS * 2 ** this.attempt);
    const delay = exponential + Math.random() * RECONNECT_JITTER_MS;
    this.attempt++;
    this.options.log.warn({ reason, delayMs: Math.round(delay), attempt: this.attempt }, "broker stream lost; reconnecting");
    this.backoffTimer = setTimeout(() => void this.connect(), delay);
  }
}
