/**
 * CreateSessions requests waiting for a server (EnqueueRequest), in arrival
 * order, bounded in size and in time.
 */
export class CreateQueue {
  /** Session id → when it was enqueued (ms); a Map keeps insertion order. */
  private readonly waiting = new Map<string, number>();

  constructor(
    private readonly maxSize: number,
    private readonly maxTimeMs: number,
  ) {}

  get size(): number {
    return this.waiting.size;
  }

  /** False when the queue is full. */
  add(sessionId: string, enqueuedAt: number): boolean {
    if (this.waiting.has(sessionId)) return true;
    if (this.waiting.size >= this.maxSize) return false;
    this.waiting.set(sessionId, enqueuedAt);
    return true;
  }

  remove(sessionId: string): void {
    this.waiting.delete(sessionId);
  }

  /** Waiting sessions, oldest first. */
  ids(): string[] {
    return [...this.waiting.keys()];
  }

  /** Removes and returns the sessions that have waited longer than the maximum time. */
  takeExpired(now: number): string[] {
    const expired: string[] = [];
    for (const [sessionId, enqueuedAt] of this.waiting) {
      if (now - enqueuedAt > this.maxTimeMs) expired.push(sessionId);
    }
    for (const sessionId of expired) this.waiting.delete(sessionId);
    return expired;
  }
}
