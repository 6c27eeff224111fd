import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

export const statusUndocumented: HttpRule = {
  id: 'http.status-undocumented',
  severity: 'error',
  description: 'The response status is one the document lists for the operation.',
};

/** An undocumented status other than a success (a 2xx variant is http.success-status-variant's). */
export function statusUndocumentedFindings(status: number, documented: readonly number[]): Finding[] {
  if (documented.includes(status) || (status >= 200 && status <= 299)) return [];
  return [statusUndocumentedFinding(status, documented)];
}

export function statusUndocumentedFinding(status: number, documented: readonly number[]): Finding {
  return {
    path: '#status',
    expected: [...documented],
    actual: status,
    message: `Status ${status} is not documented for this operation.`,
    hint: 'Either the API answers in an undocumented way, or the spec misses a response: document it or fix the API.',
  };
}
