/**
 * Every response of the mock, for every fixture and parameter combination, passes the validator
 * (catalog.validate, the core of `rollcall validate`) with no violation at all, warnings included.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/index.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { fixturesOf } from '../../src/mock/fixtures.js';
import { schemaFacts } from '../../src/mock/schema-facts.js';
import { basic, list, localPath, openMock, ORIGIN, send, type TestMock } from './helpers.js';

const facts = schemaFacts();
const dataset = createDataset(DEFAULT_SEED);
const fx = fixturesOf(dataset);
const VIDEO_LIST = 'twilio-video.listRoomParticipants';
const VIDEO_FETCH = 'twilio-video.fetchRoomParticipant';
const VIDEO_UPDATE = 'twilio-video.updateRoomParticipant';
const INSIGHTS_LIST = 'twilio-insights.listConferenceParticipants';
const TELNYX_LIST = 'telnyx.listRoomSessionParticipants';

interface Case {
  name: string;
  operation: string;
  url: string;
  method?: 'GET' | 'POST';
  form?: string;
  authorization?: string;
  status: number;
}

const sizes = (b: { minimum: number; maximum: number | undefined; default: number }): number[] => [b.minimum, 7, b.default, b.maximum ?? 1000];

function videoListCases(): Case[] {
  const out: Case[] = [];
  for (const room of fx.twilio.rooms) {
    const base = `/v1/Rooms/${room.sid}/Participants`;
    const queries = [
      '',
      ...facts.video.participantStatus.map((s) => `Status=${s}`),
      ...sizes(facts.twilioPageSize).map((n) => `PageSize=${n}`),
      'PageSize=3&Page=1',
      'PageSize=5&Page=400',
      'Identity=alice',
      'Identity=nobody',
      'DateCreatedAfter=2024-03-04T09:05:00Z',
      'DateCreatedBefore=2024-03-04T09:05:00Z',
      'DateCreatedAfter=2024-03-01T00:00:00%2B02:00&DateCreatedBefore=2030-01-01T00:00:00Z&PageSize=4',
      'Status=disconnected&Identity=alice&PageSize=2&Page=0',
    ];
    for (const q of queries) out.push({ name: `${room.uniqueName} ?${q}`, operation: VIDEO_LIST, url: q ? `${base}?${q}` : base, status: 200 });
    // A UniqueName addresses in-progress rooms only; a completed room by name is a 404 (in Twilio's error body).
    out.push({ name: `${room.uniqueName} by UniqueName`, operation: VIDEO_LIST, url: `/v1/Rooms/${room.uniqueName}/Participants`, status: room.status === 'in-progress' ? 200 : 404 });
  }
  return out;
}

function videoInstanceCases(): Case[] {
  const out: Case[] = [];
  for (const room of dataset.twilio.primary.rooms.filter((r) => r.participants.length < 50)) {
    for (const p of room.participants) {
      out.push({ name: `fetch ${room.uniqueName}/${p.sid} (${p.status})`, operation: VIDEO_FETCH, url: `/v1/Rooms/${room.sid}/Participants/${p.sid}`, status: 200 });
      if (p.status === 'connected') {
        out.push({ name: `fetch ${room.uniqueName}/${p.identity} by identity`, operation: VIDEO_FETCH, url: `/v1/Rooms/${room.uniqueName}/Participants/${p.identity}`, status: 200 });
      }
    }
  }
  return out;
}

function errorCases(): Case[] {
  const room = fx.twilio.rooms[0]!;
  const conference = fx.twilio.conferences[0]!;
  const session = fx.telnyx.roomSessions[2]!;
  const videoList = `/v1/Rooms/${room.sid}/Participants`;
  const telnyxList = `/v2/room_sessions/${session.id}/participants`;
  const bad = (operation: string, url: string, status: number, extra: Partial<Case> = {}): Case => ({ name: `${status} ${url}`, operation, url, status, ...extra });
  return [
    ...['PageSize=0', 'PageSize=1001', 'PageSize=abc', 'Page=-1', 'Status=bogus', 'DateCreatedAfter=yesterday', 'DateCreatedBefore=2024-02-30T00:00:00Z', 'PageToken=nonsense'].map((q) =>
      bad(VIDEO_LIST, `${videoList}?${q}`, 400),
    ),
    bad(VIDEO_LIST, videoList, 401, { authorization: 'Basic bm9ib2R5Ondyb25n' }),
    bad(VIDEO_LIST, videoList, 401, { authorization: `Bearer ${fx.telnyx.apiKey}` }),
    bad(VIDEO_LIST, `/v1/Rooms/RM00000000000000000000000000000000/Participants`, 404),
    bad(VIDEO_FETCH, `/v1/Rooms/${room.sid}/Participants/PA00000000000000000000000000000000`, 404),
    bad(VIDEO_FETCH, `/v1/Rooms/${room.sid}/Participants/nobody`, 404),
    bad(VIDEO_FETCH, `/v1/Rooms/${room.sid}/Participants/anyone`, 401, { authorization: '' }),
    bad(VIDEO_UPDATE, `/v1/Rooms/${room.sid}/Participants/nobody`, 404, { method: 'POST', form: 'Status=disconnected' }),
    bad(VIDEO_UPDATE, `/v1/Rooms/${room.sid}/Participants/${dataset.twilio.primary.rooms[0]!.participants[0]!.sid}`, 400, { method: 'POST', form: 'Status=connected' }),
    ...['PageSize=0', 'ParticipantSid=CP123', 'Page=x'].map((q) => bad(INSIGHTS_LIST, `/v1/Conferences/${conference.sid}/Participants?${q}`, 400)),
    bad(INSIGHTS_LIST, `/v1/Conferences/CF00000000000000000000000000000000/Participants`, 404),
    bad(INSIGHTS_LIST, `/v1/Conferences/${conference.sid}/Participants`, 401, { authorization: 'Basic' }),
    ...['page[size]=251', 'page[size]=0', 'page[number]=0', 'page[number]=two', 'filter[date_joined_at][eq]=2024-3-4', 'filter[date_left_at][gte]=2024-02-30', 'filter[date_updated_at][after]=2024-03-04', 'filter[date_joined_at]=2024-03-04'].map((q) =>
      bad(TELNYX_LIST, `${telnyxList}?${q}`, 400),
    ),
    bad(TELNYX_LIST, `/v2/room_sessions/00000000-0000-4000-8000-000000000000/participants`, 404),
    bad(TELNYX_LIST, `/v2/room_sessions/not-a-uuid/participants`, 404),
    bad(TELNYX_LIST, telnyxList, 401, { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) }),
  ];
}

function insightsCases(): Case[] {
  const out: Case[] = [];
  const first = dataset.twilio.primary.conferences[0]!.participants[3]!;
  for (const conference of fx.twilio.conferences) {
    const base = `/v1/Conferences/${conference.sid}/Participants`;
    const queries = ['', ...sizes(facts.twilioPageSize).map((n) => `PageSize=${n}`), 'PageSize=5&Page=2', `ParticipantSid=${first.participant_sid}`, 'Label=agent', 'Events=mute', 'Events=mute,hold&PageSize=3'];
    for (const q of queries) out.push({ name: `${conference.sid} ?${q}`, operation: INSIGHTS_LIST, url: q ? `${base}?${q}` : base, status: 200 });
  }
  return out;
}

function telnyxCases(): Case[] {
  const out: Case[] = [];
  for (const session of fx.telnyx.roomSessions) {
    const base = `/v2/room_sessions/${session.id}/participants`;
    const queries = [
      '',
      ...sizes(facts.telnyxPageSize).map((n) => `page[size]=${n}`),
      'page[size]=7&page[number]=3',
      'page[number]=999',
      'filter[context]=Alice',
      ...['date_joined_at', 'date_updated_at', 'date_left_at'].flatMap((f) => ['eq', 'gte', 'lte'].map((op) => `filter[${f}][${op}]=2024-03-05`)),
      'filter[date_joined_at][gte]=2024-03-04&filter[date_joined_at][lte]=2024-03-04&filter[context]=Bob&page[size]=5',
    ];
    for (const q of queries) out.push({ name: `${session.id} ?${q}`, operation: TELNYX_LIST, url: q ? `${base}?${q}` : base, status: 200 });
  }
  return out;
}

async function exchange(m: TestMock, c: Case): Promise<{ status: number; body: unknown; contentType: string }> {
  const authorization = c.authorization ?? (c.url.startsWith('/v2/') ? m.telnyxAuth : m.twilioAuth);
  const reply = await send(m.app, {
    method: c.method ?? 'GET',
    url: c.url,
    headers: { authorization, ...(c.form === undefined ? {} : { 'content-type': 'application/x-www-form-urlencoded' }) },
    ...(c.form === undefined ? {} : { payload: c.form }),
  });
  return { status: reply.status, body: reply.body, contentType: reply.headers['content-type'] ?? '' };
}

describe('every response of the mock validates with no violation', () => {
  let catalog: Catalog;
  let m: TestMock;
  beforeAll(async () => {
    catalog = await loadCatalog();
    m = await openMock();
  });

  const check = async (c: Case): Promise<void> => {
    const { status, body, contentType } = await exchange(m, c);
    expect(status).toBe(c.status);
    expect(contentType).toBe('application/json; charset=utf-8');
    const accountSid = c.operation.startsWith('twilio') ? fx.twilio.accountSid : undefined;
    expect(catalog.validate(c.operation, body, { status, requestUrl: ORIGIN + c.url, accountSid })).toEqual([]);
  };

  it.each(videoListCases())('video list $name', check);
  it.each(videoInstanceCases())('video $name', check);
  it.each(insightsCases())('insights $name', check);
  it.each(telnyxCases())('telnyx $name', check);
  it.each(errorCases())('error $name', check);

  it.each([
    ['video AllHands', VIDEO_LIST, `/v1/Rooms/${fx.twilio.rooms[3]!.sid}/Participants?PageSize=200`, 'participants'],
    ['video DailyStandup reconnecting', VIDEO_LIST, `/v1/Rooms/${fx.twilio.rooms[0]!.sid}/Participants?Status=reconnecting&PageSize=1`, 'participants'],
    ['insights 137', INSIGHTS_LIST, `/v1/Conferences/${fx.twilio.conferences[2]!.sid}/Participants?PageSize=20&Label=agent`, 'participants'],
  ])('every page of a walk over %s validates', async (_name, operation, start, key) => {
    let next: string | null = start;
    let pages = 0;
    for (; next !== null && pages < 100; pages++) {
      const reply = await exchange(m, { name: '', operation, url: next, status: 200 });
      expect(catalog.validate(operation, reply.body, { status: reply.status, requestUrl: ORIGIN + next, accountSid: fx.twilio.accountSid })).toEqual([]);
      expect(list(reply.body, key).length).toBeGreaterThan(0);
      const meta = (reply.body as { meta: { next_page_url: string | null } }).meta;
      next = meta.next_page_url === null ? null : localPath(meta.next_page_url);
    }
    expect(next).toBeNull();
  });

  it.each(['page[size]=1&page[number]=1000', 'page[size]=250&page[number]=4', 'page[size]=13&page[number]=77'])('telnyx last pages validate (%s)', async (q) => {
    const url = `/v2/room_sessions/${fx.telnyx.roomSessions[2]!.id}/participants?${q}`;
    const reply = await exchange(m, { name: '', operation: TELNYX_LIST, url, status: 200 });
    expect(list(reply.body, 'data').length).toBeGreaterThan(0);
    expect(catalog.validate(TELNYX_LIST, reply.body, { status: 200, requestUrl: ORIGIN + url })).toEqual([]);
  });
});

describe('updates (kicks) validate, and so does everything listed after them', () => {
  it('kicks every connected and reconnecting participant of DailyStandup', async () => {
    const catalog = await loadCatalog();
    const m = await openMock({ now: () => Date.UTC(2024, 2, 4, 12, 0, 0) });
    const room = dataset.twilio.primary.rooms[0]!;
    const kickable = room.participants.filter((p) => p.status !== 'disconnected');
    expect(kickable.length).toBe(8);
    for (const [i, p] of kickable.entries()) {
      // Alternate SID and identity addressing (identity only reaches connected participants).
      const target = p.status === 'connected' && i % 2 === 0 ? p.identity : p.sid;
      const url = `/v1/Rooms/${i % 2 === 0 ? room.uniqueName : room.sid}/Participants/${target}`;
      const reply = await exchange(m, { name: '', operation: VIDEO_UPDATE, url, method: 'POST', form: 'Status=disconnected', status: 202 });
      expect(reply.status).toBe(202);
      expect(catalog.validate(VIDEO_UPDATE, reply.body, { status: 202, requestUrl: ORIGIN + url, accountSid: fx.twilio.accountSid })).toEqual([]);
    }
    for (const q of ['', 'Status=disconnected&PageSize=3', 'Status=connected']) {
      const url = `/v1/Rooms/${room.sid}/Participants${q ? '?' + q : ''}`;
      const reply = await exchange(m, { name: '', operation: VIDEO_LIST, url, status: 200 });
      expect(catalog.validate(VIDEO_LIST, reply.body, { status: 200, requestUrl: ORIGIN + url, accountSid: fx.twilio.accountSid })).toEqual([]);
    }
  });
});
