import type { Exchange, Finding } from '../../types.js';
import { expectStatus, type ExpectedStatusRule } from './refusal.js';

export const notFound: ExpectedStatusRule = {
  id: 'http.not-found',
  severity: 'error',
  description: 'A request for an id that does not exist (or belongs to another account) is a 404.',
  status: 404,
};

/** The answer to a request for an id that does not exist (`why` names it): anything but 404 is a finding. */
export function notFoundFindings(exchange: Exchange, why: string): Finding[] {
  return expectStatus(notFound, exchange, why);
}
