/**
 * The official Twilio SDK for Node (twilio-node, vendor-written) pointed at rollcall's mock with
 * Twilio's recommended credentials: an API key SID + secret, and the account SID as an option. What
 * works on the mock must work the way the SDK expects the real API to behave: list (auto-paging),
 * fetch by SID and by identity, kick, and the Insights list; and while the mock churns, token
 * paging still returns every participant that stayed connected throughout exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import twilio from 'twilio';
import { startMock, type RunningMock } from '../../src/mock/index.js';

type Client = ReturnType<typeof twilio>;

/** A client whose Video and Insights domains go to the mock instead of *.twilio.com. */
function clientFor(mock: RunningMock, credentials: { username: string; password: string; accountSid: string }): Client {
  const client = twilio(credentials.username, credentials.password, { accountSid: credentials.accountSid, autoRetry: false });
  client.video.baseUrl = mock.url;
  client.insights.baseUrl = mock.url;
  return client;
}

describe('twilio-node with an API key and secret, on the mock', () => {
  let mock: RunningMock;
  let client: Client;

  beforeAll(async () => {
    mock = await startMock({ seed: 11 });
    const f = mock.fixtures();
    client = clientFor(mock, { username: f.twilio.apiKey.sid, password: f.twilio.apiKey.secret, accountSid: f.twilio.accountSid });
  });
  afterAll(async () => {
    await mock?.close();
  });

  it('lists every participant of a room across pages, once each', async () => {
    const f = mock.fixtures();
    const room = f.twilio.rooms.filter((r) => r.status === 'completed').sort((a, b) => b.participants.disconnected - a.participants.disconnected)[0]!;
    const listed = await client.video.v1.rooms(room.sid).participants.list({ status: 'disconnected', pageSize: 7 });
    expect(listed.length).toBe(room.participants.disconnected);
    expect(new Set(listed.map((p) => p.sid)).size).toBe(listed.length);
    for (const p of listed) expect(p.roomSid).toBe(room.sid);
  });

  it('fetches a participant by SID and by identity, and kicks it (any 2xx is success to the SDK)', async () => {
    const f = mock.fixtures();
    const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!;
    const [first] = await client.video.v1.rooms(room.sid).participants.list({ status: 'connected', limit: 1 });
    expect(first).toBeDefined();
    const bySid = await client.video.v1.rooms(room.sid).participants(first!.sid).fetch();
    expect(bySid.identity).toBe(first!.identity);
    const byIdentity = await client.video.v1.rooms(room.uniqueName).participants(first!.identity).fetch();
    expect(byIdentity.sid).toBe(first!.sid);
    const kicked = await client.video.v1.rooms(room.sid).participants(first!.sid).update({ status: 'disconnected' });
    expect(kicked.status).toBe('disconnected');
    expect(kicked.endTime).toBeInstanceOf(Date);
    const after = await client.video.v1.rooms(room.sid).participants(first!.sid).fetch();
    expect(after.status).toBe('disconnected');
  });

  it('lists a conference\'s participants through the Insights domain', async () => {
    const f = mock.fixtures();
    const conference = f.twilio.conferences[0]!;
    const listed = await client.insights.v1.conferences(conference.sid).conferenceParticipants.list({ pageSize: 5 });
    expect(listed.length).toBe(conference.participants);
    expect(new Set(listed.map((p) => p.participantSid)).size).toBe(listed.length);
  });

  it('a wrong secret gets Twilio\'s 401 (code 20003), which the SDK raises as a RestException', async () => {
    const f = mock.fixtures();
    const wrong = clientFor(mock, { username: f.twilio.apiKey.sid, password: 'not-the-secret', accountSid: f.twilio.accountSid });
    const room = f.twilio.rooms[0]!;
    await expect(wrong.video.v1.rooms(room.sid).participants.list({ limit: 1 })).rejects.toMatchObject({ status: 401, code: 20003 });
  });

  it('a completed room is not found by its UniqueName (unique for in-progress rooms only), but by its SID', async () => {
    const f = mock.fixtures();
    const room = f.twilio.rooms.find((r) => r.status === 'completed')!;
    await expect(client.video.v1.rooms(room.uniqueName).participants('anyone').fetch()).rejects.toMatchObject({ status: 404 });
    const listed = await client.video.v1.rooms(room.sid).participants.list({ status: 'disconnected', limit: 1 });
    expect(listed.length).toBe(1);
  });
});

describe('twilio-node auto-paging while the mock churns (Twilio token paging)', () => {
  it.each([1, 2, 3, 4, 5])('seed %i: every participant connected throughout is returned exactly once, none twice', async (seed) => {
    const mock = await startMock({ seed, churn: 3 });
    try {
      const f = mock.fixtures();
      const client = clientFor(mock, { username: f.twilio.apiKey.sid, password: f.twilio.apiKey.secret, accountSid: f.twilio.accountSid });
      const room = f.twilio.rooms.filter((r) => r.status === 'in-progress').sort((a, b) => b.participants.connected - a.participants.connected)[0]!;
      const participants = client.video.v1.rooms(room.sid).participants;
      // One page holds the whole room before and after: what was connected, and when it last changed.
      const before = await participants.list({ status: 'connected', pageSize: 1000, limit: 1000 });
      const walked = await participants.list({ status: 'connected', pageSize: 1 });
      const after = await participants.list({ status: 'connected', pageSize: 1000, limit: 1000 });
      const changedAt = new Map(after.map((p) => [p.sid, p.dateUpdated.getTime()]));
      const throughout = before.filter((p) => changedAt.get(p.sid) === p.dateUpdated.getTime()).map((p) => p.sid);
      const seen = walked.map((p) => p.sid);
      // The room itself changed while it was walked: someone joined, left or changed state.
      const changed = before.length !== after.length || before.some((p) => changedAt.get(p.sid) !== p.dateUpdated.getTime());
      expect(changed, 'the room changed during the walk').toBe(true);
      expect(throughout.length).toBeGreaterThan(1);
      expect(new Set(seen).size, 'no participant twice').toBe(seen.length);
      for (const sid of throughout) expect(seen.filter((s) => s === sid), sid).toHaveLength(1);
    } finally {
      await mock.close();
    }
  });
});
