/**
 * What the expected-refusal rules share (http.auth-required, http.not-found, http.invalid-parameter,
 * each in its own file): the statuses a refusal may have for an API, and the comparison with the
 * status the API answered. No rule lives here.
 */
import type { ApiName, Exchange, Finding, Severity } from '../../types.js';

/** A probe that must be refused in a documented way: 401 without or with wrong credentials, 404 for an unknown id. */
export interface ExpectedStatusRule {
  id: string;
  severity: Severity;
  description: string;
  status: number;
  /**
   * Other statuses that count as the same refusal for one API, where the vendor's behaviour is
   * unverified (specs/NOTES.md, Vendor evidence): the exchange passes with any of them, and
   * `statusSeen` tells which one it was.
   */
  alsoAccepted?: Partial<Record<ApiName, readonly number[]>>;
}

function apiOf(exchange: Exchange): ApiName | undefined {
  const prefix = exchange.operationId.split('.')[0];
  return prefix === 'twilio-video' || prefix === 'twilio-insights' || prefix === 'telnyx' ? prefix : undefined;
}

/** The statuses that satisfy `rule` for this exchange's API, the documented one first. */
export function acceptedStatuses(rule: ExpectedStatusRule, exchange: Exchange): number[] {
  const api = apiOf(exchange);
  return [rule.status, ...((api && rule.alsoAccepted?.[api]) ?? [])];
}

/** Which accepted status the API answered (for reports: "refused with 422"), or undefined when it did not refuse as documented. */
export function statusSeen(rule: ExpectedStatusRule, exchange: Exchange): number | undefined {
  const status = exchange.response.status;
  return acceptedStatuses(rule, exchange).includes(status) ? status : undefined;
}

/**
 * The finding of a request that `rule` says must be refused and that was answered otherwise; `why`
 * names the request ("A list without credentials"). Wording only: whether the answer is a refusal
 * is each rule's decision, in its own file (auth-required.ts, not-found.ts, invalid-parameter.ts).
 */
export function refusalFinding(rule: ExpectedStatusRule, exchange: Exchange, why: string): Finding {
  const status = exchange.response.status;
  const accepted = acceptedStatuses(rule, exchange);
  const expected = accepted.length === 1 ? rule.status : accepted;
  return {
    path: '#status',
    expected,
    actual: status,
    message: `${why} was answered ${status}, not ${accepted.join(' or ')}.`,
    hint: status < 300
      ? 'The API accepted what it should refuse: a client cannot tell this mistake from success.'
      : `Answer ${accepted.join(' or ')} with the vendor's error body, as documented.`,
  };
}

/** For a caller holding only the rule (src/explore/): a finding unless the answer is one of the rule's accepted statuses. */
export function expectStatus(rule: ExpectedStatusRule, exchange: Exchange, why: string): Finding[] {
  return statusSeen(rule, exchange) === undefined ? [refusalFinding(rule, exchange, why)] : [];
}
