import type { Logger } from "./logger.js";

/** How long a graceful stop may take before it is forced. */
export const DEFAULT_GRACE_MS = 4_000;
/** How long exiting waits for buffered log lines to be written. */
const FLUSH_WAIT_MS = 300;

export interface Stoppable {
  /** Stops accepting work and finishes what is in flight. */
  drain(): Promise<void>;
  /** Drops whatever is still open. */
  forceClose(): void;
}

/**
 * Stops `target` on SIGINT/SIGTERM, or when the launching process goes away
 * (its IPC channel closes): a graceful drain, forced after `graceMs`, then
 * the process exits. A second signal forces at once.
 */
export function stopOnSignals(target: Stoppable, log: Logger, graceMs = DEFAULT_GRACE_MS): void {
  let stopping = false;
  const exit = (code: number) => {
    // Flush the logs if the destination still takes them, but never wait on it for long.
    setTimeout(() => process.exit(code), FLUSH_WAIT_MS);
    log.flush(() => process.exit(code));
  };
  const force = (why: string) => {
    log.warn(why);
    target.forceClose();
    exit(1);
  };
  const stop = (reason: string) => {
    if (stopping) return force(`${reason} again: forcing shutdown`);
    stopping = true;
    log.info({ reason, graceMs }, "shutting down");
    const timer = setTimeout(() => force("grace time over: forcing shutdown"), graceMs);
    timer.unref();
    target.drain().then(
      () => {
        clearTimeout(timer);
        log.info("stopped");
        exit(0);
      },
      (error: unknown) => {
        log.error({ err: error }, "error while stopping");
        force("forcing shutdown after a failed drain");
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  if (process.send !== undefined) process.on("disconnect", () => stop("launcher went away"));
}
