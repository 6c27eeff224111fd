import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';
import { statusesOf, type DocumentedStatus } from '../../catalog/status-codes.js';

export const statusUndocumented: HttpRule = {
  id: 'http.status-undocumented',
  severity: 'error',
  description: 'The response status is one the document lists for the operation, exactly or by a range code (4XX).',
};

// How a spec writes a response code belongs to the catalog's model of the specs (src/catalog/status-codes.ts); named here for the rule's callers.
export { parseResponseCode, statusesOf, type DocumentedStatus, type RangeCode } from '../../catalog/status-codes.js';

/**
 * The key that documents `status`: the exact status when listed, else its range code (OpenAPI: an
 * explicit code takes precedence over a range); undefined when neither is.
 */
export function documentingCode(status: number, documented: readonly DocumentedStatus[]): DocumentedStatus | undefined {
  if (documented.includes(status)) return status;
  return documented.find((d) => typeof d === 'string' && statusesOf(d)[0] <= status && status <= statusesOf(d)[1]);
}

/** An undocumented status other than a success (a 2xx variant is http.success-status-variant's). */
export function statusUndocumentedFindings(status: number, documented: readonly DocumentedStatus[]): Finding[] {
  if (documentingCode(status, documented) !== undefined || (status >= 200 && status <= 299)) return [];
  return [statusUndocumentedFinding(status, documented)];
}

export function statusUndocumentedFinding(status: number, documented: readonly DocumentedStatus[]): Finding {
  return {
    path: '#status',
    expected: [...documented],
    actual: status,
    message: `Status ${status} is not documented for this operation.`,
    hint: 'Either the API answers in an undocumented way, or the spec misses a response: document it (exactly, or by a range code such as 4XX) or fix the API.',
  };
}
