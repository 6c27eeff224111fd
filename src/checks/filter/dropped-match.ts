import type { Finding } from '../../types.js';

export const droppedMatch = {
  id: 'filter.dropped-match',
  severity: 'error' as const,
  description: 'A filter whose bounds include every item returns every item: filtering never drops a match.',
};

/** Items of `expected` (by id) that the filtered list did not return. */
export function droppedMatches(filter: string, expected: Array<Record<string, unknown>>, returned: Array<Record<string, unknown>>, idField: string): Finding[] {
  const seen = new Set(returned.map((i) => i[idField]));
  const missing = expected.filter((i) => !seen.has(i[idField]));
  if (missing.length === 0) return [];
  return [{
    path: '',
    expected: `${expected.length} items (every item matches ${filter})`,
    actual: `${returned.length} items; missing ${missing.slice(0, 5).map((i) => String(i[idField])).join(', ')}${missing.length > 5 ? '…' : ''}`,
    message: `The filter ${filter} dropped ${missing.length} item(s) that match it.`,
    hint: 'Check how the API compares the filter value (time zone, inclusive bounds, precision).',
  }];
}
