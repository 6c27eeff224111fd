import type { HttpFinding, HttpRule } from './rule.js';

/** Found by src/run/probe.ts when the request fails: the case gets this violation instead of an answer. */
export const timeout = {
  id: 'http.timeout',
  severity: 'error',
  description: 'A request gets an answer within timeoutMs.',
} as const satisfies HttpRule;

/**
 * A failed request (`error`: the HTTP client's message) that got no answer within `timeoutMs`, or
 * undefined when it failed otherwise. `request` is "METHOD url", already redacted.
 */
export function timeoutFinding(error: string, request: string, timeoutMs: number): HttpFinding<typeof timeout.id> | undefined {
  if (!/Timeout reached/i.test(error)) return undefined;
  return {
    rule: timeout.id, severity: timeout.severity, path: '#timing', expected: `an answer within ${timeoutMs} ms`, actual: 'no answer',
    message: `${request} got no answer within ${timeoutMs} ms.`,
    hint: 'The API hung; rerun later, or raise timeoutMs in rollcall.config.json if the sandbox is known to be slow.',
  };
}
