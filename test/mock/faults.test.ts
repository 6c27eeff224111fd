/**
 * Each named fault breaks one promise, and is caught: schema-level faults by the validator with the
 * rule FAULTS names; paging, filter and HTTP faults by the observable misbehaviour itself.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/index.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { FAULTS, parseFaultNames, UnknownFaultError } from '../../src/mock/faults.js';
import { fixturesOf } from '../../src/mock/fixtures.js';
import { get, list, openMock, ORIGIN, send, walkTelnyx, walkTwilio, type TestMock } from './helpers.js';

const fx = fixturesOf(createDataset(DEFAULT_SEED));
const standup = fx.twilio.rooms[0]!;
const allHands = fx.twilio.rooms[3]!;
const conference = fx.twilio.conferences[0]!;
const bigSession = fx.telnyx.roomSessions[2]!;
const ruleOf = (name: string): string => FAULTS.find((f) => f.name === name)!.rule;

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** The violations of one GET against a mock with `fault` on, as `rule path` strings. */
async function violations(fault: string, operation: string, url: string): Promise<string[]> {
  const m = await openMock({ faults: [fault] });
  const reply = await get(m, url);
  expect(reply.status).toBe(200);
  const found = catalog.validate(operation, reply.body, { status: 200, requestUrl: ORIGIN + url, accountSid: fx.twilio.accountSid });
  return found.map((v) => `${v.rule} ${v.path}`);
}

describe('FAULTS', () => {
  it('lists the faults of the issue, each once, with the rule that catches it', () => {
    expect(FAULTS.map((f) => [f.name, f.rule])).toEqual([
      ['bad-sid-pattern', 'twilio.sid-pattern'],
      ['enum-drift', 'schema.enum'],
      ['missing-field', 'schema.required'],
      ['type-change', 'schema.type'],
      ['undocumented-field', 'drift.undocumented-field'],
      ['page-size-ignored', 'pagination.page-size-echo'],
      ['next-page-loop', 'pagination.next-page-cycle'],
      ['duplicate-across-pages', 'pagination.duplicate-item'],
      ['dropped-item', 'pagination.missing-item'],
      ['filter-ignored', 'filter.status'],
      ['meta-inconsistent', 'telnyx.total-pages'],
      ['wrong-content-type', 'http.content-type'],
      ['error-format', 'http.error-shape'],
      ['server-error-burst', 'http.availability'],
      ['rate-limited', 'http.rate-limited'],
      ['rate-limited-no-retry-after', 'http.rate-limited'],
      ['slow', 'http.slow'],
    ]);
    expect(FAULTS.find((f) => f.name === 'filter-ignored')!.rules).toEqual(['filter.status', 'filter.context']);
    expect(FAULTS.find((f) => f.name === 'meta-inconsistent')!.rules).toEqual(['telnyx.total-pages', 'pagination.page-echo']);
  });

  it('rejects an unknown fault, naming the valid ones', () => {
    expect(() => parseFaultNames(['slow', 'nope'])).toThrow(UnknownFaultError);
    expect(() => parseFaultNames(['nope'])).toThrow(`unknown fault nope; valid faults: ${FAULTS.map((f) => f.name).join(', ')}`);
    expect(parseFaultNames([' slow ', '', 'slow', 'enum-drift'])).toEqual(['slow', 'enum-drift']);
  });
});

describe('schema-level faults are caught by the validator with their rule', () => {
  const video = `/v1/Rooms/${standup.sid}/Participants?PageSize=4`;
  const insights = `/v1/Conferences/${conference.sid}/Participants?PageSize=4`;
  const telnyx = `/v2/room_sessions/${bigSession.id}/participants?page[size]=4`;
  it.each([
    ['bad-sid-pattern', 'twilio-video.listRoomParticipants', video, ['/participants/0/sid', '/participants/3/sid']],
    ['bad-sid-pattern', 'twilio-insights.listConferenceParticipants', insights, ['/participants/0/participant_sid', '/participants/3/participant_sid']],
    ['enum-drift', 'twilio-video.listRoomParticipants', video, ['/participants/0/status', '/participants/3/status']],
    ['enum-drift', 'twilio-insights.listConferenceParticipants', insights, ['/participants/0/call_status', '/participants/3/call_status']],
    ['missing-field', 'twilio-video.listRoomParticipants', video, ['/participants/0/date_updated', '/participants/3/date_updated']],
    ['missing-field', 'twilio-insights.listConferenceParticipants', insights, ['/participants/0/processing_state', '/participants/3/processing_state']],
    ['missing-field', 'telnyx.listRoomSessionParticipants', telnyx, ['/data/0/updated_at', '/data/3/updated_at']],
    ['type-change', 'twilio-video.listRoomParticipants', video, ['/participants/0/start_time', '/participants/3/start_time']],
    ['type-change', 'twilio-insights.listConferenceParticipants', insights, ['/participants/0/duration_seconds', '/participants/3/duration_seconds']],
    ['type-change', 'telnyx.listRoomSessionParticipants', telnyx, ['/data/0/joined_at', '/data/3/joined_at']],
    ['undocumented-field', 'twilio-video.listRoomParticipants', video, ['/participants/0/media_region', '/participants/3/media_region']],
    ['undocumented-field', 'twilio-insights.listConferenceParticipants', insights, ['/participants/0/conference_friendly_name', '/participants/3/conference_friendly_name']],
    ['undocumented-field', 'telnyx.listRoomSessionParticipants', telnyx, ['/data/0/status', '/data/3/status']],
  ])('%s in %s', async (fault, operation, url, paths) => {
    const rule = ruleOf(fault);
    expect(await violations(fault, operation, url)).toEqual(paths.map((p) => `${rule} ${p}`));
  });

  it.each([
    ['bad-sid-pattern', '/sid'],
    ['enum-drift', '/status'],
    ['missing-field', '/date_updated'],
    ['type-change', '/start_time'],
    ['undocumented-field', '/media_region'],
  ])('%s in a fetched participant', async (fault, path) => {
    const url = `/v1/Rooms/${standup.sid}/Participants/${createDataset(DEFAULT_SEED).twilio.primary.rooms[0]!.participants[0]!.sid}`;
    expect(await violations(fault, 'twilio-video.fetchRoomParticipant', url)).toEqual([`${ruleOf(fault)} ${path}`]);
  });
});

describe('meta and filter faults are caught by the exchange checks', () => {
  it.each([
    ['page-size-ignored', 'twilio-video.listRoomParticipants', `/v1/Rooms/${allHands.sid}/Participants?PageSize=7`, ['pagination.page-size-echo /meta/page_size']],
    ['page-size-ignored', 'telnyx.listRoomSessionParticipants', `/v2/room_sessions/${bigSession.id}/participants?page[size]=7`, ['pagination.page-size-echo /meta/page_size']],
    ['meta-inconsistent', 'telnyx.listRoomSessionParticipants', `/v2/room_sessions/${bigSession.id}/participants?page[size]=7`, ['telnyx.total-pages /meta/total_pages']],
    ['meta-inconsistent', 'twilio-video.listRoomParticipants', `/v1/Rooms/${allHands.sid}/Participants?PageSize=7&Page=0`, ['pagination.page-echo /meta/page']],
    ['filter-ignored', 'twilio-video.listRoomParticipants', `/v1/Rooms/${standup.sid}/Participants?Status=disconnected&PageSize=2`, ['filter.status /participants/0/status', 'filter.status /participants/1/status']],
    ['filter-ignored', 'telnyx.listRoomSessionParticipants', `/v2/room_sessions/${bigSession.id}/participants?filter[context]=Alice&page[size]=2`, ['filter.context /data/0/context', 'filter.context /data/1/context']],
  ])('%s in %s', async (fault, operation, url, expected) => {
    expect(await violations(fault, operation, url)).toEqual(expected);
  });
});

describe('paging faults are seen by a walk', () => {
  const videoWalk = (m: TestMock): ReturnType<typeof walkTwilio> => walkTwilio(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=100&Page=0`, 'participants', 'sid');
  const duplicates = (keys: string[]): number => keys.length - new Set(keys).size;

  it('no fault: the walks see every item once (control)', async () => {
    const m = await openMock();
    const walk = await videoWalk(m);
    expect([walk.keys.length, duplicates(walk.keys), walk.cycled]).toEqual([2345, 0, false]);
    const telnyx = await walkTelnyx(m, bigSession.id, 30);
    expect([telnyx.ids.length, duplicates(telnyx.ids), telnyx.totalResults]).toEqual([1000, 0, 1000]);
  });

  it('next-page-loop: the last page links back to the first, so the walk cycles', async () => {
    const m = await openMock({ faults: ['next-page-loop'] });
    const walk = await videoWalk(m);
    expect(walk.cycled).toBe(true);
    expect(walk.urls.length).toBe(24);
    const last = await get(m, walk.urls[23]!);
    expect((last.body as { meta: { next_page_url: string } }).meta.next_page_url).toBe(`${ORIGIN}/v1/Rooms/${allHands.sid}/Participants?PageSize=100&Page=0`);
  });

  it('duplicate-across-pages: the Twilio walk sees the last item of each page again', async () => {
    const m = await openMock({ faults: ['duplicate-across-pages'] });
    const walk = await videoWalk(m);
    expect(walk.cycled).toBe(false);
    expect(new Set(walk.keys).size).toBe(2345);
    expect(duplicates(walk.keys)).toBe(walk.urls.length - 1);
    expect(duplicates(walk.keys)).toBeGreaterThan(0);
  });

  it('duplicate-across-pages: the Telnyx walk sees a repeated id (as after an insert), and misses none', async () => {
    const m = await openMock({ faults: ['duplicate-across-pages'] });
    const walk = await walkTelnyx(m, bigSession.id, 30);
    expect(new Set(walk.ids).size).toBe(1000);
    expect([duplicates(walk.ids), walk.totalResults, walk.totalPages]).toEqual([1, 1001, 34]);
    expect(walk.ids[29]).toBe(walk.ids[30]);
    expect(walk.pageSizes.every((n) => n <= 30)).toBe(true);
  });

  it('dropped-item: the Twilio walk misses exactly one participant', async () => {
    const m = await openMock({ faults: ['dropped-item'] });
    const walk = await videoWalk(m);
    expect([walk.keys.length, new Set(walk.keys).size, walk.cycled]).toEqual([2344, 2344, false]);
  });

  it('dropped-item: the Telnyx walk misses exactly one participant though total_results says 1000', async () => {
    const m = await openMock({ faults: ['dropped-item'] });
    const walk = await walkTelnyx(m, bigSession.id, 30);
    expect([walk.ids.length, new Set(walk.ids).size, walk.totalResults]).toEqual([999, 999, 1000]);
  });
});

describe('HTTP faults', () => {
  const video = `/v1/Rooms/${standup.sid}/Participants`;
  const telnyx = `/v2/room_sessions/${bigSession.id}/participants`;

  it.each([video, telnyx])('wrong-content-type: %s is served as text/plain', async (url) => {
    const m = await openMock({ faults: ['wrong-content-type'] });
    const reply = await get(m, url);
    expect([reply.status, reply.headers['content-type']]).toEqual([200, 'text/plain; charset=utf-8']);
    expect(typeof reply.body).toBe('object');
  });

  it.each([
    ['twilio-video.listRoomParticipants', `${video}?PageSize=0`, ['http.error-shape /code', 'http.error-shape /message', 'http.error-shape /more_info', 'drift.undocumented-field /error']],
    ['telnyx.listRoomSessionParticipants', `${telnyx}?page[size]=0`, ['http.error-shape /errors', 'drift.undocumented-field /error', 'drift.undocumented-field /status']],
  ])('error-format: %s errors lose the vendor shape (http.error-shape)', async (operation, url, expected) => {
    expect(ruleOf('error-format')).toBe('http.error-shape');
    const m = await openMock({ faults: ['error-format'] });
    const reply = await get(m, url);
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.body as object)).toEqual(['error', 'status']);
    const found = catalog.validate(operation, reply.body, { status: 400 }).map((v) => `${v.rule} ${v.path}`);
    expect(found.sort()).toEqual([...expected].sort());
  });

  it.each([
    [video, 'twilio'],
    [telnyx, 'telnyx'],
  ])('server-error-burst: the first 3 requests to %s fail, then it recovers', async (url, vendor) => {
    const m = await openMock({ faults: ['server-error-burst'] });
    const statuses: number[] = [];
    const shapes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const reply = await get(m, url);
      statuses.push(reply.status);
      shapes.push(Object.keys(reply.body as object).sort().join(','));
    }
    expect(statuses).toEqual([503, 500, 503, 200, 200]);
    const errorShape = vendor === 'twilio' ? 'code,message,more_info,status' : 'errors';
    expect(shapes.slice(0, 3)).toEqual([errorShape, errorShape, errorShape]);
    // Another path has its own burst.
    expect((await get(m, `/v1/Conferences/${conference.sid}/Participants`)).status).toBe(503);
  });

  it('rate-limited: every other request gets 429 with Retry-After, three times per path, then never', async () => {
    const m = await openMock({ faults: ['rate-limited'] });
    const seen: Array<[number, string | undefined]> = [];
    for (let i = 0; i < 9; i++) {
      const reply = await get(m, telnyx);
      seen.push([reply.status, reply.headers['retry-after']]);
    }
    expect(seen).toEqual([
      [200, undefined], [429, '1'], [200, undefined], [429, '1'], [200, undefined], [429, '1'], [200, undefined], [200, undefined], [200, undefined],
    ]);
    const limited = await openMock({ faults: ['rate-limited'] });
    await get(limited, video);
    const reply = await get(limited, video);
    expect([reply.status, catalog.validate('twilio-video.listRoomParticipants', reply.body, { status: 429 })]).toEqual([429, []]);
  });

  it('slow: every API response is delayed by the configured time; the fixtures are not', async () => {
    const m = await openMock({ faults: ['slow'], faultSettings: { slowMs: 80 } });
    const t0 = performance.now();
    expect((await get(m, video)).status).toBe(200);
    const slow = performance.now() - t0;
    const t1 = performance.now();
    await send(m.app, { method: 'GET', url: '/__mock/fixtures' });
    const fast = performance.now() - t1;
    expect(slow).toBeGreaterThanOrEqual(75);
    expect(fast).toBeLessThan(75);
  });

  it('without faults, the same requests are prompt, JSON and never throttled', async () => {
    const m = await openMock();
    for (let i = 0; i < 6; i++) {
      const reply = await get(m, telnyx);
      expect([reply.status, reply.headers['content-type'], reply.headers['retry-after']]).toEqual([200, 'application/json; charset=utf-8', undefined]);
      expect(list(reply.body, 'data').length).toBe(20);
    }
  });
});
