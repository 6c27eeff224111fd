/**
 * Churn excuses need evidence (issue 18): a gap or a repeat is excused only by a change observed for
 * that item and that position, each excuse is recorded with the item before and after on
 * pagination.churn-observed, and a dropped Identity match read again leaves a trace.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, type Walk } from '../../src/checks/walk/walk.js';
import { droppedMatchExcuse } from '../../src/checks/filter/dropped-match.js';
import type { ChurnExcuse } from '../../src/checks/walk/churn.js';
import type { Exchange } from '../../src/types.js';
import { bodyOf, clone, contextOf, exchange, listOf, participant, telnyxWalk, twilioWalk, uuidOf, VIDEO_BASE, type Json } from './support.js';

type Row = [rule: string, severity: string, path: string];
const CHURN_RULES = new Set(['pagination.missing-item', 'pagination.duplicate-item', 'pagination.churn-observed', 'pagination.offset-shift']);
const findingsOf = (walk: Walk) => checkWalk(walk, contextOf(walk.operationId)).filter((f) => CHURN_RULES.has(f.rule));
const rowsOf = (walk: Walk): Row[] => findingsOf(walk).map((f): Row => [f.rule, f.severity, f.path]);
const excusesOf = (walk: Walk): ChurnExcuse[] => (findingsOf(walk).find((f) => f.rule === 'pagination.churn-observed')?.actual as { excuses: ChurnExcuse[] } | undefined)?.excuses ?? [];

/** A second reading of the reference whose data list is `items`. */
function readAgain(walk: Walk, edit: (items: Json[]) => Json[]): void {
  const reference = walk.reference!;
  const body = clone(reference.response.body as Json);
  const key = walk.api === 'telnyx' ? 'data' : 'participants';
  body[key] = edit(body[key] as Json[]);
  if (walk.api === 'telnyx') Object.assign(body.meta as Json, { total_results: (body[key] as Json[]).length });
  walk.referenceAfter = { ...reference, response: { ...reference.response, body } };
}

/** A Telnyx session of 12 at page[size]=3 with a reference page; the walk never saw the items at `gaps` (0-based, in list order). */
function telnyxGaps(gaps: number[]): Walk {
  const w = telnyxWalk({ total: 12, pageSize: 3, reference: true });
  for (const gap of [...gaps].sort((a, b) => b - a)) (bodyOf(w, Math.floor(gap / 3)).data as Json[]).splice(gap % 3, 1);
  return w;
}
const touched = (items: Json[], i: number): Json[] => items.map((p, j) => (j === i ? { ...p, updated_at: '2024-03-04T21:00:00.000000Z' } : p));

describe('page numbers: an absence is excused by a leave before it, one absence per leave', () => {
  it.each<[string, number[], (items: Json[]) => Json[], Row[]]>([
    ['an earlier item only updated (updated_at moved): no excuse', [6], (items) => touched(items, 1), [['pagination.missing-item', 'error', '/data/6'], ['pagination.churn-observed', 'warning', '']]],
    ['the item itself only updated: no excuse (it cannot leave an unfiltered list)', [6], (items) => touched(items, 6), [['pagination.missing-item', 'error', '/data/6'], ['pagination.churn-observed', 'warning', '']]],
    ['one earlier item left, one gap: excused', [6], (items) => items.filter((_, j) => j !== 1), [['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '']]],
    ['one earlier item left, two gaps: one excused, the other an error', [6, 9], (items) => items.filter((_, j) => j !== 1), [['pagination.missing-item', 'error', '/data/9'], ['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '']]],
    ['a later item left: no excuse for an earlier gap', [6], (items) => items.filter((_, j) => j !== 10), [['pagination.missing-item', 'error', '/data/6'], ['pagination.churn-observed', 'warning', '']]],
    ['the item itself left', [6], (items) => items.filter((_, j) => j !== 6), [['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '']]],
  ])('%s', (_name, gaps, after, expected) => {
    const w = telnyxGaps(gaps);
    readAgain(w, after);
    expect(rowsOf(w)).toEqual(expected);
  });

  it('records the excuse with the item before and after, and the item whose leave shifted it', () => {
    const w = telnyxGaps([6]);
    readAgain(w, (items) => items.filter((_, j) => j !== 1));
    const [excuse] = excusesOf(w);
    expect(excuse).toMatchObject({ id: uuidOf(7), difference: 'missing', before: { id: uuidOf(7) }, after: { id: uuidOf(7) }, shiftedBy: { id: uuidOf(2), before: { id: uuidOf(2) }, after: null } });
    expect(excuse?.change).toMatch(/left/);
  });
});

describe('page numbers: a repeat is excused by an item that entered before it', () => {
  /** From page 3 on, pages start one item early (as after one item entered before them): item 6 repeats, and item 12 moves onto a fifth page. */
  function telnyxRepeat(): Walk {
    const w = telnyxWalk({ total: 12, pageSize: 3, reference: true });
    const all = (w.reference!.response.body as { data: Json[] }).data;
    for (const i of [2, 3]) (bodyOf(w, i).data as Json[]).splice(0, 3, ...clone(all.slice(i * 3 - 1, i * 3 + 2)));
    w.pages.push(clone({ ...w.pages[3]!, request: { method: 'GET', url: w.pages[3]!.request!.url.replace('%5D=4', '%5D=5') } }));
    bodyOf(w, 4).data = [clone(all[11]!)];
    return w;
  }
  const newcomer = { ...(telnyxWalk({ total: 1, pageSize: 1 }).pages[0]!.response.body as { data: Json[] }).data[0]!, id: uuidOf(99) };

  it.each<[string, (items: Json[]) => Json[], Row[]]>([
    ['one entered at the front: excused', (items) => [newcomer, ...items], [['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '/data/0']]],
    ['one entered at the front, and the repeated item left after the walk: excused', (items) => [newcomer, ...items.filter((p) => p.id !== uuidOf(6))], [['pagination.churn-observed', 'warning', ''], ['pagination.offset-shift', 'warning', '/data/0']]],
    ['one entered after it, and the repeated item left after the walk: a defect', (items) => [...items.filter((p) => p.id !== uuidOf(6)), newcomer], [['pagination.duplicate-item', 'error', '/data/0'], ['pagination.churn-observed', 'warning', '']]],
    ['one entered at the end (after it): a defect', (items) => [...items, newcomer], [['pagination.duplicate-item', 'error', '/data/0'], ['pagination.churn-observed', 'warning', '']]],
    ['others only updated: a defect', (items) => touched(touched(items, 0), 2), [['pagination.duplicate-item', 'error', '/data/0'], ['pagination.churn-observed', 'warning', '']]],
  ])('%s', (_name, after, expected) => {
    const w = telnyxRepeat();
    readAgain(w, after);
    expect(rowsOf(w)).toEqual(expected);
  });

  it('records the repeat with its two sightings and the item that entered', () => {
    const w = telnyxRepeat();
    readAgain(w, (items) => [newcomer, ...items]);
    expect(excusesOf(w)).toEqual([expect.objectContaining({ id: uuidOf(6), difference: 'repeated', before: expect.objectContaining({ id: uuidOf(6) }), after: expect.objectContaining({ id: uuidOf(6) }), shiftedBy: { id: uuidOf(99), before: null, after: newcomer } })]);
  });
});

describe('Twilio Video (a list cut by status): the item itself must have changed', () => {
  function gap(after: (items: Json[]) => Json[]): Walk {
    const w = twilioWalk({ total: 5, pageSize: 2, reference: true, filters: 'Status=connected' });
    listOf(w, 1).splice(0, 1);
    readAgain(w, after);
    return w;
  }

  it.each<[string, (items: Json[]) => Json[], Row[]]>([
    ['others updated (date_updated), not this one: a defect', (items) => items.map((p, i) => (i === 2 ? p : { ...p, date_updated: '2024-03-04T11:00:00Z' })), [['pagination.missing-item', 'error', '/participants/2'], ['pagination.churn-observed', 'warning', '']]],
    ['it dropped to reconnecting and came back (date_updated moved): excused', (items) => items.map((p, i) => (i === 2 ? { ...p, date_updated: '2024-03-04T11:00:00Z' } : p)), [['pagination.churn-observed', 'warning', '']]],
    ['it left the Status=connected list', (items) => items.filter((_, i) => i !== 2), [['pagination.churn-observed', 'warning', '']]],
  ])('%s', (_name, after, expected) => {
    expect(rowsOf(gap(after))).toEqual(expected);
  });

  it('records the item before and after', () => {
    const w = gap((items) => items.map((p, i) => (i === 2 ? { ...participant(3, 'reconnecting'), date_updated: '2024-03-04T11:00:00Z' } : p)));
    expect(excusesOf(w)).toEqual([expect.objectContaining({ id: participant(3).sid, difference: 'missing', before: expect.objectContaining({ status: 'connected' }), after: expect.objectContaining({ status: 'reconnecting' }) })]);
  });
});

describe('droppedMatchExcuse: a dropped Identity match read again by SID', () => {
  const listed = participant(3);
  const reRead = (status: number, body: unknown): Exchange => exchange('twilio-video.fetchRoomParticipant', `${VIDEO_BASE}/${String(listed.sid)}`, body, status);
  const byIdentityAndStatus = { identity: listed.identity, status: listed.status };
  it.each<[string, Record<string, unknown>, Exchange, RegExp | undefined]>([
    ['unchanged: no excuse (filter.dropped-match stands)', byIdentityAndStatus, reRead(200, listed), undefined],
    ['only date_updated moved, filter not on status: no excuse', { identity: listed.identity }, reRead(200, { ...listed, date_updated: '2024-03-04T11:00:00Z' }), undefined],
    ['re-read failed (500): no excuse', byIdentityAndStatus, reRead(500, { code: 20500, message: 'x' }), undefined],
    ['gone (404)', byIdentityAndStatus, reRead(404, { code: 20404, message: 'x' }), /gone/],
    ['its status left the filter', byIdentityAndStatus, reRead(200, { ...listed, status: 'disconnected', date_updated: '2024-03-04T11:00:00Z' }), /status is now "disconnected"/],
    ['status came back, date_updated moved, filter on status', byIdentityAndStatus, reRead(200, { ...listed, date_updated: '2024-03-04T11:00:00Z' }), /came back/],
  ])('%s', (_name, requires, later, change) => {
    const excuse = droppedMatchExcuse(`Identity=${String(listed.identity)}`, requires, listed, later, 'sid');
    if (!change) {
      expect(excuse).toBeUndefined();
      return;
    }
    expect(excuse).toMatchObject({ rule: 'pagination.churn-observed', severity: 'warning', path: '', request: { method: 'GET' } });
    const [evidence] = (excuse?.actual as { excuses: ChurnExcuse[] }).excuses;
    expect(evidence).toMatchObject({ id: listed.sid, difference: 'missing', before: listed });
    expect(evidence?.after).toEqual(later.response.status === 200 ? later.response.body : null);
    expect(evidence?.change).toMatch(change);
  });
});

