/**
 * --churn RATE: participants join, reconnect and leave in-progress rooms and live sessions on a
 * schedule fixed by the seed and the request count; completed rooms and conferences never change;
 * Twilio token paging returns everyone who stayed exactly once, Telnyx page numbers shift.
 */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { parseChurnRate } from '../../src/mock/churn.js';
import { asJson, get, list, openMock, ORIGIN, walkTwilio, type TestMock } from './helpers.js';

const catalog = await loadCatalog();
const standupOf = (m: TestMock) => m.fx.twilio.rooms.find((r) => r.uniqueName === 'DailyStandup')!;
const sessionOf = (m: TestMock) => m.fx.telnyx.roomSessions[2]!;

/** n list requests spread over the fixtures, then the state of every room and session. */
async function snapshot(m: TestMock, n: number): Promise<string> {
  const urls = [
    ...m.fx.twilio.rooms.map((r) => `/v1/Rooms/${r.sid}/Participants?Status=connected&PageSize=1000`),
    ...m.fx.twilio.rooms.map((r) => `/v1/Rooms/${r.sid}/Participants?Status=disconnected&PageSize=1000`),
    ...m.fx.telnyx.roomSessions.map((s) => `/v2/room_sessions/${s.id}/participants?page[size]=250&page[number]=4`),
  ];
  for (let i = 0; i < n; i++) await get(m, urls[i % urls.length]!);
  const state = [];
  for (const url of urls) state.push((await get(m, url)).text);
  return state.join('\n');
}

describe('--churn RATE', () => {
  it.each([['0.1', 0.1], ['2', 2], ['0', 0]])('parses %s', (raw, value) => expect(parseChurnRate(raw)).toBe(value));
  it.each(['-1', 'fast', '11', '1e3', ''])('refuses %j, saying what RATE is', (raw) => expect(() => parseChurnRate(raw)).toThrow(/events per request from 0 to 10/));

  it('is deterministic: the same seed and requests give the same data; another seed other data', async () => {
    const a = await snapshot(await openMock({ churn: 0.5, seed: 7 }), 60);
    const b = await snapshot(await openMock({ churn: 0.5, seed: 7 }), 60);
    const c = await snapshot(await openMock({ churn: 0.5, seed: 8 }), 60);
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it('RATE events per API request: 0.25 over 200 requests makes 50 events, counted in the fixtures; the fixtures request counts none', async () => {
    const m = await openMock({ churn: 0.25 });
    for (let i = 0; i < 10; i++) await get(m, '/__mock/fixtures');
    for (let i = 0; i < 200; i++) await get(m, `/v1/Rooms/${standupOf(m).sid}/Participants`);
    const fx = asJson((await get(m, '/__mock/fixtures')).body) as { churn: { rate: number; events: Record<string, number> } };
    expect(fx.churn.rate).toBe(0.25);
    expect(Object.values(fx.churn.events).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(45);
    expect(Object.values(fx.churn.events).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(50);
    expect(Object.keys(fx.churn.events).sort()).toEqual(['joined', 'left', 'reconnected', 'reconnecting']);
  });

  it('changes in-progress rooms and live sessions only; completed rooms and conferences stay as they were', async () => {
    const quiet = await openMock();
    const m = await openMock({ churn: 2 });
    const fixed = (x: TestMock) => [
      ...x.fx.twilio.rooms.filter((r) => r.status === 'completed').map((r) => `/v1/Rooms/${r.sid}/Participants?PageSize=1000`),
      ...x.fx.twilio.conferences.map((c) => `/v1/Conferences/${c.sid}/Participants?PageSize=1000`),
      `/v2/room_sessions/${x.fx.telnyx.roomSessions[0]!.id}/participants`,
    ];
    for (let i = 0; i < 100; i++) await get(m, `/v1/Rooms/${standupOf(m).sid}/Participants`);
    for (const url of fixed(m)) expect((await get(m, url)).text).toBe((await get(quiet, url)).text);
    const live = asJson((await get(m, '/__mock/fixtures')).body) as typeof m.fx;
    expect(live.twilio.rooms).not.toEqual(quiet.fx.twilio.rooms);
    expect(live.telnyx.roomSessions[2]!.participants).toBeGreaterThan(1000);
  });

  it('every response under churn still validates', async () => {
    const m = await openMock({ churn: 3 });
    for (let i = 0; i < 40; i++) {
      const url = i % 2 ? `/v1/Rooms/${standupOf(m).sid}/Participants?Status=${['connected', 'reconnecting', 'disconnected'][i % 3]}` : `/v2/room_sessions/${sessionOf(m).id}/participants?page[number]=${1 + (i % 50)}`;
      const reply = await get(m, url);
      const op = url.startsWith('/v2') ? 'telnyx.listRoomSessionParticipants' : 'twilio-video.listRoomParticipants';
      expect(catalog.validate(op, reply.body, { status: reply.status, requestUrl: ORIGIN + url, accountSid: m.fx.twilio.accountSid })).toEqual([]);
    }
  });

  it.each([1, 2, 3, 4, 5])('Twilio token paging (seed %i): a walk returns every participant in the list throughout exactly once, none twice', async (seed) => {
    const m = await openMock({ churn: 1, seed });
    const url = `/v1/Rooms/${standupOf(m).sid}/Participants?Status=connected&PageSize=1000`;
    const before = new Set(list((await get(m, url)).body, 'participants').map((p) => String(p.sid)));
    const walk = await walkTwilio(m, `/v1/Rooms/${standupOf(m).sid}/Participants?Status=connected&PageSize=1`, 'participants', 'sid');
    const after = new Set(list((await get(m, url)).body, 'participants').map((p) => String(p.sid)));
    const throughout = [...before].filter((sid) => after.has(sid));
    // Connected before and after: a reconnect in between may hide one from the walk, so only those that never changed count.
    const seen = new Map<string, number>();
    for (const sid of walk.keys) seen.set(sid, (seen.get(sid) ?? 0) + 1);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    const changed = await changedDuring(m, throughout);
    for (const sid of throughout.filter((s) => !changed.has(s))) expect(seen.get(sid), sid).toBe(1);
  });

  it('Telnyx page numbers shift under churn: a filter that leaving participants enter repeats items for a page-number client', async () => {
    // Participants who leave now enter filter[date_left_at][gte]=<the churn date> somewhere in the join order: later pages shift.
    let repeated = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const m = await openMock({ churn: 2, seed });
      const session = sessionOf(m).id;
      const ids: string[] = [];
      for (let n = 1; n <= 20; n++) {
        const reply = await get(m, `/v2/room_sessions/${session}/participants?page[size]=5&page[number]=${n}&filter[date_left_at][gte]=2024-03-05`);
        for (const p of list(reply.body, 'data')) ids.push(String(p.id));
      }
      repeated += ids.length - new Set(ids).size;
    }
    expect(repeated).toBeGreaterThan(0);
  });
});

/** The SIDs among `sids` whose date_updated is later now than the walk could have seen: they changed. */
async function changedDuring(m: TestMock, sids: string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const sid of sids) {
    const p = asJson((await get(m, `/v1/Rooms/${standupOf(m).sid}/Participants/${sid}`)).body);
    if (String(p.date_updated) !== String(p.date_created)) out.add(sid);
  }
  return out;
}
