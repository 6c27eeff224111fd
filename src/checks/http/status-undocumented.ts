import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

export const statusUndocumented: HttpRule = {
  id: 'http.status-undocumented',
  severity: 'error',
  description: 'The response status is one the document lists for the operation.',
};

export function statusUndocumentedFinding(status: number, documented: number[]): Finding {
  return {
    path: '#status',
    expected: documented,
    actual: status,
    message: `Status ${status} is not documented for this operation.`,
    hint: 'Either the API answers in an undocumented way, or the spec misses a response: document it or fix the API.',
  };
}
