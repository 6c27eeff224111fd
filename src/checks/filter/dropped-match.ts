import type { Exchange, Finding } from '../../types.js';
import { compareTimes } from '../../timestamps.js';
import { churnObserved } from '../walk/churn-observed.js';
import { isObj, requestOf, type RuledFinding } from '../walk/support.js';

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

/**
 * A match the filter dropped, read again by its id afterwards (on a busy sandbox the item may have
 * changed between the read that found it and the filtered read). The drop is excused only by a change
 * of that item that takes it out of the filter: it is gone (404), a field the filter requires now has
 * another value, or (a filter on status) its date_updated moved while its status came back, so it was
 * out meanwhile. A date_updated that moved under a filter that does not cut by status excuses nothing.
 * An excuse is not silence: it is an informational pagination.churn-observed record with the item
 * before and after, for the report. Undefined: no excuse, the drop stays filter.dropped-match.
 */
export function droppedMatchExcuse(
  filter: string,
  /** What the filter requires of an item, by item field (identity, status). */
  requires: Readonly<Record<string, unknown>>,
  listed: Readonly<Record<string, unknown>>,
  reRead: Exchange,
  idField: string,
): RuledFinding | undefined {
  const id = String(listed[idField]);
  const { status, body } = reRead.response;
  let change: string | undefined;
  let after: unknown = null;
  if (status === 404) {
    change = 'it is gone: reading it again by id answers 404';
  } else if (status === 200 && isObj(body)) {
    after = body;
    const moved = Object.entries(requires).find(([field, value]) => body[field] !== value);
    const updated = (compareTimes(body.date_updated, listed.date_updated) ?? 0) > 0;
    if (moved) change = `its ${moved[0]} is now ${JSON.stringify(body[moved[0]])}, not ${JSON.stringify(moved[1])}: it left the filter`;
    else if (updated && 'status' in requires) change = `its status came back to ${JSON.stringify(body.status)} but its date_updated moved: it was out of the filter meanwhile`;
  }
  if (change === undefined) return undefined;
  const request = requestOf(reRead);
  return {
    rule: churnObserved.id,
    severity: churnObserved.severity,
    path: '',
    expected: `the filter ${filter} returns ${idField} ${id}`,
    actual: { excuses: [{ id, difference: 'missing', change, before: listed, after }] },
    message: `The filter ${filter} did not return ${id}, which changed between the two reads: ${change}.`,
    hint: 'Nothing to fix in the API: the participant changed while it was read. Probe a quiet room to test the filter strictly.',
    ...(request ? { request } : {}),
  };
}
