/** Twilio Video on the mock: paging meta, filters, fetch, kick, auth, and the error statuses. */
import { describe, expect, it } from 'vitest';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { asJson, basic, get, list, openMock, ORIGIN, send } from './helpers.js';

const dataset = createDataset(DEFAULT_SEED);
const standup = dataset.twilio.primary.rooms[0]!;
const retro = dataset.twilio.primary.rooms[1]!;
const quiet = dataset.twilio.primary.rooms[2]!;
const allHands = dataset.twilio.primary.rooms[3]!;
const other = dataset.twilio.other;
const sidsOf = (body: unknown): string[] => list(body, 'participants').map((p) => String(p.sid));
const byStatus = (status: string): string[] => standup.participants.filter((p) => p.status === status).map((p) => p.sid);
const KICK_TIME = Date.UTC(2024, 2, 4, 12, 0, 0);

function kickRequest(room: string, participant: string, form: string, contentType = 'application/x-www-form-urlencoded') {
  return { method: 'POST' as const, url: `/v1/Rooms/${room}/Participants/${participant}`, payload: form, headers: { 'content-type': contentType } };
}

describe('list: paging meta', () => {
  it('writes the documented meta, with absolute URLs on the request origin', async () => {
    const m = await openMock();
    const base = `${ORIGIN}/v1/Rooms/${allHands.sid}/Participants`;
    const first = await get(m, `/v1/Rooms/${allHands.sid}/Participants`);
    expect(first.status).toBe(200);
    expect(asJson(first.body).meta).toEqual({
      first_page_url: `${base}?PageSize=50&Page=0`,
      key: 'participants',
      next_page_url: `${base}?PageSize=50&Page=1&PageToken=PA${allHands.participants[49]!.sid}`,
      page: 0,
      page_size: 50,
      previous_page_url: null,
      url: `${base}?PageSize=50&Page=0`,
    });
    expect(sidsOf(first.body)).toEqual(allHands.participants.slice(0, 50).map((p) => p.sid));

    const second = await get(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=50&Page=1&PageToken=PA${allHands.participants[49]!.sid}`);
    expect(asJson(second.body).meta).toEqual({
      first_page_url: `${base}?PageSize=50&Page=0`,
      key: 'participants',
      next_page_url: `${base}?PageSize=50&Page=2&PageToken=PA${allHands.participants[99]!.sid}`,
      page: 1,
      page_size: 50,
      previous_page_url: `${base}?PageSize=50&Page=0&PageToken=PB${allHands.participants[50]!.sid}`,
      url: `${base}?PageSize=50&Page=1&PageToken=PA${allHands.participants[49]!.sid}`,
    });
    const back = await get(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=50&Page=0&PageToken=PB${allHands.participants[50]!.sid}`);
    expect(sidsOf(back.body)).toEqual(sidsOf(first.body));
  });

  it('keeps every filter, as sent, in every page URL', async () => {
    const m = await openMock();
    const q = 'Status=disconnected&DateCreatedAfter=2024-03-01T00%3A00%3A00Z&DateCreatedBefore=2024-03-09T00%3A00%3A00Z&Identity=attendee-0007&PageSize=1';
    const reply = await get(m, `/v1/Rooms/${allHands.sid}/Participants?${q}`);
    const meta = asJson(asJson(reply.body).meta);
    expect(meta.url).toBe(`${ORIGIN}/v1/Rooms/${allHands.sid}/Participants?${q}&Page=0`);
    expect(meta.next_page_url).toBeNull();
    expect(sidsOf(reply.body)).toEqual([allHands.participants[6]!.sid]);
  });

  it('pages by Page alone (offset = Page x PageSize), and past the end is an empty last page', async () => {
    const m = await openMock();
    const page3 = await get(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=10&Page=3`);
    expect(sidsOf(page3.body)).toEqual(allHands.participants.slice(30, 40).map((p) => p.sid));
    const past = await get(m, `/v1/Rooms/${allHands.sid}/Participants?PageSize=10&Page=9999`);
    const meta = asJson(asJson(past.body).meta);
    expect([sidsOf(past.body), meta.page, meta.next_page_url, meta.previous_page_url]).toEqual([
      [], 9999, null, `${ORIGIN}/v1/Rooms/${allHands.sid}/Participants?PageSize=10&Page=9998`,
    ]);
  });

  it('uses the Host header for every URL, or 127.0.0.1 when the Host is not a host name', async () => {
    const m = await openMock();
    const named = await get(m, `/v1/Rooms/${quiet.sid}/Participants`, { host: 'Mock.Example.test:8443' });
    expect(asJson(asJson(named.body).meta).url).toBe(`http://mock.example.test:8443/v1/Rooms/${quiet.sid}/Participants?PageSize=50&Page=0`);
    const junk = await get(m, `/v1/Rooms/${quiet.sid}/Participants`, { host: 'not a host/..' });
    expect(asJson(asJson(junk.body).meta).url).toBe(`http://127.0.0.1/v1/Rooms/${quiet.sid}/Participants?PageSize=50&Page=0`);
  });
});

describe('list: filters', () => {
  it.each([
    ['in-progress, no Status: connected only', standup.sid, '', byStatus('connected')],
    ['in-progress, Status=disconnected', standup.sid, 'Status=disconnected', byStatus('disconnected')],
    ['in-progress, Status=reconnecting', standup.sid, 'Status=reconnecting', byStatus('reconnecting')],
    ['completed, no Status: disconnected', retro.sid, '', retro.participants.map((p) => p.sid)],
    ['completed, Status=connected: none', retro.sid, 'Status=connected', []],
    ['empty room', quiet.sid, '', []],
    ['by UniqueName', 'DailyStandup', '', byStatus('connected')],
    ['Identity of a connected participant', standup.sid, `Identity=${standup.participants.find((p) => p.status === 'connected')!.identity}`, [standup.participants.find((p) => p.status === 'connected')!.sid]],
    ['Identity=nobody', standup.sid, 'Identity=nobody', []],
  ])('%s', async (_name, room, query, expected) => {
    const m = await openMock();
    const reply = await get(m, `/v1/Rooms/${room}/Participants${query ? '?' + query : ''}`);
    expect(reply.status).toBe(200);
    expect(sidsOf(reply.body)).toEqual(expected);
  });

  it('DateCreatedAfter and DateCreatedBefore keep participants that started strictly between them', async () => {
    const m = await openMock();
    const from = allHands.participants[100]!.startTime;
    const to = allHands.participants[110]!.startTime;
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
    const reply = await get(m, `/v1/Rooms/${allHands.sid}/Participants?DateCreatedAfter=${iso(from)}&DateCreatedBefore=${iso(to)}`);
    expect(sidsOf(reply.body)).toEqual(allHands.participants.slice(101, 110).map((p) => p.sid));
    const offset = await get(m, `/v1/Rooms/${allHands.sid}/Participants?DateCreatedAfter=${encodeURIComponent(new Date(from).toISOString().replace('Z', '+00:00'))}&PageSize=1`);
    expect(sidsOf(offset.body)).toEqual([allHands.participants[101]!.sid]);
  });
});

describe('fetch', () => {
  const connected = standup.participants.find((p) => p.status === 'connected')!;
  const disconnected = standup.participants.find((p) => p.status === 'disconnected')!;
  const reconnecting = standup.participants.find((p) => p.status === 'reconnecting')!;
  const lonelyDisconnected = standup.participants.find(
    (p) => p.status === 'disconnected' && !standup.participants.some((q) => q.status === 'connected' && q.identity === p.identity),
  )!;
  it.each([
    ['a connected participant by SID', standup.sid, connected.sid, 200, connected.sid],
    ['a disconnected participant by SID', standup.sid, disconnected.sid, 200, disconnected.sid],
    ['a connected participant by identity, room by UniqueName', standup.uniqueName, connected.identity, 200, connected.sid],
    ['a disconnected identity: 404', standup.sid, lonelyDisconnected.identity, 404, undefined],
    ['a reconnecting identity: 404 (identity searches connected only)', standup.sid, reconnecting.identity, 404, undefined],
    ['a participant of another room: 404', retro.sid, connected.sid, 404, undefined],
    ["another account's room: 404", other.rooms[0]!.sid, other.rooms[0]!.participants[0]!.sid, 404, undefined],
  ])('%s', async (_name, room, participant, status, sid) => {
    const m = await openMock();
    const reply = await get(m, `/v1/Rooms/${room}/Participants/${encodeURIComponent(participant)}`);
    expect(reply.status).toBe(status);
    if (sid) expect(asJson(reply.body).sid).toBe(sid);
    else expect(asJson(reply.body)).toMatchObject({ code: 20404, status: 404 });
  });

  it('an identity shared by a disconnected and a connected participant finds the connected one', async () => {
    const m = await openMock();
    const identities = standup.participants.map((p) => p.identity);
    const identity = identities.find((id, i) => identities.indexOf(id) !== i)!;
    const shared = standup.participants.filter((p) => p.identity === identity);
    expect(shared.map((p) => p.status)).toEqual(['disconnected', 'connected']);
    const reply = await get(m, `/v1/Rooms/${standup.sid}/Participants/${identity}`);
    expect(asJson(reply.body).sid).toBe(shared[1]!.sid);
  });

  it("the other account's credentials see its own room and not ours", async () => {
    const m = await openMock();
    const auth = { authorization: basic(other.accountSid, other.authToken) };
    expect((await send(m.app, { method: 'GET', url: `/v1/Rooms/DailyStandup/Participants`, headers: auth })).body).toMatchObject({
      participants: other.rooms[0]!.participants.map((p) => ({ sid: p.sid, account_sid: other.accountSid })),
    });
    expect((await send(m.app, { method: 'GET', url: `/v1/Rooms/${standup.sid}/Participants`, headers: auth })).status).toBe(404);
  });

  it('renders the documented resource: times, url, links', async () => {
    const m = await openMock();
    const p = standup.participants.find((x) => x.status === 'disconnected')!;
    const reply = await get(m, `/v1/Rooms/${standup.sid}/Participants/${p.sid}`);
    const url = `${ORIGIN}/v1/Rooms/${standup.sid}/Participants/${p.sid}`;
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', 'Z');
    expect(reply.body).toEqual({
      sid: p.sid, room_sid: standup.sid, account_sid: dataset.twilio.primary.accountSid, status: 'disconnected', identity: p.identity,
      date_created: iso(p.startTime), date_updated: iso(p.endTime!), start_time: iso(p.startTime), end_time: iso(p.endTime!),
      duration: (p.endTime! - p.startTime) / 1000, url,
      links: { published_tracks: `${url}/PublishedTracks`, subscribed_tracks: `${url}/SubscribedTracks`, subscribe_rules: `${url}/SubscribeRules`, anonymize: `${url}/Anonymize` },
    });
  });
});

describe('update (kick)', () => {
  it('Status=disconnected kicks: 202, times set, and lists, filters and fixtures see it', async () => {
    const m = await openMock({ now: () => KICK_TIME + 400 });
    const target = standup.participants.find((p) => p.status === 'connected')!;
    const reply = await send(m.app, { ...kickRequest(standup.uniqueName, target.identity, 'Status=disconnected'), headers: { ...kickRequest('', '', '').headers, authorization: m.twilioAuth } });
    expect(reply.status).toBe(202);
    expect(reply.body).toMatchObject({
      sid: target.sid, status: 'disconnected', end_time: '2024-03-04T12:00:00Z', date_updated: '2024-03-04T12:00:00Z',
      duration: (KICK_TIME - target.startTime) / 1000, start_time: new Date(target.startTime).toISOString().replace('.000Z', 'Z'),
    });
    expect(sidsOf((await get(m, `/v1/Rooms/${standup.sid}/Participants`)).body)).not.toContain(target.sid);
    expect(sidsOf((await get(m, `/v1/Rooms/${standup.sid}/Participants?Status=disconnected`)).body)).toContain(target.sid);
    expect((await get(m, `/v1/Rooms/${standup.sid}/Participants/${target.identity}`)).status).toBe(404);
    const fx = asJson((await send(m.app, { method: 'GET', url: '/__mock/fixtures' })).body) as { twilio: { rooms: Array<{ participants: unknown }> } };
    expect(fx.twilio.rooms[0]!.participants).toEqual({ connected: 5, disconnected: 6, reconnecting: 2 });
  });

  it.each([
    ['kicking twice changes nothing more', 'Status=disconnected', 'application/x-www-form-urlencoded', 202],
    ['no Status: unchanged', 'Foo=bar', 'application/x-www-form-urlencoded', 202],
    ['a JSON body carries no parameters: unchanged', '{"Status":"disconnected"}', 'application/json', 202],
    ['Status=connected: 400', 'Status=connected', 'application/x-www-form-urlencoded', 400],
    ['Status=bogus: 400', 'Status=bogus', 'application/x-www-form-urlencoded', 400],
  ])('%s', async (name, form, contentType, status) => {
    let now = KICK_TIME;
    const m = await openMock({ now: () => now });
    const target = standup.participants.find((p) => p.status === 'disconnected')!;
    const before = (await get(m, `/v1/Rooms/${standup.sid}/Participants/${target.sid}`)).body;
    now += 60_000;
    const reply = await send(m.app, { ...kickRequest(standup.sid, target.sid, form, contentType), headers: { 'content-type': contentType, authorization: m.twilioAuth } });
    expect(reply.status).toBe(status);
    if (status === 202) expect(reply.body).toEqual(before);
    else expect(reply.body).toMatchObject({ code: 20001, status: 400 });
    expect(name).toBeTruthy();
  });
});

describe('auth, unknown paths and methods', () => {
  const url = `/v1/Rooms/${standup.sid}/Participants`;
  it.each([
    ['no Authorization', undefined],
    ['a wrong token', basic(dataset.twilio.primary.accountSid, 'wrong')],
    ['an unknown account', basic('AC00000000000000000000000000000000', dataset.twilio.primary.authToken)],
    ['a Bearer token', `Bearer ${dataset.telnyx.apiKey}`],
    ['no colon', 'Basic ' + Buffer.from('justuser').toString('base64')],
  ])('%s: 401 with WWW-Authenticate and Twilio error body', async (_name, authorization) => {
    const m = await openMock();
    const reply = await send(m.app, { method: 'GET', url, headers: authorization === undefined ? {} : { authorization } });
    expect([reply.status, reply.headers['www-authenticate']]).toEqual([401, 'Basic realm="Twilio API"']);
    expect(reply.body).toEqual({ code: 20003, message: expect.any(String), more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 });
  });

  it.each([
    ['DELETE', url, 'GET, HEAD'],
    ['POST', url, 'GET, HEAD'],
    ['PUT', `${url}/${standup.participants[0]!.sid}`, 'GET, HEAD, POST'],
    ['PATCH', `/v1/Conferences/CF00000000000000000000000000000000/Participants`, 'GET, HEAD'],
  ])('%s %s: 405 with Allow', async (method, path, allow) => {
    const m = await openMock();
    const reply = await send(m.app, { method: method as 'DELETE', url: path, headers: { authorization: m.twilioAuth } });
    expect([reply.status, reply.headers.allow, asJson(reply.body).code]).toEqual([405, allow, 20004]);
  });

  it.each(['/', '/v1/Rooms', '/v1/Rooms/RMx/Participants/PAx/PublishedTracks', '/v1/Calls'])('unknown path %s: 404 in Twilio format', async (path) => {
    const m = await openMock();
    const reply = await get(m, path);
    expect([reply.status, asJson(reply.body).code]).toEqual([404, 20404]);
  });

  it('HEAD answers like GET, without a body', async () => {
    const m = await openMock();
    const reply = await send(m.app, { method: 'HEAD', url, headers: { authorization: m.twilioAuth } });
    expect([reply.status, reply.headers['content-type'], reply.text]).toEqual([200, 'application/json; charset=utf-8', '']);
  });

  it('a trailing slash is the same resource', async () => {
    const m = await openMock();
    const reply = await get(m, `/v1/Rooms/${standup.sid}/Participants/`);
    expect([reply.status, sidsOf(reply.body)]).toEqual([200, byStatus('connected')]);
  });
});
