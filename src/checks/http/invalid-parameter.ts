import type { Exchange, Finding } from '../../types.js';
import { refusalFinding, statusSeen, type ExpectedStatusRule } from './refusal.js';

export const invalidParameter: ExpectedStatusRule = {
  id: 'http.invalid-parameter',
  severity: 'error',
  description: 'A request with an invalid parameter value (not in its enum, not its type) is refused with 400 (Telnyx: 400 or 422).',
  status: 400,
  // Telnyx documents 422 for validation failures and refuses a bad page parameter of a list with 422 in
  // its OpenAPI examples; its docs also list 400. Which one room_sessions participants answers is unverified.
  alsoAccepted: { telnyx: [422] },
};

/** The answer to a request with an invalid parameter value (`why` names it): anything but 400 (Telnyx: 400 or 422) is a finding. */
export function invalidParameterFindings(exchange: Exchange, why: string): Finding[] {
  // Refused as documented: the rule's status, or one it also accepts for this API.
  return statusSeen(invalidParameter, exchange) === undefined ? [refusalFinding(invalidParameter, exchange, why)] : [];
}
