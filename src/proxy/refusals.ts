/**
 * What the proxy answers by itself, and the finding each answer leaves in the report. A request the
 * proxy will not forward (malformed, oversized, a mutation without --allow-mutations) is the
 * application's: a warning of `proxy.request-refused`. An upstream that did not answer is the API's:
 * the HTTP layer's own rules (http.timeout, http.response-too-large, http.availability), as a run
 * reports them. Every answer is JSON the SDKs can read: Twilio's `code`/`message`/`status` and
 * Telnyx's `errors[]`, with the proxy's detail under `rollcall`.
 */
import type { Violation } from '../types.js';
import type { HttpFinding, HttpRule } from '../checks/http/rule.js';
import { DEADLINE_ERROR, timeoutFinding } from '../checks/http/timeout.js';
import { responseTooLargeFinding } from '../checks/http/response-too-large.js';
import { availability } from '../checks/http/availability.js';
import type { Failure } from './forward.js';

export type RefusalKind = 'malformed' | 'headers-too-large' | 'unrouted' | 'mutation' | 'too-large' | 'violation' | 'internal' | 'deadline' | 'upstream-too-large' | 'unreachable';

/** The status of each answer of the proxy's own. */
const STATUS: Record<RefusalKind, number> = {
  malformed: 400,
  'headers-too-large': 431,
  unrouted: 404,
  mutation: 403,
  'too-large': 413,
  violation: 502,
  internal: 502,
  deadline: 504,
  'upstream-too-large': 502,
  unreachable: 502,
};

export interface Refusal {
  kind: RefusalKind;
  status: number;
  message: string;
  body: Record<string, unknown>;
}

/** The answer of the proxy's own for `kind`: its status, and a JSON body saying what happened and what to do. */
export function refusal(kind: RefusalKind, message: string, extra: Record<string, unknown> = {}): Refusal {
  const status = STATUS[kind];
  const code = `rollcall-proxy.${kind}`;
  return {
    kind,
    status,
    message,
    body: { status, code, message: `rollcall proxy: ${message}`, errors: [{ code, title: `rollcall proxy: ${kind}`, detail: message }], rollcall: { kind, ...extra } },
  };
}

export const requestRefused = {
  id: 'proxy.request-refused',
  severity: 'warning',
  description: 'The proxy forwards what the application sends; a request it refused (a mutation without --allow-mutations, a malformed or oversized request) was answered by the proxy, not the API.',
} as const satisfies HttpRule;

/** The report's finding for a request the proxy refused. */
export function refusedViolation(r: Refusal, operation: string, request: { method: string; url: string } | undefined): Violation {
  return {
    rule: requestRefused.id,
    severity: requestRefused.severity,
    operation,
    path: '#request',
    expected: 'a request the proxy forwards',
    actual: r.kind,
    message: `The proxy answered ${r.status} itself: ${r.message}.`,
    hint: r.kind === 'mutation' ? 'Start rollcall proxy with --allow-mutations to forward requests that change data.' : 'Fix the request the application sends (or raise --max-body for a larger body).',
    ...(request ? { request } : {}),
  };
}

/** The finding and the answer for an upstream that gave no usable answer. */
export function upstreamFailure(f: Failure, described: string, options: { timeoutMs: number; maxResponseBytes: number }): { finding: HttpFinding; status: number; body: Record<string, unknown> } {
  if (f.kind === 'deadline') {
    const finding = timeoutFinding(DEADLINE_ERROR, described, options.timeoutMs) as HttpFinding;
    return { finding, ...pick(refusal('deadline', `the upstream gave no complete answer within ${options.timeoutMs} ms (--upstream-timeout)`)) };
  }
  if (f.kind === 'too-large') {
    const finding = responseTooLargeFinding(true, f.detail, described, options.maxResponseBytes) as HttpFinding;
    return { finding, ...pick(refusal('upstream-too-large', `the upstream's answer is over ${options.maxResponseBytes} bytes (--max-response)`)) };
  }
  const finding: HttpFinding = {
    rule: availability.id,
    severity: availability.severity,
    path: '#status',
    expected: 'a documented status',
    actual: `no answer (${f.detail})`,
    message: `${described} got no answer: the connection failed (${f.detail}).`,
    hint: 'The API reset or refused the connection; if it persists, check the base URL and the vendor\'s status page.',
  };
  return { finding, ...pick(refusal('unreachable', `the upstream gave no answer (${f.detail})`)) };
}

const pick = (r: Refusal) => ({ status: r.status, body: r.body });
