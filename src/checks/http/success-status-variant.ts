import type { Finding } from '../../types.js';
import type { HttpRule } from './rules.js';

/**
 * A 2xx that the spec does not document for the operation. Every official Twilio SDK treats any
 * 2xx as success (and Twilio moved the participant update from 200 to 202 in 2025: specs/NOTES.md,
 * V12), so a client is not broken by it: a warning, not `http.status-undocumented`.
 */
export const successStatusVariant: HttpRule = {
  id: 'http.success-status-variant',
  severity: 'warning',
  description: 'A success status (2xx) is one the document lists for the operation; another 2xx is reported, not failed.',
};

export function successStatusVariantFindings(status: number, documented: readonly number[]): Finding[] {
  if (status < 200 || status > 299 || documented.includes(status)) return [];
  const documentedSuccess = documented.filter((s) => s >= 200 && s <= 299);
  return [{
    path: '#status',
    expected: documentedSuccess,
    actual: status,
    message: `Success status ${status} is not the documented ${documentedSuccess.join(' or ')}.`,
    hint: 'Clients that accept any 2xx are unaffected; document the status if the vendor now answers it, or report the change.',
  }];
}
