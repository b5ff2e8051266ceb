import { fork, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { isReadyMessage } from "../common/process-ready.js";

/** How long a child may take to say it serves. */
export const READY_TIMEOUT_MS = 60_000;
/** How long a child may take to stop after SIGTERM before it is killed. */
export const STOP_TIMEOUT_MS = 4_500;

export interface ManagedProcessOptions {
  name: string;
  /** Compiled entry point, e.g. dist/broker/main.js. */
  module: string;
  args?: string[];
  env: NodeJS.ProcessEnv;
  /** Where its stdout and stderr go (JSON log lines). */
  logFile: string;
}

/**
 * A product process (broker, gateway, agent) started by a launcher. It runs
 * in its own process group, so a terminal's Ctrl-C reaches only the launcher,
 * which then stops the children in order.
 */
export class ManagedProcess {
  private constructor(
    readonly name: string,
    readonly child: ChildProcess,
    readonly ports: Record<string, number>,
    readonly logFile: string,
  ) {}

  static start(options: ManagedProcessOptions): Promise<ManagedProcess> {
    // The child writes its log file itself, so its logging does not depend on the launcher staying alive.
    const log = openSync(options.logFile, "a", 0o600);
    const child = fork(options.module, options.args ?? [], {
      env: options.env,
      stdio: ["ignore", log, log, "ipc"],
      detached: true,
    });
    closeSync(log);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill("SIGKILL");
        reject(new Error(`${options.name} did not become ready within ${READY_TIMEOUT_MS} ms; see ${options.logFile}`));
      }, READY_TIMEOUT_MS);
      const onExit = (code: number | null, signal: string | null) => {
        clearTimeout(timer);
        reject(new Error(`${options.name} exited (${signal ?? `code ${code}`}) before it was ready; see ${options.logFile}`));
      };
      child.once("exit", onExit);
      child.on("message", (message) => {
        if (!isReadyMessage(message)) return;
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(new ManagedProcess(options.name, child, message.ports, options.logFile));
      });
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Resolves when the process has exited. */
  exited(): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  /** Sends `signal`, and kills the process if it has not exited within STOP_TIMEOUT_MS. */
  async stop(signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
    if (!this.running) return;
    const exited = this.exited();
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
}
