/**
 * The mock under load, over real sockets on loopback: 1,000 concurrent requests across every
 * operation give no 5xx and no crash; concurrent kicks of one participant leave it consistent.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { startMock, type RunningMock } from '../../src/mock/index.js';

let mock: RunningMock;
const catalog = await loadCatalog();
beforeAll(async () => {
  mock = await startMock();
});
afterAll(async () => mock?.close());

function auth(): Record<string, Record<string, string>> {
  const f = mock.fixtures();
  return {
    twilio: { Authorization: `Basic ${Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')}` },
    telnyx: { Authorization: `Bearer ${f.telnyx.apiKey}` },
  };
}

describe('1,000 concurrent requests', () => {
  it('are all answered with a documented status and a body that validates', async () => {
    const f = mock.fixtures();
    const a = auth();
    const room = f.twilio.rooms[3]!; // the 2,345-participant room
    const kinds = [
      { op: 'twilio-video.listRoomParticipants', url: `${mock.url}/v1/Rooms/${room.sid}/Participants?PageSize=50&Status=disconnected`, headers: a.twilio },
      { op: 'twilio-video.listRoomParticipants', url: `${mock.url}/v1/Rooms/${room.sid}/Participants?PageSize=1001`, headers: a.twilio },
      { op: 'twilio-insights.listConferenceParticipants', url: `${mock.url}/v1/Conferences/${f.twilio.conferences[2]!.sid}/Participants?PageSize=20`, headers: a.twilio },
      { op: 'telnyx.listRoomSessionParticipants', url: `${mock.url}/v2/room_sessions/${f.telnyx.roomSessions[2]!.id}/participants?page[size]=250&page[number]=3`, headers: a.telnyx },
      { op: 'telnyx.listRoomSessionParticipants', url: `${mock.url}/v2/room_sessions/${f.telnyx.roomSessions[2]!.id}/participants`, headers: {} },
    ];
    const started = Date.now();
    const results = await Promise.all(
      Array.from({ length: 1000 }, async (_, i) => {
        const k = kinds[i % kinds.length]!;
        const res = await fetch(k.url, { headers: k.headers });
        return { op: k.op, status: res.status, body: await res.text(), url: k.url };
      }),
    );
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    for (const r of results) expect(catalog.validate(r.op, r.body, { status: r.status, requestUrl: r.url }), `${r.status} ${r.url}`).toEqual([]);
    expect(Date.now() - started).toBeLessThan(30_000);
  });
});

describe('concurrent kicks of the same participant', () => {
  it('leave it consistent: one disconnection, every answer agrees, the lists agree', async () => {
    const f = mock.fixtures();
    const a = auth();
    const room = f.twilio.rooms.find((r) => r.participants.connected > 0)!;
    const list = async (status: string) => {
      const res = await fetch(`${mock.url}/v1/Rooms/${room.sid}/Participants?Status=${status}&PageSize=1000`, { headers: a.twilio });
      return ((await res.json()) as { participants: Array<Record<string, unknown>> }).participants;
    };
    const target = (await list('connected'))[0]!;
    const connectedBefore = mock.fixtures().twilio.rooms.find((r) => r.sid === room.sid)!.participants;
    const kicks = await Promise.all(
      Array.from({ length: 50 }, () =>
        fetch(String(target.url), { method: 'POST', headers: { ...a.twilio, 'content-type': 'application/x-www-form-urlencoded' }, body: 'Status=disconnected' }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> })),
      ),
    );
    // Each answer is a documented one (202 with the participant, or a 4xx in Twilio's format), never a 5xx.
    for (const k of kicks) expect(catalog.validate('twilio-video.updateRoomParticipant', k.body, { status: k.status })).toEqual([]);
    const accepted = kicks.filter((k) => k.status === 202).map((k) => k.body);
    expect(accepted.length).toBeGreaterThan(0);
    // No lost update: every accepted answer shows the same end_time and duration.
    expect(new Set(accepted.map((b) => `${String(b.end_time)} ${String(b.duration)}`)).size).toBe(1);
    const fetched = (await (await fetch(String(target.url), { headers: a.twilio })).json()) as Record<string, unknown>;
    expect(fetched).toMatchObject({ status: 'disconnected', end_time: accepted[0]!.end_time, duration: accepted[0]!.duration });
    const connectedAfter = await list('connected');
    const disconnectedAfter = await list('disconnected');
    expect(connectedAfter.some((p) => p.sid === target.sid)).toBe(false);
    expect(disconnectedAfter.filter((p) => p.sid === target.sid)).toHaveLength(1);
    const counts = mock.fixtures().twilio.rooms.find((r) => r.sid === room.sid)!.participants;
    expect(counts.connected).toBe(connectedBefore.connected - 1);
    expect(counts.disconnected).toBe(connectedBefore.disconnected + 1);
  });
});
