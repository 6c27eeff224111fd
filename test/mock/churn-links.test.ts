/**
 * Under --churn the mock's Twilio page links stay consistent (pagination.links-consistent): a page
 * reached by a PageToken links back with one even when it is empty because the participants after
 * the cursor left the list since the page before was read (Twilio's links past the first page always
 * carry a PageToken; src/mock/twilio-paging.ts: previousToken). Real walks (walkPages) over every
 * in-progress room, with and without a Status filter, at small page sizes, over 40 seeds.
 */
import { describe, expect, it } from 'vitest';
import { checkWalk, walkPages } from '../../src/checks/walk/walk.js';
import { linksConsistent } from '../../src/checks/walk/links-consistent.js';
import { createWalkContext } from '../../src/checks/walk/context.js';
import { createCatalog } from '../../src/catalog/catalog.js';
import { twilioPage, type TwilioCollection } from '../../src/mock/twilio-paging.js';
import { FaultState } from '../../src/mock/faults.js';
import type { Exchange } from '../../src/types.js';
import { get, localPath, openMock, ORIGIN, type TestMock } from './helpers.js';

const VIDEO_LIST = 'twilio-video.listRoomParticipants';
const context = createWalkContext(createCatalog(), VIDEO_LIST);
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

const fetchPageOf = (m: TestMock) => async (url: string): Promise<Exchange> => {
  const reply = await get(m, localPath(url));
  return { operationId: VIDEO_LIST, request: { method: 'GET', url }, response: { status: reply.status, headers: reply.headers, body: reply.body } };
};

describe('the mock under churn: Twilio page links stay consistent', () => {
  it('walks of every in-progress room (no filter and Status=connected, PageSize 1..3) over 40 seeds: no pagination.links-consistent finding', async () => {
    const findings: string[] = [];
    let emptyPages = 0;
    for (const seed of SEEDS) {
      const m = await openMock({ seed, churn: 0.5 });
      const rooms = m.fx.twilio.rooms.filter((r) => r.status === 'in-progress');
      for (const room of rooms) {
        for (const filter of ['', 'Status=connected&']) {
          for (const size of [1, 2, 3]) {
            const first = `${ORIGIN}/v1/Rooms/${room.sid}/Participants?${filter}PageSize=${size}`;
            const walk = await walkPages(fetchPageOf(m), first, { api: 'twilio-video', operationId: VIDEO_LIST, pageSize: size, maxPages: 200 });
            emptyPages += walk.pages.filter((p, i) => i > 0 && ((p.response.body as { participants?: unknown[] }).participants ?? []).length === 0).length;
            for (const f of checkWalk(walk, context, [linksConsistent])) findings.push(`seed ${seed} ${first}: page ${f.pageIndex} ${f.path} ${JSON.stringify(f.actual)}`);
          }
        }
      }
    }
    expect(findings).toEqual([]);
    // The case that used to break: empty pages past the first were walked.
    expect(emptyPages).toBeGreaterThan(0);
  }, 120_000);
});

describe('previous_page_url of an empty page reached by a token', () => {
  const items = ['a', 'b', 'c', 'd', 'e'];
  const collection = (filtered: string[]): TwilioCollection<string> => ({
    filtered,
    positionOf: (s) => items.indexOf(s),
    keyOf: (s) => s,
    positionOfKey: (k) => (items.includes(k) ? items.indexOf(k) : undefined),
  });
  const previousOf = (filtered: string[], page: number, pageToken: string, pageSize = 2): string | null =>
    twilioPage(collection(filtered), { pageSize, page, pageToken }, `${ORIGIN}/v1/Rooms/RM1/Participants`, [], 'participants', new FaultState([])).meta.previous_page_url;

  it.each<[string, string[], number, string, string | null]>([
    ['a page with items: PB<its first item>', items, 1, 'PAb', `${ORIGIN}/v1/Rooms/RM1/Participants?PageSize=2&Page=0&PageToken=PBc`],
    ['empty after PA<e>: the last two items, PA<the one before them>', items, 3, 'PAe', `${ORIGIN}/v1/Rooms/RM1/Participants?PageSize=2&Page=2&PageToken=PAc`],
    ['empty after PA<d> once e left: PA<b> (c, d before it)', ['a', 'b', 'c', 'd'], 2, 'PAd', `${ORIGIN}/v1/Rooms/RM1/Participants?PageSize=2&Page=1&PageToken=PAb`],
    ['empty, the list no longer than a page: PB<cursor>', ['a', 'b'], 2, 'PAd', `${ORIGIN}/v1/Rooms/RM1/Participants?PageSize=2&Page=1&PageToken=PBd`],
    ['empty at the start (PB<a>): the same token', items, 1, 'PBa', `${ORIGIN}/v1/Rooms/RM1/Participants?PageSize=2&Page=0&PageToken=PBa`],
  ])('%s', (_name, filtered, page, token, expected) => {
    expect(previousOf(filtered, page, token)).toBe(expected);
  });
});
