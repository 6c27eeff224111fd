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

export const authRequired: ExpectedStatusRule = {
  id: 'http.auth-required',
  severity: 'error',
  description: 'A request without credentials, or with wrong ones, is refused with 401.',
  status: 401,
};

export const notFound: ExpectedStatusRule = {
  id: 'http.not-found',
  severity: 'error',
  description: 'A request for an id that does not exist (or belongs to another account) is a 404.',
  status: 404,
};

export const invalidParameter: ExpectedStatusRule = {
  id: 'http.invalid-parameter',
  severity: 'error',
  description: 'A request with an invalid parameter value (not in its enum, not its type) is refused with 400 (Telnyx: 400 or 422).',
  status: 400,
  // Telnyx documents 422 for validation failures and refuses a bad page parameter of a list with 422 in
  // its OpenAPI examples; its docs also list 400. Which one room_sessions participants answers is unverified.
  alsoAccepted: { telnyx: [422] },
};

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

export function expectStatus(rule: ExpectedStatusRule, exchange: Exchange, why: string): Finding[] {
  const status = exchange.response.status;
  const accepted = acceptedStatuses(rule, exchange);
  if (accepted.includes(status)) return [];
  const expected = accepted.length === 1 ? rule.status : accepted;
  return [{
    path: '#status',
    expected,
    actual: status,
    message: `${why} was answered ${status}, not ${accepted.join(' or ')}.`,
    hint: status < 300
      ? 'The API accepted what it should refuse: a client cannot tell this mistake from success.'
      : `Answer ${accepted.join(' or ')} with the vendor's error body, as documented.`,
  }];
}

export const EXPECTED_STATUS_RULES = [authRequired, notFound, invalidParameter];
