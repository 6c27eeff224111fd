/**
 * Churn excuses about a Telnyx list's meta (churn-meta.ts, issue 18), each only with the evidence
 * total_results gives and recorded on pagination.churn-observed:
 * - pagination.next-null-at-end: the last page of a walk is empty and past a total_pages that shrank
 *   because items left after the page before it was read;
 * - telnyx.totals-match-walk: an item joined in front and left again between two readings, unseen by
 *   the walk, which missed one item on the way; only the rise and fall of total_results show it.
 * Without that evidence the same walks stay errors.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, type Walk } from '../../src/checks/walk/walk.js';
import type { ChurnExcuse } from '../../src/checks/walk/churn.js';
import { bodyOf, clone, contextOf, telnyxWalk, type Json } from './support.js';

type Row = [rule: string, severity: string, path: string];
/** Every finding of the walk but the warnings that only describe it (errors, and the churn record). */
const rowsOf = (walk: Walk): Row[] => checkWalk(walk, contextOf(walk.operationId)).map((f): Row => [f.rule, f.severity, f.path]);
const excusesOf = (walk: Walk): ChurnExcuse[] =>
  (checkWalk(walk, contextOf(walk.operationId)).find((f) => f.rule === 'pagination.churn-observed')?.actual as { excuses: ChurnExcuse[] } | undefined)?.excuses ?? [];

const dataOf = (walk: Walk, i: number): Json[] => bodyOf(walk, i).data as Json[];
const setMeta = (walk: Walk, i: number, meta: Json): void => void Object.assign(bodyOf(walk, i).meta as Json, meta);

/** The second reading of the reference: its data cut by `edit`, total_results and total_pages to match. */
function readAgain(walk: Walk, edit: (items: Json[]) => Json[]): void {
  const reference = walk.reference!;
  const body = clone(reference.response.body as Json);
  body.data = edit(body.data as Json[]);
  const n = (body.data as Json[]).length;
  Object.assign(body.meta as Json, { total_results: n, total_pages: n ? 1 : 0 });
  walk.referenceAfter = { ...reference, response: { ...reference.response, body } };
}

describe('pagination.next-null-at-end: an empty last page past a total_pages that shrank', () => {
  /**
   * Four participants at page[size]=2: one left before the reference (3 in it), another, the first
   * of the list, between pages 1 and 2. Page 2 is then asked (page 1 said 2 pages) and served empty,
   * past the one page left; the third participant moved back onto page 1, already read.
   */
  function shrunk(page2: Json, data: Json[] = []): Walk {
    const w = telnyxWalk({ total: 3, pageSize: 2, reference: true });
    dataOf(w, 1).splice(0, 1, ...data);
    setMeta(w, 1, page2);
    readAgain(w, (items) => items.slice(1));
    return w;
  }

  it('total_results fell from 3 to 2 and page 2 is empty: excused (no error at all)', () => {
    expect(rowsOf(shrunk({ total_pages: 1, total_results: 2 }))).toEqual([['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '']]);
  });

  const END: Row = ['pagination.next-null-at-end', 'error', '/meta/page_number'];
  it.each<[string, Json, Json[]]>([
    ['total_pages shrank but total_results held', { total_pages: 1, total_results: 3 }, []],
    ['total_results fell, but total_pages is not what it makes at the page size', { total_pages: 1, total_results: 2, page_size: 1 }, []],
    ['past total_pages with an item on it', { total_pages: 1, total_results: 2 }, [{ id: '00000000-0000-4000-8000-0000000000ff' }]],
    ['past a total_pages the page before did not announce', { page_number: 3, total_pages: 1, total_results: 2 }, []],
  ])('%s: an error', (_name, page2, data) => {
    const w = shrunk(page2, data.map((d) => ({ ...dataOf(telnyxWalk({ total: 1, pageSize: 1 }), 0)[0], ...d })));
    expect(rowsOf(w)).toContainEqual(END);
  });

  it('without a fall of total_results between the pages (a quiet list), a page past total_pages is an error', () => {
    const w = telnyxWalk({ total: 4, pageSize: 2 });
    dataOf(w, 1).splice(0);
    setMeta(w, 1, { total_pages: 1 });
    setMeta(w, 0, { total_pages: 2 });
    expect(rowsOf(w)).toContainEqual(['pagination.next-null-at-end', 'error', '/meta/page_number']);
  });

  it('records the excuse with both pages\' meta', () => {
    const w = shrunk({ total_pages: 1, total_results: 2 });
    expect(excusesOf(w)).toContainEqual(expect.objectContaining({
      difference: 'past-end',
      before: { page_number: 1, total_pages: 2, total_results: 3 },
      after: { page_number: 2, total_pages: 1, total_results: 2 },
      totalResults: [{ pageIndex: 0, total: 3 }, { pageIndex: 1, total: 2 }],
    }));
  });
});

describe('telnyx.totals-match-walk: an item that joined in front and left again, unseen', () => {
  /**
   * Thirteen participants at page[size]=4. Before page 2 one joins at the front (total_results 14):
   * page 2 starts one item early (4 again); before page 3 it leaves (13): page 3 starts one item
   * late, and item 8 is never read. Both readings of the reference hold the same 13.
   */
  function transient(page2Total: number): Walk {
    const w = telnyxWalk({ total: 13, pageSize: 4, reference: true });
    const all = (w.reference!.response.body as { data: Json[] }).data;
    dataOf(w, 1).splice(0, 4, ...clone(all.slice(3, 7)));
    setMeta(w, 1, { total_results: page2Total, total_pages: Math.ceil(page2Total / 4) });
    readAgain(w, (items) => items);
    return w;
  }

  it('total_results rose and fell: the missing item, the repeat and the count are churn', () => {
    expect(rowsOf(transient(14))).toEqual([['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '/data/0']]);
  });

  it('total_results held: the gap, the repeat and the count are errors', () => {
    const rows = rowsOf(transient(13));
    expect(rows).toContainEqual(['telnyx.totals-match-walk', 'error', '/meta/total_results']);
    expect(rows).toContainEqual(['pagination.missing-item', 'error', '/data/7']);
    expect(rows).toContainEqual(['pagination.duplicate-item', 'error', '/data/0']);
  });

  it('one transient explains one item fewer, not two', () => {
    const w = transient(14);
    dataOf(w, 2).splice(0, 1);
    expect(rowsOf(w)).toContainEqual(['telnyx.totals-match-walk', 'error', '/meta/total_results']);
  });

  it('records the count excuse with every reading\'s total_results', () => {
    expect(excusesOf(transient(14))).toContainEqual(expect.objectContaining({
      difference: 'count',
      before: { total_results: 13, total_pages: 4 },
      after: { distinctItems: 12, pagesWithItems: 4 },
      totalResults: [-1, 0, 1, 2, 3, 4].map((pageIndex) => ({ pageIndex, total: pageIndex === 1 ? 14 : 13 })),
    }));
  });
});
