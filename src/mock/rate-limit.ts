/**
 * Telnyx's rate-limit headers (developers.telnyx.com, "Rate Limiting"): `x-ratelimit-limit` (the
 * limit that applies), `x-ratelimit-remaining` (requests left in the current window) and
 * `x-ratelimit-reset` (seconds until the window resets), on every response. The mock counts
 * requests per fixed window on its clock and never throttles on its own: only the rate-limited
 * faults answer 429 (with remaining 0).
 */

export interface RateLimitSettings {
  /** Requests per window. */
  limit: number;
  windowSeconds: number;
}

/** Telnyx publishes no figure for these endpoints; a window of 60 s and a limit no suite run reaches. */
export const DEFAULT_RATE_LIMIT: Readonly<RateLimitSettings> = Object.freeze({ limit: 10_000, windowSeconds: 60 });

export type RateLimitHeaders = Record<'x-ratelimit-limit' | 'x-ratelimit-remaining' | 'x-ratelimit-reset', string>;

export class RateWindow {
  private windowStart = Number.NEGATIVE_INFINITY;
  private used = 0;

  constructor(
    private readonly now: () => number,
    readonly settings: Readonly<RateLimitSettings> = DEFAULT_RATE_LIMIT,
  ) {}

  /** Counts one request and returns its headers; `limited` (a 429) reports nothing remaining. */
  take(limited: boolean): RateLimitHeaders {
    const now = this.now();
    const windowMs = this.settings.windowSeconds * 1000;
    if (now - this.windowStart >= windowMs || now < this.windowStart) {
      this.windowStart = now;
      this.used = 0;
    }
    this.used += 1;
    const remaining = limited ? 0 : Math.max(0, this.settings.limit - this.used);
    const reset = Math.max(1, Math.ceil((this.windowStart + windowMs - now) / 1000));
    return {
      'x-ratelimit-limit': String(this.settings.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': String(reset),
    };
  }

  reset(): void {
    this.windowStart = Number.NEGATIVE_INFINITY;
    this.used = 0;
  }
}
