/** Telnyx and Twilio Insights on the mock: filters, paging meta, auth and errors. */
import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import type { TelnyxParticipant } from '../../src/mock/model.js';
import { schemaFacts } from '../../src/mock/schema-facts.js';
import { asJson, basic, get, list, openMock, ORIGIN, send } from './helpers.js';

const dataset = createDataset(DEFAULT_SEED);
const [emptySession, oneSession, bigSession] = dataset.telnyx.sessions as [typeof dataset.telnyx.sessions[0], typeof dataset.telnyx.sessions[0], typeof dataset.telnyx.sessions[0]];
const [coverage, emptyConference, bigConference] = dataset.twilio.primary.conferences as [typeof dataset.twilio.primary.conferences[0], typeof dataset.twilio.primary.conferences[0], typeof dataset.twilio.primary.conferences[0]];
const telnyxUrl = (id: string, q = ''): string => `/v2/room_sessions/${id}/participants${q ? '?' + q : ''}`;
const ids = (body: unknown): string[] => list(body, 'data').map((p) => String(p.id));
const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

describe('telnyx: paging', () => {
  it.each([
    [bigSession.id, '', 1, 20, 50, 1000, 20],
    [bigSession.id, 'page[size]=250&page[number]=4', 4, 250, 4, 1000, 250],
    [bigSession.id, 'page[size]=7&page[number]=143', 143, 7, 143, 1000, 6],
    [bigSession.id, 'page[size]=7&page[number]=144', 144, 7, 143, 1000, 0],
    [oneSession.id, '', 1, 20, 1, 1, 1],
    [emptySession.id, '', 1, 20, 0, 0, 0],
  ])('%s ?%s', async (id, q, pageNumber, pageSize, totalPages, totalResults, count) => {
    const m = await openMock();
    const reply = await get(m, telnyxUrl(id, q));
    expect(reply.status).toBe(200);
    expect(asJson(reply.body).meta).toEqual({ page_number: pageNumber, page_size: pageSize, total_pages: totalPages, total_results: totalResults });
    expect(ids(reply.body).length).toBe(count);
  });

  it('renders the documented participant, left_at null while still in the session', async () => {
    const m = await openMock();
    const reply = await get(m, telnyxUrl(oneSession.id));
    const p = oneSession.participants[0]!;
    expect(list(reply.body, 'data')).toEqual([
      { id: p.id, session_id: oneSession.id, context: p.context, joined_at: expect.stringMatching(/^2024-03-04T20:00:\d\d\.\d{6}Z$/), updated_at: expect.stringMatching(/\.\d{6}Z$/), left_at: null, record_type: 'room_participant' },
    ]);
    const stillIn = bigSession.participants.filter((x) => x.leftAt === null).length;
    expect(stillIn).toBeGreaterThan(100);
    expect(stillIn).toBeLessThan(900);
  });
});

describe('telnyx: filters compare the UTC calendar date', () => {
  const expected = (pred: (p: TelnyxParticipant) => boolean): string[] => bigSession.participants.filter(pred).map((p) => p.id);
  const dates = [...new Set(bigSession.participants.map((p) => day(p.joinedAt.ms)))];
  it('the session spans more than one UTC date', () => {
    expect(dates).toEqual(['2024-03-04', '2024-03-05']);
  });
  it.each([
    ['filter[date_joined_at][eq]=2024-03-04', (p: TelnyxParticipant) => day(p.joinedAt.ms) === '2024-03-04'],
    ['filter[date_joined_at][gte]=2024-03-05', (p: TelnyxParticipant) => day(p.joinedAt.ms) >= '2024-03-05'],
    ['filter[date_joined_at][lte]=2024-03-04', (p: TelnyxParticipant) => day(p.joinedAt.ms) <= '2024-03-04'],
    ['filter[date_updated_at][eq]=2024-03-05', (p: TelnyxParticipant) => day(p.updatedAt.ms) === '2024-03-05'],
    ['filter[date_left_at][gte]=2024-03-06', (p: TelnyxParticipant) => p.leftAt !== null && day(p.leftAt.ms) >= '2024-03-06'],
    ['filter[date_left_at][lte]=2030-01-01', (p: TelnyxParticipant) => p.leftAt !== null],
    ['filter[context]=Alice', (p: TelnyxParticipant) => p.context === 'Alice'],
    ['filter[context]=Alice&filter[date_joined_at][gte]=2024-03-04&filter[date_joined_at][lte]=2024-03-04', (p: TelnyxParticipant) => p.context === 'Alice' && day(p.joinedAt.ms) === '2024-03-04'],
    ['filter[context]=nobody', () => false],
  ])('%s', async (q, pred) => {
    const m = await openMock();
    const want = expected(pred);
    const reply = await get(m, telnyxUrl(bigSession.id, `${q}&page[size]=250`));
    expect(asJson(asJson(reply.body).meta).total_results).toBe(want.length);
    expect(ids(reply.body)).toEqual(want.slice(0, 250));
  });
});

describe('telnyx: errors', () => {
  it.each([
    ['page[size]=251', 'page[size]'],
    ['page[size]=0', 'page[size]'],
    ['page[size]=1.5', 'page[size]'],
    ['page[number]=0', 'page[number]'],
    ['page[number]=99999999999999999', 'page[number]'],
    ['filter[date_joined_at][eq]=2024-03-04T00:00:00Z', 'filter[date_joined_at][eq]'],
    ['filter[date_left_at][lte]=2024-13-01', 'filter[date_left_at][lte]'],
    ['filter[date_updated_at][gt]=2024-03-04', 'filter[date_updated_at][gt]'],
  ])('%s: 400 naming %s', async (q, parameter) => {
    const m = await openMock();
    const reply = await get(m, telnyxUrl(bigSession.id, q));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ errors: [{ code: '10015', title: 'Invalid parameter', detail: expect.any(String), source: { parameter }, meta: expect.any(Object) }] });
  });

  it.each([
    ['none', undefined],
    ['a wrong key', 'Bearer KEYWRONG'],
    ['Basic credentials', basic(dataset.twilio.primary.accountSid, dataset.twilio.primary.authToken)],
  ])('auth %s: 401 in Telnyx format', async (_name, authorization) => {
    const m = await openMock();
    const reply = await send(m.app, { method: 'GET', url: telnyxUrl(bigSession.id), headers: authorization ? { authorization } : {} });
    expect(reply.status).toBe(401);
    // Telnyx's error docs: no `source` unless a parameter is at fault; meta.url links the code's page.
    expect(reply.body).toEqual({ errors: [{ code: '10009', title: 'Authentication failed', detail: expect.any(String), meta: { url: expect.stringMatching(/10009$/) } }] });
  });

  it.each([
    ['GET', '/v2/room_sessions/00000000-0000-4000-8000-000000000000/participants', 404, '10005'],
    ['GET', '/v2/rooms', 404, '10005'],
    ['POST', telnyxUrl(bigSession.id), 405, '10015'],
    ['DELETE', telnyxUrl(bigSession.id), 405, '10015'],
  ])('%s %s: %s', async (method, url, status, code) => {
    const m = await openMock();
    const reply = await send(m.app, { method: method as 'GET', url, headers: { authorization: m.telnyxAuth } });
    expect([reply.status, asJson((reply.body as { errors: unknown[] }).errors[0]).code]).toEqual([status, code]);
  });
});

describe('insights', () => {
  const pids = (body: unknown): string[] => list(body, 'participants').map((p) => String(p.participant_sid));
  it('every enum value of the schema appears in the first conference, and every field is present', async () => {
    const m = await openMock();
    const items = list((await get(m, `/v1/Conferences/${coverage.sid}/Participants`)).body, 'participants');
    const { insights } = schemaFacts();
    const seen = (field: string): string[] => [...new Set(items.map((p) => p[field]).filter((v): v is string => typeof v === 'string'))].sort();
    expect(seen('call_status')).toEqual([...insights.callStatus].sort());
    expect(seen('call_type')).toEqual([...insights.callType].sort());
    expect(seen('call_direction')).toEqual([...insights.callDirection].sort());
    expect(seen('participant_region')).toEqual([...insights.region].sort());
    expect(seen('jitter_buffer_size')).toEqual([...insights.jitterBufferSize].sort());
    expect(seen('processing_state')).toEqual([...insights.processingState].sort());
    const required = (await import('../../src/schemas.js')).resolveDef('twilio-insights.schema.json#/$defs/ConferenceParticipant').required as string[];
    for (const item of items) expect(Object.keys(item).sort()).toEqual([...required].sort());
    expect(items[0]!.url).toBe(`${ORIGIN}/v1/Conferences/${coverage.sid}/Participants/${coverage.participants[0]!.participant_sid}`);
  });

  it.each([
    ['ParticipantSid', () => `ParticipantSid=${bigConference.participants[5]!.participant_sid}`, () => [bigConference.participants[5]!.participant_sid]],
    ['Label', () => 'Label=agent', () => bigConference.participants.filter((p) => p.label === 'agent').map((p) => p.participant_sid)],
    ['Events', () => 'Events=mute', () => bigConference.participants.filter((p) => p.events?.mute !== undefined).map((p) => p.participant_sid)],
    ['Events, two', () => 'Events=mute,hold', () => bigConference.participants.filter((p) => p.events?.mute !== undefined && p.events.hold !== undefined).map((p) => p.participant_sid)],
  ])('filter %s', async (_name, query, want) => {
    const m = await openMock();
    const reply = await get(m, `/v1/Conferences/${bigConference.sid}/Participants?${query()}`);
    expect(pids(reply.body)).toEqual(want());
    expect(want().length).toBeGreaterThan(0);
    expect(asJson(asJson(reply.body).meta).url).toBe(`${ORIGIN}/v1/Conferences/${bigConference.sid}/Participants?${query()}&PageSize=50&Page=0`.replace('mute,hold', 'mute%2Chold'));
  });

  it('pages the 137-participant conference and returns an empty page for the empty one', async () => {
    const m = await openMock();
    const first = await get(m, `/v1/Conferences/${bigConference.sid}/Participants`);
    expect(pids(first.body)).toEqual(bigConference.participants.slice(0, 50).map((p) => p.participant_sid));
    const empty = await get(m, `/v1/Conferences/${emptyConference.sid}/Participants`);
    expect([pids(empty.body), asJson(asJson(empty.body).meta).next_page_url]).toEqual([[], null]);
  });

  it.each([
    ['ParticipantSid=CP123', 400, 20001],
    ['PageSize=1001', 400, 20001],
    ['PageToken=PAnot-a-sid', 400, 20001],
  ])('%s: %s', async (q, status, code) => {
    const m = await openMock();
    const reply = await get(m, `/v1/Conferences/${coverage.sid}/Participants?${q}`);
    expect([reply.status, asJson(reply.body).code]).toEqual([status, code]);
  });

  it("another account's conference is a 404", async () => {
    const m = await openMock();
    const reply = await get(m, `/v1/Conferences/${dataset.twilio.other.conferences[0]!.sid}/Participants`);
    expect([reply.status, asJson(reply.body).code]).toEqual([404, 20404]);
  });
});
