/**
 * Readiness handshake between a launcher and the processes it forks: a child
 * reports the ports it actually bound (port 0 in tests) once it serves.
 */
export interface ReadyMessage {
  type: "ready";
  /** Bound ports by listener name, e.g. { agent: 8445 }. */
  ports: Record<string, number>;
}

export function isReadyMessage(message: unknown): message is ReadyMessage {
  return typeof message === "object" && message !== null && (message as { type?: unknown }).type === "ready";
}

/** Tells the parent process, if any, that this one serves. */
export function announceReady(ports: Record<string, number>): void {
  const message: ReadyMessage = { type: "ready", ports };
  process.send?.(message);
}
