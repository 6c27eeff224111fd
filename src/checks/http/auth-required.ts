import type { Exchange, Finding } from '../../types.js';
import { refusalFinding, statusSeen, type ExpectedStatusRule } from './refusal.js';

export const authRequired: ExpectedStatusRule = {
  id: 'http.auth-required',
  severity: 'error',
  description: 'A request without credentials, or with wrong ones, is refused with 401.',
  status: 401,
};

/** The answer to a request sent without credentials or with wrong ones (`why` names it): anything but 401 is a finding. */
export function authRequiredFindings(exchange: Exchange, why: string): Finding[] {
  // Refused as documented: the rule's status, or one it also accepts for this API.
  return statusSeen(authRequired, exchange) === undefined ? [refusalFinding(authRequired, exchange, why)] : [];
}
