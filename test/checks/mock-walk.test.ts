/**
 * The walk checks against the real mock on loopback: a clean mock gives no finding, and each paging
 * fault is caught by the rule it breaks. Page sizes and bounds come from the catalog, not from here.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, walkPages, type Walk } from '../../src/checks/walk/walk.js';
import { withMock, type LiveMock } from './mock.js';
import { contextOf, getCatalog, INSIGHTS_LIST, TELNYX_LIST, VIDEO_LIST } from './support.js';

type Row = [rule: string, pageIndex: number, path: string];

const sizeParam = (operationId: string): string => (operationId === TELNYX_LIST ? 'page[size]' : 'PageSize');
const bound = (operationId: string, key: 'default' | 'maximum'): number => getCatalog().parameterSchema(operationId, sizeParam(operationId))![key] as number;

/** Walks a list of the mock; with `withReference`, one page at the maximum size with the same filters too. */
async function walkList(m: LiveMock, operationId: string, path: string, options: { size?: number; filters?: Record<string, string>; withReference?: boolean; maxPages?: number } = {}): Promise<Walk> {
  const param = sizeParam(operationId);
  const url = (size: number): string => {
    const u = new URL(m.mock.url + path);
    for (const [k, v] of Object.entries(options.filters ?? {})) u.searchParams.set(k, v);
    u.searchParams.set(param, String(size));
    return u.href;
  };
  const size = options.size ?? bound(operationId, 'default');
  const reference = options.withReference ? await m.send(operationId, url(bound(operationId, 'maximum'))) : undefined;
  const api = contextOf(operationId).operation.api;
  return walkPages(m.fetchPage(operationId), url(size), { api, operationId, pageSize: size, maxPages: options.maxPages ?? 100, reference });
}

const rowsOf = (walk: Walk): Row[] => checkWalk(walk, contextOf(walk.operationId)).map((f): Row => [f.rule, f.pageIndex, f.path]);
const violationsOf = (walk: Walk, accountSid?: string): string[] =>
  walk.pages.flatMap((p) => getCatalog().check(p, { accountSid })).map((v) => `${v.rule} ${v.path}`);

const room = (m: LiveMock, name: string) => m.fx.twilio.rooms.find((r) => r.uniqueName === name)!;
const roomPath = (m: LiveMock, name: string): string => `/v1/Rooms/${room(m, name).sid}/Participants`;
const biggestConference = (m: LiveMock): string => `/v1/Conferences/${[...m.fx.twilio.conferences].sort((a, b) => b.participants - a.participants)[0]!.sid}/Participants`;
const biggestSession = (m: LiveMock): string => `/v2/room_sessions/${[...m.fx.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0]!.id}/participants`;

describe('a clean mock: walks with no finding', () => {
  it('the 2,345-participant room at the default page size: every participant once, no finding, no violation', async () => {
    await withMock([], async (m) => {
      const walk = await walkList(m, VIDEO_LIST, roomPath(m, 'AllHands'));
      const sids = walk.pages.flatMap((p) => (p.response.body as { participants: Array<{ sid: string }> }).participants.map((x) => x.sid));
      expect(walk.stop).toEqual({ reason: 'end' });
      expect([sids.length, new Set(sids).size, walk.pages.length]).toEqual([2345, 2345, Math.ceil(2345 / bound(VIDEO_LIST, 'default'))]);
      expect(rowsOf(walk)).toEqual([]);
      expect(violationsOf(walk, m.fx.twilio.accountSid)).toEqual([]);
    });
  });

  it.each<[string, (m: LiveMock) => Promise<Walk>]>([
    ['Video, Status=connected, 2 per page, with a reference page', (m) => walkList(m, VIDEO_LIST, roomPath(m, 'DailyStandup'), { size: 2, filters: { Status: 'connected' }, withReference: true })],
    ['Video, the empty room', (m) => walkList(m, VIDEO_LIST, roomPath(m, 'QuietRoom'), { withReference: true })],
    ['Insights, the biggest conference, with a reference page', (m) => walkList(m, INSIGHTS_LIST, biggestConference(m), { withReference: true })],
    ['Telnyx, the biggest session at the default page size', (m) => walkList(m, TELNYX_LIST, biggestSession(m))],
  ])('%s', async (_name, walkOf) => {
    await withMock([], async (m) => {
      const walk = await walkOf(m);
      expect(walk.stop.reason).toBe('end');
      expect(rowsOf(walk)).toEqual([]);
      expect(violationsOf(walk, m.fx.twilio.accountSid)).toEqual([]);
    });
  });
});

describe('each paging fault of the mock is caught', () => {
  it('next-page-loop: pagination.next-page-cycle, and the walk stops (bounded)', async () => {
    await withMock(['next-page-loop'], async (m) => {
      const walk = await walkList(m, VIDEO_LIST, roomPath(m, 'AllHands'), { size: bound(VIDEO_LIST, 'maximum'), maxPages: 50 });
      expect(walk.stop).toMatchObject({ reason: 'cycle', pageIndex: 2, repeats: 0 });
      expect(walk.pages).toHaveLength(3);
      expect(rowsOf(walk)).toEqual([
        ['pagination.next-null-at-end', 2, '/meta/next_page_url'],
        ['pagination.next-page-cycle', 2, '/meta/next_page_url'],
      ]);
    });
  });

  it('next-page-loop with a tiny budget: pagination.walk-budget, never more requests than the budget', async () => {
    await withMock(['next-page-loop'], async (m) => {
      const walk = await walkList(m, VIDEO_LIST, roomPath(m, 'AllHands'), { maxPages: 2 });
      expect([walk.pages.length, walk.stop.reason]).toEqual([2, 'budget']);
      expect(rowsOf(walk)).toEqual([['pagination.walk-budget', -1, '']]);
    });
  });

  it('duplicate-across-pages (Twilio pages overlap by one): pagination.duplicate-item', async () => {
    await withMock(['duplicate-across-pages'], async (m) => {
      const walk = await walkList(m, VIDEO_LIST, roomPath(m, 'AllHands'), { size: bound(VIDEO_LIST, 'maximum') });
      expect(rowsOf(walk)).toEqual([
        ['pagination.duplicate-item', 1, '/participants/0'],
        ['pagination.duplicate-item', 2, '/participants/0'],
      ]);
    });
  });

  it('duplicate-across-pages (Telnyx pages shift once, as after an insert): pagination.duplicate-item and telnyx.totals-match-walk', async () => {
    await withMock(['duplicate-across-pages'], async (m) => {
      const walk = await walkList(m, TELNYX_LIST, biggestSession(m), { size: bound(TELNYX_LIST, 'maximum') });
      expect(rowsOf(walk)).toEqual([
        ['pagination.duplicate-item', 1, '/data/0'],
        ['telnyx.totals-match-walk', 0, '/meta/total_results'],
      ]);
    });
  });

  it('dropped-item: pagination.missing-item against one maximum-size page', async () => {
    await withMock(['dropped-item'], async (m) => {
      const walk = await walkList(m, INSIGHTS_LIST, biggestConference(m), { withReference: true });
      const size = bound(INSIGHTS_LIST, 'default');
      expect(rowsOf(walk)).toEqual([['pagination.missing-item', -1, `/participants/${size}`]]);
    });
  });

  it('page-size-ignored: pagination.page-not-full on the walk, pagination.page-size-echo on each page', async () => {
    await withMock(['page-size-ignored'], async (m) => {
      const walk = await walkList(m, INSIGHTS_LIST, biggestConference(m), { size: 7 });
      expect(rowsOf(walk)).toEqual([
        ['pagination.page-not-full', 0, '/participants'],
        ['pagination.page-not-full', 1, '/participants'],
        ['pagination.links-consistent', 0, '/meta/url'],
        ['pagination.links-consistent', 0, '/meta/first_page_url'],
      ]);
      expect(violationsOf({ ...walk, pages: [walk.pages[0]!] })).toEqual(['pagination.page-size-echo /meta/page_size']);
    });
  });

  it('meta-inconsistent (Telnyx total_pages one too many): telnyx.totals-match-walk, and telnyx.total-pages on each page', async () => {
    await withMock(['meta-inconsistent'], async (m) => {
      const walk = await walkList(m, TELNYX_LIST, biggestSession(m));
      expect(rowsOf(walk)).toEqual([['telnyx.totals-match-walk', 0, '/meta/total_pages']]);
      expect(violationsOf({ ...walk, pages: [walk.pages[0]!] })).toEqual(['telnyx.total-pages /meta/total_pages']);
    });
  });

  it('meta-inconsistent (Twilio meta.page off by one): pagination.page-index-sequence, and pagination.page-echo on each page', async () => {
    await withMock(['meta-inconsistent'], async (m) => {
      const walk = await walkList(m, INSIGHTS_LIST, biggestConference(m));
      expect(rowsOf(walk)).toEqual([['pagination.page-index-sequence', 0, '/meta/page']]);
      expect(violationsOf(walk)).toEqual(walk.pages.map(() => 'pagination.page-echo /meta/page'));
    });
  });
});
