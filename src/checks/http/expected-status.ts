import type { Exchange, Finding, Severity } from '../../types.js';

/** A probe that must be refused in a documented way: 401 without or with wrong credentials, 404 for an unknown id. */
export interface ExpectedStatusRule {
  id: string;
  severity: Severity;
  description: string;
  status: number;
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
  description: 'A request with an invalid parameter value (not in its enum, not its type) is refused with 400.',
  status: 400,
};

export function expectStatus(rule: ExpectedStatusRule, exchange: Exchange, why: string): Finding[] {
  const status = exchange.response.status;
  if (status === rule.status) return [];
  return [{
    path: '#status',
    expected: rule.status,
    actual: status,
    message: `${why} was answered ${status}, not ${rule.status}.`,
    hint: status < 300
      ? 'The API accepted what it should refuse: a client cannot tell this mistake from success.'
      : `Answer ${rule.status} with the vendor's error body, as documented.`,
  }];
}

export const EXPECTED_STATUS_RULES = [authRequired, notFound, invalidParameter];
