import type { Exchange, Finding } from '../../types.js';
import { refusalFinding, statusSeen, type ExpectedStatusRule } from './refusal.js';

export const notFound: ExpectedStatusRule = {
  id: 'http.not-found',
  severity: 'error',
  description: 'A request for an id that does not exist (or belongs to another account) is a 404.',
  status: 404,
};

/** The answer to a request for an id that does not exist (`why` names it): anything but 404 is a finding. */
export function notFoundFindings(exchange: Exchange, why: string): Finding[] {
  // Refused as documented: the rule's status, or one it also accepts for this API.
  return statusSeen(notFound, exchange) === undefined ? [refusalFinding(notFound, exchange, why)] : [];
}
