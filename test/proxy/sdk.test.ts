/**
 * The official SDKs through `rollcall proxy` in front of `rollcall mock`: twilio-node (list with
 * auto-paging, fetch, kick) and the Telnyx SDK (auto-paging by page[number]) get the same results as
 * straight from the mock; the proxy judged every exchange and every walk the SDK made, found no
 * error, and refused the kick unless mutations are allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import Telnyx from 'telnyx';
import { startPair, violationsOf, type Pair } from './support.js';
import type { ProxyResult } from '../../src/proxy/index.js';

type Client = ReturnType<typeof twilio>;

function twilioClient(baseUrl: string, pair: Pair): Client {
  const f = pair.mock.fixtures();
  const client = twilio(f.twilio.apiKey.sid, f.twilio.apiKey.secret, { accountSid: f.twilio.accountSid, autoRetry: false });
  client.video.baseUrl = baseUrl;
  client.insights.baseUrl = baseUrl;
  return client;
}

/** An SDK result as JSON, with the proxy's URL for each API put back to the mock's (--links proxy points links at the proxy). */
function comparable(value: unknown, pair: Pair): string {
  let text = JSON.stringify(value);
  for (const api of ['twilio-video', 'twilio-insights']) text = text.split(`${pair.proxy.url}/${api}`).join(pair.mock.url);
  return text;
}

describe('twilio-node and the Telnyx SDK through rollcall proxy (read-only)', () => {
  let pair: Pair;
  let direct: Client;
  let proxied: Client;
  let result: ProxyResult;

  beforeAll(async () => {
    pair = await startPair({ seed: 11, proxy: { links: 'proxy' } });
    direct = twilioClient(pair.mock.url, pair);
    proxied = twilioClient(pair.proxy.url, pair);
  });
  afterAll(async () => {
    await pair?.stop();
  });

  it('lists a room across pages (auto-paging), fetches by SID and by identity: the same results as the mock gives directly', async () => {
    const f = pair.mock.fixtures();
    const room = f.twilio.rooms.filter((r) => r.status === 'in-progress' && r.participants.connected > 0).sort((a, b) => b.participants.disconnected - a.participants.disconnected)[0]!;
    // Three pages or more.
    const pageSize = Math.max(1, Math.floor(room.participants.disconnected / 3));
    expect(room.participants.disconnected).toBeGreaterThan(pageSize * 2);
    const list = (c: Client) => c.video.v1.rooms(room.sid).participants.list({ status: 'disconnected', pageSize });
    const [viaDirect, viaProxy] = [await list(direct), await list(proxied)];
    expect(viaProxy.length).toBe(room.participants.disconnected);
    expect(comparable(viaProxy, pair)).toBe(comparable(viaDirect, pair));
    const someone = viaDirect[0]!;
    const fetchBySid = (c: Client) => c.video.v1.rooms(room.sid).participants(someone.sid).fetch();
    expect(comparable(await fetchBySid(proxied), pair)).toBe(comparable(await fetchBySid(direct), pair));
    const [connected] = await direct.video.v1.rooms(room.sid).participants.list({ status: 'connected', limit: 1 });
    const byIdentity = (c: Client) => c.video.v1.rooms(room.sid).participants(connected!.identity).fetch();
    expect(comparable(await byIdentity(proxied), pair)).toBe(comparable(await byIdentity(direct), pair));
  });

  it('lists a conference through the Insights domain the same way', async () => {
    const conference = pair.mock.fixtures().twilio.conferences[0]!;
    const list = (c: Client) => c.insights.v1.conferences(conference.sid).conferenceParticipants.list({ pageSize: 5 });
    const viaProxy = await list(proxied);
    expect(viaProxy.length).toBe(conference.participants);
    expect(comparable(viaProxy, pair)).toBe(comparable(await list(direct), pair));
  });

  it('the Telnyx SDK pages by page[number] through the proxy and gets what it gets from the mock', async () => {
    const f = pair.mock.fixtures();
    const session = [...f.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0]!;
    const all = async (baseURL: string) => {
      const client = new Telnyx({ apiKey: f.telnyx.apiKey, baseURL, maxRetries: 0 });
      const out: unknown[] = [];
      for await (const p of client.rooms.sessions.retrieveParticipants(session.id, { 'page[size]': 100 })) out.push(p);
      return out;
    };
    const viaProxy = await all(`${pair.proxy.url}/v2`);
    expect(viaProxy.length).toBe(session.participants);
    expect(JSON.stringify(viaProxy)).toBe(JSON.stringify(await all(`${pair.mock.url}/v2`)));
  });

  it('a kick is refused with 403 and a JSON body the SDK raises, and nothing reaches the mock', async () => {
    const f = pair.mock.fixtures();
    const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!;
    const [first] = await direct.video.v1.rooms(room.sid).participants.list({ status: 'connected', limit: 1 });
    await expect(proxied.video.v1.rooms(room.sid).participants(first!.sid).update({ status: 'disconnected' })).rejects.toMatchObject({ status: 403, code: 'rollcall-proxy.mutation' });
    const after = await direct.video.v1.rooms(room.sid).participants(first!.sid).fetch();
    expect(after.status).toBe(first!.status);
  });

  it('when stopped: every exchange judged, each finished walk judged, no error, exit 0', async () => {
    result = await pair.stop();
    const errors = violationsOf(result).filter((v) => v.severity === 'error');
    expect(errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    const walks = result.cases.filter((c) => c.group === 'walks');
    // Video (disconnected, three pages or more), Insights and Telnyx walked to their end; the limit:1 list before the kick was left unjudged.
    expect(walks.map((w) => w.operation).sort()).toEqual(['telnyx.listRoomSessionParticipants', 'twilio-insights.listConferenceParticipants', 'twilio-video.listRoomParticipants']);
    for (const w of walks) expect(w.name).toMatch(/, end$/);
    // Every request the SDKs sent was one of rollcall's operations: none forwarded unjudged.
    expect(result.counts.unjudged).toBe(0);
    expect(result.counts.judged).toBeGreaterThan(10);
    // The only finding: the refused kick, a warning.
    expect([...new Set(violationsOf(result).map((v) => v.rule))]).toEqual(['proxy.request-refused']);
  });
});

describe('twilio-node kicks through rollcall proxy --allow-mutations', () => {
  it('the kick is forwarded and judged, and the SDK sees the participant disconnected, as on the mock directly', async () => {
    const pair = await startPair({ seed: 11, proxy: { allowMutations: true, links: 'proxy' } });
    try {
      const f = pair.mock.fixtures();
      const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!;
      const proxied = twilioClient(pair.proxy.url, pair);
      const [first] = await proxied.video.v1.rooms(room.sid).participants.list({ status: 'connected', limit: 1 });
      const kicked = await proxied.video.v1.rooms(room.sid).participants(first!.sid).update({ status: 'disconnected' });
      expect(kicked.status).toBe('disconnected');
      expect(kicked.endTime).toBeInstanceOf(Date);
      const after = await twilioClient(pair.mock.url, pair).video.v1.rooms(room.sid).participants(first!.sid).fetch();
      expect(after.status).toBe('disconnected');
      const result = await pair.stop();
      expect(result.exitCode).toBe(0);
      expect(violationsOf(result).filter((v) => v.severity === 'error')).toEqual([]);
      expect(result.cases.some((c) => c.operation === 'twilio-video.updateRoomParticipant' && c.group === 'exchanges' && c.state === 'passed')).toBe(true);
    } finally {
      await pair.stop();
    }
  });
});
