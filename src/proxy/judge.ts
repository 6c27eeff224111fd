/**
 * One exchange as it passes: every check that needs one exchange, run by the code a run and
 * `rollcall validate` run. The catalog judges status, content type, body (schema, invariants, error
 * shape, links, and the filters and echoes against the request's own URL); the HTTP layer's rules
 * (src/checks/http: a 5xx, a 429, a slow answer) judge what the wire showed. Nothing here decides a rule.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { Exchange, Finding, Violation } from '../types.js';
import { availabilityFindings } from '../checks/http/availability.js';
import { rateLimitedFinding, rateLimitWait } from '../checks/http/rate-limited.js';
import { slowFindings } from '../checks/http/slow.js';
import type { HttpFinding } from '../checks/http/rule.js';
import type { RunSettings } from '../run/target.js';
import { PROBE_RULES } from '../checks/http/probe-rules.js';
import type { RuleNotes } from './cases.js';

export interface JudgeSettings extends Pick<RunSettings, 'slowMs' | 'maxRetryAfterSeconds' | 'rateLimitBackoffMs'> {
  /** The caller's Twilio account (TWILIO_ACCOUNT_SID), for `twilio.account-sid-matches-caller`. */
  accountSid?: string;
}

/** A finding of the HTTP layer as a violation of the exchange's operation. */
export function httpViolation(f: HttpFinding, exchange: Pick<Exchange, 'operationId' | 'request'>): Violation {
  const { rule, severity, ...finding } = f;
  return withRequest({ rule, severity, operation: exchange.operationId, ...finding }, exchange);
}

/** A finding of a multi-exchange check (a walk, a list-vs-fetch comparison) as a violation. */
export function locatedViolation(rule: string, severity: Violation['severity'], operation: string, f: Finding & { request?: { method: string; url: string } }): Violation {
  const { request, ...finding } = f;
  return { rule, severity, operation, path: finding.path, expected: finding.expected, actual: finding.actual, message: finding.message, hint: finding.hint, ...(request ? { request: { method: request.method, url: request.url } } : {}) };
}

function withRequest(v: Violation, exchange: Pick<Exchange, 'request'>): Violation {
  return exchange.request ? { ...v, request: { method: exchange.request.method, url: exchange.request.url } } : v;
}

/**
 * Every single-exchange violation of an exchange of a known operation that took `elapsedMs`; `rules`
 * is told which rules the exchange reached and judged, as a run's Outcome is (the HTTP layer's on
 * every answer, the catalog's through its onRule).
 */
export function judgeExchange(catalog: Catalog, exchange: Exchange, elapsedMs: number, settings: JudgeSettings, rules?: RuleNotes): Violation[] {
  if (rules) for (const r of PROBE_RULES) rules.note(r.id, true);
  const { status, headers = {} } = exchange.response;
  const http: HttpFinding[] = [...availabilityFindings(status, 0)];
  // The application retries a 429 itself: the finding is the warning of a first attempt.
  const throttled = rateLimitedFinding(status, rateLimitWait(headers, 0, settings), 0, { maxRetryAfterSeconds: settings.maxRetryAfterSeconds, retries: 1 });
  if (throttled) http.push(throttled.finding);
  http.push(...slowFindings(elapsedMs, settings.slowMs));
  const out = http.map((f) => httpViolation(f, exchange));
  out.push(...catalog.check(exchange, { accountSid: settings.accountSid, ...(rules ? { onRule: (rule: string, judged: boolean) => rules.note(rule, judged) } : {}) }));
  return out;
}
