/**
 * filter.partition and the consistency rules on hand-built exchanges (a pass and each way to fail),
 * then on the real mock: clean, and with filter-ignored.
 */
import { describe, expect, it } from 'vitest';
import { partition, type PartitionInput } from '../../src/checks/consistency/partition.js';
import { fetchMatchesList } from '../../src/checks/consistency/fetch-matches-list.js';
import { identityFetch } from '../../src/checks/consistency/identity-fetch.js';
import { urlResolves } from '../../src/checks/consistency/url-resolves.js';
import { listedFromExchange, listedFromWalk, type Listed } from '../../src/checks/consistency/listed.js';
import { walkPages } from '../../src/checks/walk/walk.js';
import { enumValues } from '../../src/checks/walk/support.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { withMock, type LiveMock } from './mock.js';
import { clone, contextOf, exchange, getCatalog, INSIGHTS_LIST, participant, sidOf, VIDEO_BASE, VIDEO_LIST, type Json } from './support.js';

const FETCH = 'twilio-video.fetchRoomParticipant';
const ctx = contextOf(VIDEO_LIST);
const statuses = enumValues(ctx.parameterSchema, 'Status');

/** A list response as Listed items, as one page of Status=<status> would give them. */
const listed = (status: string | undefined, items: Json[]): Listed[] =>
  listedFromExchange(exchange(VIDEO_LIST, `${VIDEO_BASE}?${status ? `Status=${status}&` : ''}PageSize=50`, { participants: items, meta: {} }), 'participants');
const edited = (p: Json, values: Json): Json => ({ ...clone(p), ...values });
const fetched = (p: Json): Listed => ({ pointer: '', value: p, request: { method: 'GET', url: String(p.url) } });

describe('filter.partition on hand-built lists', () => {
  const [c1, c2, c3, r4, d5, d6] = [participant(1), participant(2), participant(3), participant(4, 'reconnecting'), participant(5, 'disconnected'), participant(6, 'disconnected')];
  const everyone = [c1, c2, c3, r4, d5, d6].map((p) => fetched(p!));
  const byStatus = (lists: Record<string, Json[]>): Record<string, Listed[]> => Object.fromEntries(Object.entries(lists).map(([s, items]) => [s, listed(s, items)]));
  const inProgress = (): PartitionInput => ({
    all: everyone,
    byStatus: byStatus({ connected: [c1!, c2!, c3!], reconnecting: [r4!], disconnected: [d5!, d6!] }),
    unfiltered: listed(undefined, [c1!, c2!, c3!]),
    roomStatus: 'in-progress',
  });

  it('reads the documented Status values from the schema', () => {
    expect(statuses).toEqual(['connected', 'disconnected', 'reconnecting']);
  });

  it.each<[string, () => PartitionInput, string[]]>([
    ['in-progress room: a partition, unfiltered = connected', inProgress, []],
    ['completed room: unfiltered = disconnected', () => ({ all: [d5!, d6!].map(fetched), byStatus: byStatus({ connected: [], reconnecting: [], disconnected: [d5!, d6!] }), unfiltered: listed(undefined, [d5!, d6!]), roomStatus: 'completed' }), []],
    ['no room status: the default is not checked', () => ({ ...inProgress(), unfiltered: listed(undefined, [d5!]), roomStatus: undefined }), []],
    ['an item of another status in the connected list (and so in two lists)', () => {
      const input = inProgress();
      input.byStatus.connected = listed('connected', [c1!, c2!, c3!, r4!]);
      input.unfiltered = listed(undefined, [c1!, c2!, c3!, r4!]);
      return input;
    }, ['/participants/3/status', '/participants/0']],
    ['a participant in no list', () => ({ ...inProgress(), byStatus: byStatus({ connected: [c1!, c2!, c3!], reconnecting: [r4!], disconnected: [d5!] }) }), ['']],
    ['a stranger in a list', () => ({ ...inProgress(), byStatus: byStatus({ connected: [c1!, c2!, c3!], reconnecting: [r4!], disconnected: [d5!, d6!, participant(99, 'disconnected')] }) }), ['/participants/2']],
    ['in-progress room: unfiltered lists everyone', () => ({ ...inProgress(), unfiltered: listed(undefined, [c1!, c2!, c3!, r4!, d5!, d6!]) }), ['/participants/3/status', '/participants/4/status', '/participants/5/status']],
    ['in-progress room: unfiltered misses a connected participant', () => ({ ...inProgress(), unfiltered: listed(undefined, [c1!, c3!]) }), ['']],
    ['completed room: unfiltered lists connected participants', () => ({ ...inProgress(), roomStatus: 'completed' }), ['/participants/0/status', '/participants/1/status', '/participants/2/status', '', '']],
    // Churn: the lists are walked one after another, so a participant that changed in between is no defect.
    ['churn: c1 dropped to reconnecting between the two walks (another date_updated in each list)', () => {
      const input = inProgress();
      input.byStatus.reconnecting = listed('reconnecting', [r4!, edited(c1!, { status: 'reconnecting', date_updated: '2024-03-04T11:00:00Z' })]);
      return input;
    }, []],
    ['churn: c7 joined after the connected walk, before the unfiltered one', () => ({ ...inProgress(), unfiltered: listed(undefined, [c1!, c2!, c3!, edited(participant(7), { date_updated: '2024-03-04T11:00:00Z' })]) }), []],
    ['churn: c3 left after the connected walk (disconnected later, with a later date_updated)', () => {
      const input = inProgress();
      input.byStatus.disconnected = listed('disconnected', [d5!, d6!, edited(c3!, { status: 'disconnected', date_updated: '2024-03-04T11:00:00Z' })]);
      input.unfiltered = listed(undefined, [c1!, c2!]);
      return input;
    }, []],
    ['no churn: an older connected participant in the unfiltered list only is a defect', () => ({ ...inProgress(), unfiltered: listed(undefined, [c1!, c2!, c3!, edited(participant(7), { date_updated: '2024-03-04T09:00:30Z' })]) }), ['/participants/3/status']],
  ])('%s', (_name, input, paths) => {
    expect(partition(input(), ctx).map((f) => f.path)).toEqual(paths);
  });

  it('a finding says which list, with the request of the page it is on', () => {
    const input = inProgress();
    input.byStatus.disconnected = listed('disconnected', [d5!, d6!, c1!]);
    const [mismatch, overlap] = partition(input, ctx);
    expect(mismatch).toMatchObject({ path: '/participants/2/status', expected: 'disconnected', actual: 'connected', request: { method: 'GET', url: `${VIDEO_BASE}?Status=disconnected&PageSize=50` } });
    expect(overlap).toMatchObject({ path: '/participants/2', actual: ['connected', 'disconnected'], message: `Participant ${sidOf(1)} is in both the Status=connected and the Status=disconnected lists.` });
  });

  it('throws when a documented Status list is missing or an undocumented one is given (a tool error)', () => {
    const input = inProgress();
    delete input.byStatus.reconnecting;
    input.byStatus.gone = [];
    expect(() => partition(input, ctx)).toThrow('filter.partition needs one list per documented Status (connected, disconnected, reconnecting); missing reconnecting; undocumented gone');
  });
});

describe('consistency rules on hand-built exchanges', () => {
  const connected = participant(1);
  const disconnected = participant(2, 'disconnected');
  const reconnecting = participant(3, 'reconnecting');
  const asListed = (p: Json): Listed => listed(String(p.status), [p])[0]!;
  const fetchOf = (body: unknown, status = 200): ReturnType<typeof exchange> => exchange(FETCH, `${VIDEO_BASE}/x`, body, status);
  const edit = (p: Json, values: Json): Json => ({ ...clone(p), ...values });

  it.each<[string, Json, () => ReturnType<typeof exchange>, string[]]>([
    ['the same participant', connected, () => fetchOf(clone(connected)), []],
    ['connected, updated since (later date_updated)', connected, () => fetchOf(edit(connected, { date_updated: '2024-03-04T11:00:00Z' })), []],
    ['connected, left since (later date_updated, new status, end_time, duration)', connected, () => fetchOf(edit(connected, { date_updated: '2024-03-04T11:00:00Z', status: 'disconnected', end_time: '2024-03-04T11:00:00Z', duration: 60 })), []],
    ['another identity', connected, () => fetchOf(edit(connected, { identity: 'mallory' })), ['/identity']],
    ['a new status without a later date_updated', connected, () => fetchOf(edit(connected, { status: 'disconnected' })), ['/status']],
    ['an earlier date_updated', connected, () => fetchOf(edit(connected, { date_updated: '2024-03-04T08:00:00Z' })), ['/date_updated']],
    ['disconnected is final: even date_updated may not move', disconnected, () => fetchOf(edit(disconnected, { date_updated: '2024-03-04T11:00:00Z' })), ['/date_updated']],
    ['a field the list does not have', disconnected, () => fetchOf(edit(disconnected, { media_region: 'us1' })), ['/media_region']],
    ['a nested difference', disconnected, () => fetchOf(edit(disconnected, { links: { published_tracks: 'https://elsewhere.example/' } })), ['/links']],
    ['not fetchable by SID', connected, () => fetchOf({ code: 20404, message: 'not found', more_info: 'https://x.example', status: 404 }, 404), ['#status']],
  ])('consistency.fetch-matches-list: %s', (_name, p, fetch, paths) => {
    expect(fetchMatchesList(asListed(p), fetch(), ctx).map((f) => f.path)).toEqual(paths);
  });

  it.each<[string, Json, () => ReturnType<typeof exchange>, string[]]>([
    ['connected: itself', connected, () => fetchOf(clone(connected)), []],
    ['connected: a 404', connected, () => fetchOf({}, 404), ['#status']],
    ['connected: another participant', connected, () => fetchOf(participant(7)), ['/sid']],
    ['disconnected: a 404', disconnected, () => fetchOf({}, 404), []],
    ['disconnected: the connected participant who took over the identity', disconnected, () => fetchOf(edit(participant(9), { identity: disconnected.identity })), []],
    ['disconnected: itself', disconnected, () => fetchOf(clone(disconnected)), ['/sid']],
    ['disconnected: another disconnected participant', disconnected, () => fetchOf(edit(participant(9, 'disconnected'), { identity: disconnected.identity })), ['/status']],
    ['disconnected: a connected participant with another identity', disconnected, () => fetchOf(participant(9)), ['/identity']],
    ['reconnecting: a 500', reconnecting, () => fetchOf({}, 500), ['#status']],
    ['reconnecting: itself, connected again since (a later date_updated): churn', reconnecting, () => fetchOf(edit(reconnecting, { status: 'connected', date_updated: '2024-03-04T11:00:00Z' })), []],
    ['reconnecting: itself, connected, not updated since: a defect', reconnecting, () => fetchOf(edit(reconnecting, { status: 'connected' })), ['/sid']],
    ['connected: a newer connected holder of its identity (it left, someone rejoined since): churn', connected, () => fetchOf(edit(participant(9), { identity: connected.identity, date_created: '2024-03-04T11:00:00Z' })), []],
  ])('consistency.identity-fetch: %s', (_name, p, fetch, paths) => {
    expect(identityFetch(asListed(p), fetch(), ctx).map((f) => f.path)).toEqual(paths);
  });

  it.each<[string, () => ReturnType<typeof exchange> | undefined, string[]]>([
    ['no later fetch: a defect', () => undefined, ['#status']],
    ['a later fetch by SID shows it left: churn', () => fetchOf(edit(connected, { status: 'disconnected', date_updated: '2024-03-04T11:00:00Z', end_time: '2024-03-04T11:00:00Z', duration: 60 })), []],
    ['a later fetch by SID shows it still connected and unchanged: a defect', () => fetchOf(clone(connected)), ['#status']],
  ])('consistency.identity-fetch, connected participant answered 404 by identity: %s', (_name, later, paths) => {
    expect(identityFetch(asListed(connected), fetchOf({}, 404), ctx, later()).map((f) => f.path)).toEqual(paths);
  });

  it.each<[string, () => ReturnType<typeof exchange>, string[]]>([
    ['resolves to itself', () => fetchOf(clone(connected)), []],
    ['does not resolve', () => fetchOf({}, 404), ['#status']],
    ['resolves to another participant', () => fetchOf(edit(participant(7), { url: connected.url })), ['/sid']],
    ['resolves to itself under another url', () => fetchOf(edit(connected, { url: `${VIDEO_BASE}/other` })), ['/url']],
  ])('consistency.url-resolves: %s', (_name, fetch, paths) => {
    expect(urlResolves(asListed(connected), fetch(), ctx).map((f) => f.path)).toEqual(paths);
  });

  it('consistency.url-resolves identifies Insights items by participant_sid', () => {
    const item = { participant_sid: 'CP' + '1'.repeat(32), url: 'https://insights.twilio.com/v1/Conferences/CF/Participants/CP' };
    const l: Listed = { pointer: '/participants/0', value: item };
    expect(urlResolves(l, exchange(INSIGHTS_LIST, item.url, { ...item }), contextOf(INSIGHTS_LIST))).toEqual([]);
    expect(urlResolves(l, exchange(INSIGHTS_LIST, item.url, { ...item, participant_sid: 'CP' + '2'.repeat(32) }), contextOf(INSIGHTS_LIST)).map((f) => f.path)).toEqual(['/participant_sid']);
  });
});

/** Every participant of a room, walked once per documented Status, at the maximum page size. */
async function statusLists(m: LiveMock, roomSid: string): Promise<{ byStatus: Record<string, Listed[]>; unfiltered: Listed[] }> {
  const max = getCatalog().parameterSchema(VIDEO_LIST, 'PageSize')!.maximum as number;
  const walkOf = async (status?: string): Promise<Listed[]> => {
    const url = `${m.mock.url}/v1/Rooms/${roomSid}/Participants?${status ? `Status=${status}&` : ''}PageSize=${max}`;
    const walk = await walkPages(m.fetchPage(VIDEO_LIST), url, { api: 'twilio-video', operationId: VIDEO_LIST, pageSize: max, maxPages: 10 });
    expect(walk.stop.reason).toBe('end');
    return listedFromWalk(walk, 'participants');
  };
  const byStatus: Record<string, Listed[]> = {};
  for (const status of statuses) byStatus[status] = await walkOf(status);
  return { byStatus, unfiltered: await walkOf() };
}

/** Every participant of a room of the seeded dataset, fetched by SID from the mock. */
async function everyone(m: LiveMock, uniqueName: string): Promise<Listed[]> {
  const room = createDataset(DEFAULT_SEED).twilio.primary.rooms.find((r) => r.uniqueName === uniqueName)!;
  const out: Listed[] = [];
  for (const p of room.participants) {
    const r = await m.send(FETCH, `${m.mock.url}/v1/Rooms/${room.sid}/Participants/${p.sid}`);
    expect(r.response.status).toBe(200);
    out.push({ pointer: '', value: r.response.body as Json, request: r.request! });
  }
  return out;
}

describe('partition and consistency against the mock', () => {
  it.each(['DailyStandup', 'Retrospective'])('clean mock, room %s: the Status lists partition the room; each participant equals its fetch, by SID, identity and url', async (name) => {
    await withMock([], async (m) => {
      const room = m.fx.twilio.rooms.find((r) => r.uniqueName === name)!;
      const lists = await statusLists(m, room.sid);
      const all = await everyone(m, name);
      expect(partition({ all, ...lists, roomStatus: room.status }, ctx)).toEqual([]);
      for (const item of Object.values(lists.byStatus).flat()) {
        const bySid = await m.send(FETCH, `${m.mock.url}/v1/Rooms/${room.sid}/Participants/${String(item.value.sid)}`);
        const byIdentity = await m.send(FETCH, `${m.mock.url}/v1/Rooms/${room.sid}/Participants/${encodeURIComponent(String(item.value.identity))}`);
        const byUrl = await m.send(FETCH, String(item.value.url));
        expect([fetchMatchesList(item, bySid, ctx), identityFetch(item, byIdentity, ctx), urlResolves(item, byUrl, ctx)]).toEqual([[], [], []]);
      }
    });
  });

  it('filter-ignored: filter.partition (and filter.status on the pages)', async () => {
    await withMock(['filter-ignored'], async (m) => {
      const room = m.fx.twilio.rooms.find((r) => r.uniqueName === 'DailyStandup')!;
      const { connected, reconnecting, disconnected } = room.participants;
      const lists = await statusLists(m, room.sid);
      const found = partition({ all: await everyone(m, 'DailyStandup'), ...lists, roomStatus: room.status }, ctx);
      // Every Status list is the connected list: each of its items is in the wrong list twice over, and the others are in none.
      const kinds = found.map((f) => (f.path.endsWith('/status') ? 'wrong status' : f.path === '' ? 'in no list' : 'in two lists'));
      const count = (k: string): number => kinds.filter((x) => x === k).length;
      expect([count('wrong status'), count('in two lists'), count('in no list'), found.length]).toEqual([2 * connected, 2 * connected, reconnecting + disconnected, 4 * connected + reconnecting + disconnected]);
      const page = await m.send(VIDEO_LIST, `${m.mock.url}/v1/Rooms/${room.sid}/Participants?Status=disconnected`);
      expect(getCatalog().check(page).map((v) => `${v.rule} ${v.path}`)).toEqual(Array.from({ length: connected }, (_, i) => `filter.status /participants/${i}/status`));
    });
  });
});
