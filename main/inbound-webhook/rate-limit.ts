export interface RateLimitOptions {
  /** Sustained requests per second per source. */
  readonly perSecond: number;
  /** How many may arrive at once (bucket size). */
  readonly burst: number;
  /** Sources tracked at most; beyond this the idlest are forgotten (a forgotten source starts full). */
  readonly maxSources?: number;
}

export type RateVerdict = { readonly ok: true } | { readonly ok: false; readonly retryAfterS: number };

interface Bucket {
  tokens: number;
  at: number;
}

const OK: RateVerdict = { ok: true };

/** A token bucket per source address: bursts up to `burst`, then `perSecond` sustained. */
export class SourceRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private readonly maxSources: number;
  private limited = 0;

  constructor(
    private readonly opts: RateLimitOptions,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.maxSources = opts.maxSources ?? 10_000;
  }

  /** Takes one token for `source`. */
  take(source: string): RateVerdict {
    const t = this.now();
    let b = this.buckets.get(source);
    if (!b) {
      if (this.buckets.size >= this.maxSources) this.evict(t);
      b = { tokens: this.opts.burst, at: t };
      this.buckets.set(source, b);
    } else {
      b.tokens = Math.min(this.opts.burst, b.tokens + ((t - b.at) / 1000) * this.opts.perSecond);
      b.at = t;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return OK;
    }
    this.limited++;
    return { ok: false, retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.opts.perSecond)) };
  }

  /** Requests refused so far. */
  get refused(): number {
    return this.limited;
  }

  /** Forgets sources whose bucket has refilled (they would start full anyway), else the oldest half. */
  private evict(t: number): void {
    const fullAfterMs = (this.opts.burst / this.opts.perSecond) * 1000;
    for (const [k, b] of this.buckets) if (t - b.at >= fullAfterMs) this.buckets.delete(k);
    if (this.buckets.size < this.maxSources) return;
    let n = Math.floor(this.buckets.size / 2);
    for (const k of this.buckets.keys()) {
      if (n-- <= 0) break;
      this.buckets.delete(k);
    }
  }
}
