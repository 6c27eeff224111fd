/**
 * Each walk rule on hand-built walks: a clean walk has no finding at all; each broken walk has exactly
 * the findings listed (rule, page, JSON pointer), and no other rule fires unless listed.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, WALK_CHECKS, type Walk } from '../../src/checks/walk/walk.js';
import { bodyOf, contextOf, listOf, metaOfPage, participant, telnyxWalk, TELNYX_LIST, twilioWalk, VIDEO_BASE, VIDEO_LIST, type Json } from './support.js';

type Row = [rule: string, pageIndex: number, path: string];

const findingsOf = (walk: Walk): Row[] =>
  checkWalk(walk, contextOf(walk.operationId)).map((f): Row => [f.rule, f.pageIndex, f.path]);

const video = (mutate: (w: Walk) => void, options: Partial<Parameters<typeof twilioWalk>[0]> = {}): Walk => {
  const w = twilioWalk({ total: 5, pageSize: 2, reference: true, ...options });
  mutate(w);
  return w;
};
const telnyx = (mutate: (w: Walk) => void, options: Partial<Parameters<typeof telnyxWalk>[0]> = {}): Walk => {
  const w = telnyxWalk({ total: 5, pageSize: 2, reference: true, ...options });
  mutate(w);
  return w;
};
const setMeta = (w: Walk, i: number, values: Json): void => void Object.assign(metaOfPage(w, i), values);
const tokenUrl = (page: number, token: string, extra = ''): string => `${VIDEO_BASE}?${extra}PageSize=2&Page=${page}&PageToken=${token}`;

describe('a clean walk has no finding', () => {
  it.each<[string, () => Walk]>([
    ['Twilio, 3 pages, reference', () => twilioWalk({ total: 5, pageSize: 2, reference: true })],
    ['Twilio, filters kept in every link', () => twilioWalk({ total: 5, pageSize: 2, filters: 'Status=connected&Identity=a%20b', reference: true })],
    ['Twilio, last page exactly full', () => twilioWalk({ total: 4, pageSize: 2, reference: true })],
    ['Twilio, empty list', () => twilioWalk({ total: 0, pageSize: 2, reference: true })],
    ['Twilio, meta.url with reordered and re-encoded parameters', () => video((w) => setMeta(w, 1, { url: `${VIDEO_BASE}?PageToken=PA${String(listOf(w, 0)[1]!.sid)}&Page=1&Page%53ize=2` }))],
    ['Telnyx, 3 pages, reference', () => telnyxWalk({ total: 5, pageSize: 2, reference: true })],
    ['Telnyx, empty list (total_pages 0, page 1 served)', () => telnyxWalk({ total: 0, pageSize: 2, reference: true })],
  ])('%s', (_name, build) => {
    expect(findingsOf(build())).toEqual([]);
  });

  it('WALK_CHECKS has one check per rule id, each with severity and description', () => {
    const ids = WALK_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const c of WALK_CHECKS) expect([c.severity, c.description.length > 10]).toEqual([expect.stringMatching(/^(error|warning)$/), true]);
  });
});

describe('each broken walk has exactly the listed findings', () => {
  it.each<[string, () => Walk, Row[]]>([
    ['page-not-full: pages hold more than the page size asked', () => video((w) => void (w.pageSize = 1), { total: 5, pageSize: 2 }), [
      ['pagination.page-not-full', 0, '/participants'],
      ['pagination.page-not-full', 1, '/participants'],
    ]],
    ['links-consistent: previous_page_url skips a page', () => video((w) => setMeta(w, 2, { previous_page_url: `${VIDEO_BASE}?PageSize=2&Page=0` })), [
      ['pagination.links-consistent', 2, '/meta/previous_page_url'],
    ]],
    ['links-consistent: meta.url is not the URL requested', () => video((w) => setMeta(w, 2, { url: tokenUrl(2, 'PAother') })), [
      ['pagination.links-consistent', 2, '/meta/url'],
    ]],
    ['links-consistent: first_page_url changes (and its page size: filters-kept)', () => video((w) => setMeta(w, 1, { first_page_url: `${VIDEO_BASE}?PageSize=3&Page=0` })), [
      ['pagination.links-consistent', 1, '/meta/first_page_url'],
      ['pagination.filters-kept', 1, '/meta/first_page_url'],
    ]],
    ['links-consistent: first_page_url is not page 0', () => video((w) => ([0, 1, 2].forEach((i) => setMeta(w, i, { first_page_url: `${VIDEO_BASE}?PageSize=2&Page=1` })))), [
      ['pagination.links-consistent', 0, '/meta/first_page_url'],
    ]],
    ['links-consistent: next_page_url is not the next page requested', () => video((w) => setMeta(w, 0, { next_page_url: tokenUrl(1, 'PAx') })), [
      ['pagination.links-consistent', 0, '/meta/next_page_url'],
    ]],
    ['links-consistent: a link past page 0 without PageToken', () => video((w) => setMeta(w, 2, { previous_page_url: `${VIDEO_BASE}?PageSize=2&Page=1` })), [
      ['pagination.links-consistent', 2, '/meta/previous_page_url'],
    ]],
    ['filters-kept: the server drops Status from every link', () => video((w) => {
      w.firstUrl = `${VIDEO_BASE}?Status=connected&PageSize=2`;
      w.pages[0]!.request!.url = w.firstUrl;
    }), [
      ['pagination.links-consistent', 0, '/meta/url'],
      ['pagination.links-consistent', 0, '/meta/first_page_url'],
      ...[0, 1, 2].flatMap((i): Row[] => [
        ['pagination.filters-kept', i, '/meta/url'],
        ['pagination.filters-kept', i, '/meta/first_page_url'],
        ...(i < 2 ? [['pagination.filters-kept', i, '/meta/next_page_url'] as Row] : []),
        ...(i > 0 ? [['pagination.filters-kept', i, '/meta/previous_page_url'] as Row] : []),
      ]),
    ]],
    ['page-index-sequence: Twilio meta.page jumps', () => video((w) => setMeta(w, 2, { page: 3 })), [
      ['pagination.page-index-sequence', 2, '/meta/page'],
    ]],
    ['page-index-sequence: Twilio first page is not 0', () => video((w) => [0, 1, 2].forEach((i) => setMeta(w, i, { page: i + 1 }))), [
      ['pagination.page-index-sequence', 0, '/meta/page'],
    ]],
    ['next-null-at-end: a short page links on (the walk then failed)', () => video((w) => {
      setMeta(w, 2, { next_page_url: tokenUrl(3, 'PAzz') });
      w.stop = { reason: 'error', url: tokenUrl(3, 'PAzz'), detail: 'status 500', pageIndex: 2 };
    }), [
      ['pagination.next-null-at-end', 2, '/meta/next_page_url'],
    ]],
    ['next-null-at-end: Telnyx last page is not total_pages', () => telnyx((w) => [0, 1, 2].forEach((i) => setMeta(w, i, { total_pages: 4 }))), [
      ['pagination.next-null-at-end', 2, '/meta/page_number'],
      ['telnyx.totals-match-walk', 0, '/meta/total_pages'],
    ]],
    ['next-page-cycle: the last page links back to the first', () => video((w) => {
      setMeta(w, 1, { next_page_url: `${VIDEO_BASE}?PageSize=2&Page=0` });
      w.stop = { reason: 'cycle', url: `${VIDEO_BASE}?PageSize=2&Page=0`, pageIndex: 1, repeats: 0 };
    }, { total: 4 }), [
      ['pagination.next-page-cycle', 1, '/meta/next_page_url'],
    ]],
    ['next-page-off-origin: next_page_url on another host, not followed', () => video((w) => {
      w.pages.pop();
      setMeta(w, 1, { next_page_url: 'https://evil.example/v1/Rooms/x/Participants?PageSize=2&Page=2&PageToken=PA1' });
      w.stop = { reason: 'off-origin', url: 'https://evil.example/v1/Rooms/x/Participants?PageSize=2&Page=2&PageToken=PA1', pageIndex: 1 };
    }), [
      ['pagination.next-page-off-origin', 1, '/meta/next_page_url'],
    ]],
    ['walk-budget: the walk stops before the end', () => video((w) => {
      w.pages.pop();
      w.stop = { reason: 'budget', url: String(metaOfPage(w, 1).next_page_url), pageIndex: 1 };
      w.maxPages = 2;
    }), [
      ['pagination.walk-budget', -1, ''],
    ]],
    ['duplicate-item: a page repeats the last item of the page before', () => video((w) => void (listOf(w, 1)[0] = structuredClone(listOf(w, 0)[1]!)), { reference: false }), [
      ['pagination.duplicate-item', 1, '/participants/0'],
    ]],
    ['missing-item: the reference holds an item no page has', () => video((w) => void listOf({ ...w, pages: [w.reference!] }, 0).push(participant(99))), [
      ['pagination.missing-item', -1, '/participants/5'],
    ]],
    ['missing-item and duplicate-item: Telnyx pages shift by one', () => telnyx((w) => void (bodyOf(w, 1).data = [structuredClone(listOf(w, 0, 'data')[1]!), listOf(w, 1, 'data')[1]!])), [
      ['pagination.duplicate-item', 1, '/data/0'],
      ['pagination.missing-item', -1, '/data/2'],
      ['telnyx.totals-match-walk', 0, '/meta/total_results'],
    ]],
    ['unstable-order: the reference orders two items the other way', () => video((w) => {
      const ref = listOf({ ...w, pages: [w.reference!] }, 0);
      [ref[1], ref[2]] = [ref[2]!, ref[1]!];
    }), [
      ['pagination.unstable-order', 0, '/participants/1'],
    ]],
    ['totals-match-walk: total_results counts one item too many', () => telnyx((w) => setMeta(w, 0, { total_results: 6 })), [
      ['telnyx.totals-match-walk', 0, '/meta/total_results'],
    ]],
  ])('%s', (_name, build, expected) => {
    expect(findingsOf(build())).toEqual(expected);
  });
});

describe('findings carry data, one-sentence messages and hints', () => {
  it('next-page-cycle names the page it leads back to and the URL', () => {
    const w = video((x) => {
      setMeta(x, 1, { next_page_url: `${VIDEO_BASE}?PageSize=2&Page=0` });
      x.stop = { reason: 'cycle', url: `${VIDEO_BASE}?PageSize=2&Page=0`, pageIndex: 1, repeats: 0 };
    }, { total: 4 });
    const [f] = checkWalk(w, contextOf(VIDEO_LIST));
    expect(f).toMatchObject({ rule: 'pagination.next-page-cycle', severity: 'error', actual: `${VIDEO_BASE}?PageSize=2&Page=0`, message: "Page 1's next_page_url leads back to page 0, which the walk already followed." });
    expect(f!.hint).toMatch(/^Return next_page_url null/);
  });

  it('duplicate-item names the first occurrence as data', () => {
    const w = video((x) => void (listOf(x, 1)[0] = structuredClone(listOf(x, 0)[1]!)), { reference: false });
    const [f] = checkWalk(w, contextOf(VIDEO_LIST));
    expect(f!.actual).toEqual({ sid: listOf(w, 0)[1]!.sid, first: { pageIndex: 0, path: '/participants/1' } });
  });

  it('walk-budget is a warning', () => {
    const w = video((x) => {
      x.pages.pop();
      x.stop = { reason: 'budget', pageIndex: 1 };
    });
    expect(checkWalk(w, contextOf(VIDEO_LIST)).map((f) => f.severity)).toEqual(['warning']);
  });

  it('totals-match-walk applies to Telnyx only, links and filters to Twilio only', () => {
    const applies = (op: string): string[] => WALK_CHECKS.filter((c) => c.appliesTo(contextOf(op).operation)).map((c) => c.id);
    expect(applies(TELNYX_LIST)).not.toContain('pagination.links-consistent');
    expect(applies(TELNYX_LIST)).toContain('telnyx.totals-match-walk');
    expect(applies(VIDEO_LIST)).not.toContain('telnyx.totals-match-walk');
    expect(applies(VIDEO_LIST)).toContain('pagination.filters-kept');
  });
});
