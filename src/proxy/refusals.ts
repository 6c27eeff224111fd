/**
 * What the proxy answers by itself, and the finding each answer leaves in the report. A request the
 * proxy will not forward (malformed, oversized, a mutation without --allow-mutations) is the
 * application's: a warning of `proxy.request-refused` (src/checks/proxy/request-refused.ts decides it). An upstream that did not answer is the API's:
 * the HTTP layer's own rules (http.timeout, http.response-too-large, http.availability), as a run
 * reports them. Every answer is JSON the SDKs can read: Twilio's `code`/`message`/`status` and
 * Telnyx's `errors[]`, with the proxy's detail under `rollcall`.
 */
import type { Violation } from '../types.js';
import type { HttpFinding } from '../checks/http/rule.js';
import type { RefusedFinding } from '../checks/proxy/request-refused.js';
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

/** The proxy's answer to a request it refused (the rule's finding says why). */
export function refusalOf(f: RefusedFinding): Refusal {
  return refusal(f.kind, f.reason);
}

/** The report's finding for a request the proxy refused. */
export function refusedViolation(f: RefusedFinding, operation: string, request: { method: string; url: string } | undefined): Violation {
  const { rule, severity, path, expected, actual, hint } = f;
  return { rule, severity, operation, path, expected, actual, message: `The proxy answered ${STATUS[f.kind]} itself: ${f.reason}.`, hint, ...(request ? { request } : {}) };
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
