/**
 * The mock as real as the evidence (issue 11, section 3): API-key credentials, UniqueName only for
 * in-progress rooms, Telnyx error bodies and x-ratelimit-* headers, a 429 without Retry-After.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type Catalog } from '../../src/index.js';
import { resolveDef } from '../../src/schemas.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { asJson, basic, get, list, openMock, send } from './helpers.js';

const dataset = createDataset(DEFAULT_SEED);
const [standup, retro] = dataset.twilio.primary.rooms;
const bigSession = dataset.telnyx.sessions[2]!;
const video = `/v1/Rooms/${standup!.sid}/Participants`;
const telnyx = `/v2/room_sessions/${bigSession.id}/participants`;

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('Twilio API keys as Basic credentials', () => {
  it('lists GET /__mock/fixtures twilio.apiKey with an SK SID of the schema, and keeps the seed\'s other ids', async () => {
    const m = await openMock();
    const pattern = new RegExp(resolveDef('twilio.schema.json#/$defs/ApiKeySid').pattern as string);
    expect(m.fx.twilio.apiKey.sid).toMatch(pattern);
    expect(m.fx.twilio.apiKey.secret).toMatch(/^[0-9a-f]{32}$/);
    expect(m.fx.twilio.rooms[0]!.sid).toBe(standup!.sid);
    // Same seed, same key.
    expect((await openMock()).fx.twilio.apiKey).toEqual(m.fx.twilio.apiKey);
  });

  it.each([
    ['the key SID and its secret', (k: { sid: string; secret: string }) => basic(k.sid, k.secret), 200],
    ['the key SID and a wrong secret', (k: { sid: string; secret: string }) => basic(k.sid, 'f'.repeat(32)), 401],
    ['the key SID and the account auth token', (k: { sid: string; secret: string }) => basic(k.sid, dataset.twilio.primary.authToken), 401],
    ['the account SID and the key secret', (k: { sid: string; secret: string }) => basic(dataset.twilio.primary.accountSid, k.secret), 401],
  ])('%s: %i', async (_name, authorization, status) => {
    const m = await openMock();
    const reply = await send(m.app, { method: 'GET', url: video, headers: { authorization: authorization(m.fx.twilio.apiKey) } });
    expect(reply.status).toBe(status);
    if (status === 401) {
      expect(asJson(reply.body)).toMatchObject({ code: 20003, status: 401 });
      expect(catalog.validate('twilio-video.listRoomParticipants', reply.body, { status: 401 })).toEqual([]);
    }
  });

  it('a key sees its own account only: the other account\'s key gets 404 for the fixtures\' room', async () => {
    const m = await openMock();
    const k = dataset.twilio.other.apiKeys[0]!;
    const reply = await send(m.app, { method: 'GET', url: video, headers: { authorization: basic(k.sid, k.secret) } });
    expect(reply.status).toBe(404);
  });

  it('lists, fetches and kicks with the key', async () => {
    const m = await openMock();
    const authorization = basic(m.fx.twilio.apiKey.sid, m.fx.twilio.apiKey.secret);
    const someone = list((await send(m.app, { method: 'GET', url: video, headers: { authorization } })).body, 'participants')[0]!;
    expect((await send(m.app, { method: 'GET', url: `${video}/${String(someone.sid)}`, headers: { authorization } })).status).toBe(200);
    const kick = await send(m.app, { method: 'POST', url: `${video}/${String(someone.sid)}`, payload: 'Status=disconnected', headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' } });
    expect([kick.status, asJson(kick.body).status]).toEqual([202, 'disconnected']);
  });
});

describe('UniqueName addresses in-progress rooms only', () => {
  it.each([
    ['an in-progress room by UniqueName', standup!.uniqueName, 200],
    ['a completed room by UniqueName', retro!.uniqueName, 404],
    ['a completed room by SID', retro!.sid, 200],
  ])('%s: %i', async (_name, ref, status) => {
    const m = await openMock();
    expect((await get(m, `/v1/Rooms/${ref}/Participants`)).status).toBe(status);
    const someone = retro!.participants[0]!;
    if (ref !== standup!.uniqueName) expect((await get(m, `/v1/Rooms/${ref}/Participants/${someone.sid}`)).status).toBe(status);
  });
});

describe('Telnyx: error bodies and rate-limit headers as Telnyx documents them', () => {
  it.each([
    ['401', { method: 'GET' as const, url: telnyx, headers: { authorization: 'Bearer KEYWRONG' } }, 401, '10009'],
    ['404', { method: 'GET' as const, url: '/v2/room_sessions/00000000-0000-4000-8000-000000000000/participants' }, 404, '10005'],
  ])('%s has no source, and meta.url names the code', async (_name, request, status, code) => {
    const m = await openMock();
    const reply = await send(m.app, { ...request, headers: { authorization: m.telnyxAuth, ...request.headers } });
    expect(reply.status).toBe(status);
    expect(reply.body).toEqual({ errors: [{ code, title: expect.any(String), detail: expect.any(String), meta: { url: `https://developers.telnyx.com/docs/overview/errors/${code}` } }] });
    expect(catalog.validate('telnyx.listRoomSessionParticipants', reply.body, { status })).toEqual([]);
  });

  it('sends x-ratelimit-limit, -remaining (counting down) and -reset (seconds) on successes and errors; Twilio does not', async () => {
    let now = Date.UTC(2024, 2, 4, 12, 0, 0);
    const m = await openMock({ now: () => now });
    const first = await get(m, telnyx);
    const second = await get(m, telnyx);
    now += 59_500;
    const error = await send(m.app, { method: 'GET', url: telnyx });
    now += 1_000;
    const nextWindow = await get(m, telnyx);
    const h = (r: typeof first) => [r.status, r.headers['x-ratelimit-limit'], r.headers['x-ratelimit-remaining'], r.headers['x-ratelimit-reset']];
    const limit = first.headers['x-ratelimit-limit']!;
    const left = (n: number) => String(Number(limit) - n);
    expect([h(first), h(second), h(error), h(nextWindow)]).toEqual([
      [200, limit, left(1), '60'],
      [200, limit, left(2), '60'],
      [401, limit, left(3), '1'],
      [200, limit, left(1), '60'],
    ]);
    expect((await get(m, video)).headers['x-ratelimit-limit']).toBeUndefined();
  });
});

describe('rate-limited-no-retry-after', () => {
  it.each([
    ['twilio', video, 'twilio-video.listRoomParticipants'],
    ['telnyx', telnyx, 'telnyx.listRoomSessionParticipants'],
  ])('%s: every other request gets 429 without Retry-After, in the vendor\'s error body', async (vendor, url, operation) => {
    const m = await openMock({ faults: ['rate-limited-no-retry-after'] });
    const first = await get(m, url);
    const second = await get(m, url);
    expect([first.status, second.status]).toEqual([200, 429]);
    expect(second.headers['retry-after']).toBeUndefined();
    expect(catalog.validate(operation, second.body, { status: 429 })).toEqual([]);
    if (vendor === 'telnyx') {
      expect(second.headers['x-ratelimit-remaining']).toBe('0');
      expect(Number(second.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
      expect(asJson(second.body).errors).toEqual([expect.not.objectContaining({ source: expect.anything() })]);
    } else {
      expect(asJson(second.body)).toMatchObject({ code: 20429, status: 429 });
    }
  });
});
