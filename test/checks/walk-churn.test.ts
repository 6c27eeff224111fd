/**
 * Churn against defects: a difference between a walk and its reference that the data's own change
 * explains is pagination.churn-observed (and, under page numbers, pagination.offset-shift), never an
 * error; a gap or a repeat the change cannot explain is still missing-item or duplicate-item.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, type Walk } from '../../src/checks/walk/walk.js';
import { bodyOf, clone, contextOf, listOf, metaOfPage, participant, telnyxWalk, twilioWalk, type Json } from './support.js';

type Row = [rule: string, severity: string, pageIndex: number, path: string];
/** The rules that compare readings; the hand-made gaps also leave a short page, which other rules judge. */
const CHURN_RULES = new Set(['pagination.missing-item', 'pagination.duplicate-item', 'pagination.churn-observed', 'pagination.offset-shift', 'telnyx.totals-match-walk']);
const findingsOf = (walk: Walk): Row[] =>
  checkWalk(walk, contextOf(walk.operationId)).filter((f) => CHURN_RULES.has(f.rule)).map((f): Row => [f.rule, f.severity, f.pageIndex, f.path]);

/** A Twilio walk of 5 whose 3rd item is absent from every page (a gap), with a second reading of the reference built by `after`. */
function twilioGap(after: (items: Json[]) => Json[] | undefined): Walk {
  const w = twilioWalk({ total: 5, pageSize: 2, reference: true });
  listOf(w, 1).splice(0, 1); // the walk never saw item 3
  const reference = w.reference!;
  const items = after(clone((reference.response.body as Json).participants as Json[]));
  if (items) w.referenceAfter = { ...reference, response: { ...reference.response, body: { ...(reference.response.body as Json), participants: items } } };
  return w;
}

describe('Twilio token paging: a gap is churn only if the item itself left or changed', () => {
  it.each<[string, (items: Json[]) => Json[] | undefined, Row[]]>([
    ['the item left the list (absent from the second reading)', (items) => items.filter((_, i) => i !== 2), [['pagination.churn-observed', 'warning', -1, '']]],
    ['the item changed state (status and date_updated)', (items) => items.map((p, i) => (i === 2 ? { ...participant(3, 'reconnecting'), date_updated: '2024-03-04T11:00:00Z' } : p)), [['pagination.churn-observed', 'warning', -1, '']]],
    ['nothing changed: a defect', (items) => items, [['pagination.missing-item', 'error', -1, '/participants/2']]],
    ['another item left, not this one: still a defect (tokens do not shift)', (items) => items.filter((_, i) => i !== 0), [['pagination.missing-item', 'error', -1, '/participants/2'], ['pagination.churn-observed', 'warning', -1, '']]],
    ['no second reading: a defect', () => undefined, [['pagination.missing-item', 'error', -1, '/participants/2']]],
  ])('%s', (_name, after, expected) => {
    expect(findingsOf(twilioGap(after))).toEqual(expected);
  });

  it('a repeat is a defect whatever changed: a page starts after the last item of the previous one', () => {
    const w = twilioWalk({ total: 5, pageSize: 2, reference: true });
    listOf(w, 1)[0] = clone(listOf(w, 0)[1]!);
    w.referenceAfter = clone(w.reference!);
    ((w.referenceAfter.response.body as Json).participants as Json[]).push(participant(9));
    expect(findingsOf(w).filter(([rule]) => rule === 'pagination.duplicate-item')).toEqual([['pagination.duplicate-item', 'error', 1, '/participants/0']]);
  });
});

/** A Telnyx walk of 60 at page size 20 (no usable reference: like a session longer than 250). */
function telnyxShift(mutate: (w: Walk) => void): Walk {
  const w = telnyxWalk({ total: 60, pageSize: 20 });
  mutate(w);
  return w;
}
const setTotal = (w: Walk, i: number, total: number): void => void Object.assign(metaOfPage(w, i), { total_results: total, total_pages: Math.ceil(total / 20) });
/** Page i starts one item earlier, as after one item entered before it: its first item repeats the previous page's last. */
const shiftBack = (w: Walk, i: number): void => {
  const data = bodyOf(w, i).data as Json[];
  data.unshift(clone((bodyOf(w, i - 1).data as Json[]).at(-1)!));
  data.pop();
};

describe('Telnyx page numbers: a repeat is churn as far as total_results grew between the two pages', () => {
  it.each<[string, (w: Walk) => void, Row[]]>([
    ['one item entered before page 2 (total 60 -> 61): one repeat, explained', (w) => {
      shiftBack(w, 1);
      setTotal(w, 1, 61);
      setTotal(w, 2, 61);
      (bodyOf(w, 2).data as Json[]).push(clone((bodyOf(w, 2).data as Json[])[0]!), ); // page 3 holds the pushed-back item too
      (bodyOf(w, 2).data as Json[]).pop();
    }, [
      ['pagination.churn-observed', 'warning', -1, ''],
      ['pagination.offset-shift', 'warning', 1, '/data/0'],
    ]],
    ['a repeat with total_results constant: a defect', (w) => shiftBack(w, 1), [
      ['pagination.duplicate-item', 'error', 1, '/data/0'],
      ['telnyx.totals-match-walk', 'error', 0, '/meta/total_results'],
    ]],
    ['two repeats, one unit of growth: one explained, one a defect', (w) => {
      shiftBack(w, 1);
      shiftBack(w, 2);
      setTotal(w, 1, 61);
      setTotal(w, 2, 61);
    }, [
      ['pagination.duplicate-item', 'error', 2, '/data/0'],
      // 58 distinct items where the totals (60, 61) moved by one: the unexplained repeat leaves a gap too.
      ['telnyx.totals-match-walk', 'error', 0, '/meta/total_results'],
      ['pagination.churn-observed', 'warning', -1, ''],
      ['pagination.offset-shift', 'warning', 1, '/data/0'],
    ]],
  ])('%s', (_name, mutate, expected) => {
    expect(findingsOf(telnyxShift(mutate))).toEqual(expected);
  });

  it('totals that moved by one cannot explain a walk that saw 10 items fewer', () => {
    const w = telnyxShift((x) => {
      setTotal(x, 2, 61);
      (bodyOf(x, 1).data as Json[]).splice(0, 10);
    });
    expect(findingsOf(w).map(([rule, severity]) => `${rule} ${severity}`)).toEqual(expect.arrayContaining(['telnyx.totals-match-walk error', 'pagination.churn-observed warning']));
  });

  it('a quiet walk has no churn finding', () => {
    expect(findingsOf(telnyxWalk({ total: 60, pageSize: 20 }))).toEqual([]);
    expect(findingsOf(twilioWalk({ total: 5, pageSize: 2, reference: true }))).toEqual([]);
  });
});
