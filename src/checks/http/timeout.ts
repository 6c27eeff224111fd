import type { HttpFinding, HttpRule } from './rule.js';

/** Found by src/run/probe.ts when the request fails: the case gets this violation instead of an answer. */
export const timeout = {
  id: 'http.timeout',
  severity: 'error',
  description: 'A request gets its whole answer (headers and body) within timeoutMs, and a case ends within its budget.',
} as const satisfies HttpRule;

/**
 * The error rollcall destroys a request's socket with when its deadline passes: a deadline, not an
 * idle timer, so a server that drips one byte a second cannot hold a request past it.
 */
export const DEADLINE_ERROR = 'ROLLCALL_DEADLINE_REACHED';

/**
 * A failed request (`error`: the HTTP client's message) that got no complete answer within
 * `timeoutMs`, or undefined when it failed otherwise. `request` is "METHOD url", already redacted.
 */
export function timeoutFinding(error: string, request: string, timeoutMs: number): HttpFinding<typeof timeout.id> | undefined {
  if (!error.includes(DEADLINE_ERROR) && !/Timeout reached/i.test(error)) return undefined;
  return {
    rule: timeout.id, severity: timeout.severity, path: '#timing', expected: `a complete answer (headers and body) within ${timeoutMs} ms`, actual: 'none by the deadline',
    message: `${request} got no complete answer within ${timeoutMs} ms.`,
    hint: 'The API hung or sent its answer too slowly; rerun later, or raise timeoutMs in rollcall.config.json if the sandbox is known to be slow.',
  };
}

/**
 * A case whose budget (`budgetMs`, its total time for every request, retry and wait) is spent before
 * `request` ("METHOD url", redacted) could get its answer.
 */
export function caseBudgetFinding(request: string, budgetMs: number): HttpFinding<typeof timeout.id> {
  return {
    rule: timeout.id, severity: timeout.severity, path: '#timing', expected: `the case ends within ${budgetMs} ms`, actual: 'budget spent',
    message: `The case's budget of ${budgetMs} ms was spent before ${request} got its answer.`,
    hint: 'The API answered too slowly or throttled for too long; rerun later, or raise the case budget if the sandbox is known to be slow.',
  };
}
