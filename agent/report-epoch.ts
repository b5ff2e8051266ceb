/**
 * Keeps status reports from overtaking command results. Both share the stream, and a report is built
 * asynchronously: if a command result is written meanwhile, the report may describe the host as it
 * was before the command yet arrive after its result, and the broker would mark a just-created session
 * as lost or bring back a just-closed one. Each written result advances the epoch; a report built
 * across an advance is stale and is built again.
 */
export class ReportEpoch {
  private epoch = 0;

  /** Call just before writing a command result. */
  advance(): void {
    this.epoch++;
  }

  /**
   * Builds a report and publishes it if no command result was written while it was built, trying up
   * to `attempts` times. The check and `publish` run in the same tick, so no result can slip between.
   * Returns whether it published.
   */
  async publishUnchanged<T>(build: () => Promise<T>, publish: (report: T) => void, attempts: number): Promise<boolean> {
    for (let attempt = 0; attempt < attempts; attempt++) {
      const before = this.epoch;
      const report = await build();
      if (this.epoch === before) {
        publish(report);
        return true;
      }
    }
    return false;
  }
}
