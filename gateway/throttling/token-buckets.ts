import type { Clock } from "../clock.js";

export type TakeResult = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Capacity equals the rate, so an empty bucket is full again after one second. */
const REFILL_MS = 1000;

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * One token bucket per caller, holding up to `ratePerSecond` tokens and
 * refilling continuously at that rate. A bucket that has refilled completely
 * behaves exactly like a new one, so a sweep every second drops those: only
 * callers seen in the last two seconds are held, however many came before.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private lastSweep: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly clock: Clock = Date.now,
  ) {
    if (!(ratePerSecond >= 1)) throw new Error(`rate must be at least 1 per second, got ${ratePerSecond}`);
    this.capacity = ratePerSecond;
    this.lastSweep = clock();
  }

  /** Takes one token from `caller`'s bucket, or says how long until one is there. */
  take(caller: string): TakeResult {
    const now = this.clock();
    this.sweep(now);
    const bucket = this.buckets.get(caller) ?? { tokens: this.capacity, updatedAt: now };
    bucket.tokens = this.level(bucket, now);
    bucket.updatedAt = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: (1 - bucket.tokens) / this.ratePerSecond };
  }

  /** Callers currently tracked. */
  get size(): number {
    return this.buckets.size;
  }

  private level(bucket: Bucket, now: number): number {
    const refilled = (Math.max(0, now - bucket.updatedAt) / 1000) * this.ratePerSecond;
    return Math.min(this.capacity, bucket.tokens + refilled);
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < REFILL_MS) return;
    this.lastSweep = now;
    for (const [caller, bucket] of this.buckets) {
      if (this.level(bucket, now) >= this.capacity) this.buckets.delete(caller);
    }
  }
}
