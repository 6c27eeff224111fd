import type { HttpFinding, HttpRule } from './rule.js';

/**
 * Found by src/run/probe.ts on every 429: a warning while rollcall may wait and retry, an error when
 * the wait asked for is too long or the retries are spent.
 */
export const rateLimited = {
  id: 'http.rate-limited',
  severity: 'warning',
  description: 'The API does not throttle the run; an error when throttling outlasts the retry budget.',
} as const satisfies HttpRule;

/** How long to wait after a 429, where that figure came from, and what the API said. */
export interface RateLimitWait {
  ms: number;
  source: string;
  said: string;
}

/**
 * How long to wait after a 429. Retry-After (seconds or an HTTP date) when the API sends it; else
 * Telnyx's `x-ratelimit-reset` (seconds until the window resets, or an epoch time); else a bounded
 * exponential backoff, never "retry at once": Twilio documents no Retry-After on its 429 (20429), and
 * its own SDKs back off without one.
 */
export function rateLimitWait(headers: Record<string, string | string[] | undefined>, attempt: number, settings: { maxRetryAfterSeconds: number; rateLimitBackoffMs: number }, now: number = Date.now()): RateLimitWait {
  const header = (name: string): string | undefined => {
    const v = headers[name];
    return v === undefined ? undefined : Array.isArray(v) ? v[0] : String(v);
  };
  const retryAfter = header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return { ms: Math.round(Number(retryAfter) * 1000), source: 'Retry-After', said: `Retry-After ${retryAfter}` };
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return { ms: Math.max(0, date - now), source: 'Retry-After date', said: `Retry-After ${retryAfter}` };
  }
  const reset = header('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    // A value that large is a point in time (epoch seconds), not a number of seconds to wait.
    const ms = n > 1e9 ? Math.max(0, n * 1000 - now) : Math.round(n * 1000);
    return { ms, source: 'x-ratelimit-reset', said: `x-ratelimit-reset ${reset}` };
  }
  const ms = Math.min(settings.rateLimitBackoffMs * 2 ** attempt, settings.maxRetryAfterSeconds * 1000);
  return { ms, source: 'backoff: no Retry-After', said: retryAfter ? `unreadable Retry-After ${JSON.stringify(retryAfter)}` : 'no Retry-After' };
}

/**
 * One attempt's answer (`attempt` counts from 0) and the wait it asks for: undefined unless it is a
 * 429; else the finding, and whether rollcall retries (the wait is within maxRetryAfterSeconds and
 * retries are left). The last 429 of a request, not retried, is an error.
 */
export function rateLimitedFinding(status: number, wait: RateLimitWait, attempt: number, settings: { maxRetryAfterSeconds: number; retries: number }): { finding: HttpFinding<typeof rateLimited.id>; retry: boolean } | undefined {
  if (status !== 429) return undefined;
  const within = wait.ms <= settings.maxRetryAfterSeconds * 1000;
  const retry = within && attempt < settings.retries;
  return {
    retry,
    finding: {
      rule: rateLimited.id, severity: retry ? rateLimited.severity : 'error', path: '#status', expected: 'an answer without throttling', actual: `429, ${wait.said}`,
      message: retry ? `The API throttled the request (attempt ${attempt + 1}).` : 'The API kept throttling the request past rollcall\'s retry budget.',
      hint: within
        ? `rollcall waited ${wait.ms} ms (${wait.source}); lower the run's request rate or --max-requests against this sandbox.`
        : `The API asks for a wait over ${settings.maxRetryAfterSeconds} s: rollcall did not wait; run later.`,
    },
  };
}
