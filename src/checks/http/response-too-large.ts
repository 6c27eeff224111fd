import type { HttpFinding, HttpRule } from './rule.js';

/** Found by src/run/probe.ts, whose sockets stop reading a response past maxResponseBytes. */
export const responseTooLarge = {
  id: 'http.response-too-large',
  severity: 'error',
  description: 'A response body stays under maxResponseBytes (rollcall stops reading past it).',
} as const satisfies HttpRule;

/** The error a capped socket is destroyed with: a request failing with it was cut by rollcall, not by the server. */
export const TOO_LARGE_ERROR = 'ROLLCALL_RESPONSE_TOO_LARGE';

/**
 * A failed request (`error`: the HTTP client's message; `cut`: whether the socket cap stopped a read
 * meanwhile) whose response exceeded `maxBytes`, or undefined when it failed otherwise. `request` is
 * "METHOD url", already redacted.
 */
export function responseTooLargeFinding(cut: boolean, error: string, request: string, maxBytes: number): HttpFinding<typeof responseTooLarge.id> | undefined {
  if (!cut && !error.includes(TOO_LARGE_ERROR)) return undefined;
  return {
    rule: responseTooLarge.id, severity: responseTooLarge.severity, path: '', expected: `at most ${maxBytes} bytes`, actual: 'more (the read was stopped)',
    message: `The response to ${request} exceeds ${maxBytes} bytes.`,
    hint: 'A page of participants is a few hundred kB at most; an endless or huge body is a server fault (or raise maxResponseBytes).',
  };
}
