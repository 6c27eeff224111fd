/**
 * The kick lifecycle: hand-built exchanges for each way to fail, then a real kick on the mock.
 */
import { describe, expect, it } from 'vitest';
import { kickSetsEnd } from '../../src/checks/lifecycle/kick-sets-end.js';
import { kickMovesFilter } from '../../src/checks/lifecycle/kick-moves-filter.js';
import { secondKick } from '../../src/checks/lifecycle/second-kick.js';
import { listedFromExchange, listedFromWalk, type Listed } from '../../src/checks/consistency/listed.js';
import { walkPages } from '../../src/checks/walk/walk.js';
import { withMock, type LiveMock } from './mock.js';
import { clone, contextOf, exchange, participant, sidOf, VIDEO_BASE, VIDEO_LIST, type Json } from './support.js';

const UPDATE = 'twilio-video.updateRoomParticipant';
const FETCH = 'twilio-video.fetchRoomParticipant';
const ctx = contextOf(VIDEO_LIST);

const before = participant(1);
const kicked = { ...clone(before), status: 'disconnected', end_time: '2024-03-04T10:00:00Z', duration: 3540, date_updated: '2024-03-04T10:00:00Z' };
const update = (body: unknown, status = 202) => exchange(UPDATE, `${VIDEO_BASE}/${sidOf(1)}`, body, status, 'POST');
const fetchAfter = (body: unknown, status = 200) => exchange(FETCH, `${VIDEO_BASE}/${sidOf(1)}`, body, status);
const twilioError = (status: number) => ({ code: 20001, message: 'The participant is not connected.', more_info: 'https://www.twilio.com/docs/errors/20001', status });

describe('lifecycle.kick-sets-end', () => {
  it.each<[string, () => Parameters<typeof kickSetsEnd>[0], Array<[method: string, path: string]>]>([
    ['update and later fetch both show the end', () => ({ before, update: update(kicked), after: fetchAfter(kicked) }), []],
    ['without a later fetch', () => ({ before, update: update(kicked) }), []],
    ['the update leaves the participant connected', () => ({ before, update: update({ ...kicked, status: 'connected', end_time: null, duration: null }), after: fetchAfter(kicked) }), [['POST', '/status'], ['POST', '/end_time'], ['POST', '/duration']]],
    ['the later fetch has a negative duration', () => ({ before, update: update(kicked), after: fetchAfter({ ...kicked, duration: -5 }) }), [['GET', '/duration']]],
    ['date_updated goes back', () => ({ before, update: update({ ...kicked, date_updated: '2024-03-04T08:00:00Z' }) }), [['POST', '/date_updated']]],
    ['the update is refused', () => ({ before, update: update(twilioError(400), 400) }), [['POST', '#status']]],
  ])('%s', (_name, input, expected) => {
    expect(kickSetsEnd(input(), ctx).map((f) => [f.request?.method, f.path])).toEqual(expected);
  });
});

describe('lifecycle.kick-moves-filter', () => {
  const list = (status: string, items: Json[]): Listed[] => listedFromExchange(exchange(VIDEO_LIST, `${VIDEO_BASE}?Status=${status}`, { participants: items, meta: {} }), 'participants');
  const others = [participant(2), participant(3)];
  it.each<[string, () => Parameters<typeof kickMovesFilter>[0], string[]]>([
    ['connected before, disconnected after', () => ({ sid: sidOf(1), connectedBefore: list('connected', [before, ...others]), connectedAfter: list('connected', others), disconnectedAfter: list('disconnected', [kicked]) }), []],
    ['still connected after', () => ({ sid: sidOf(1), connectedBefore: list('connected', [before, ...others]), connectedAfter: list('connected', [...others, before]), disconnectedAfter: list('disconnected', [kicked]) }), ['/participants/2']],
    ['not disconnected after', () => ({ sid: sidOf(1), connectedBefore: list('connected', [before]), connectedAfter: list('connected', []), disconnectedAfter: list('disconnected', []) }), ['']],
    ['not connected before', () => ({ sid: sidOf(1), connectedBefore: list('connected', others), connectedAfter: list('connected', others), disconnectedAfter: list('disconnected', [kicked]) }), ['']],
  ])('%s', (_name, input, paths) => {
    expect(kickMovesFilter(input(), ctx).map((f) => f.path)).toEqual(paths);
  });

  it('an absence names the list it is missing from', () => {
    const [f] = kickMovesFilter({ sid: sidOf(1), connectedBefore: list('connected', [before]), connectedAfter: list('connected', []), disconnectedAfter: list('disconnected', [participant(5, 'disconnected')]) }, ctx);
    expect(f).toMatchObject({ message: `Participant ${sidOf(1)} is not in the Status=disconnected list after the kick.`, request: { url: `${VIDEO_BASE}?Status=disconnected` } });
  });
});

describe('lifecycle.second-kick', () => {
  it.each<[string, () => ReturnType<typeof update>, string[]]>([
    ['idempotent: 202 with the same end_time and duration', () => update(clone(kicked)), []],
    ['rejected with a 4xx in Twilio\'s error format', () => update(twilioError(400), 400), []],
    ['rejected with an undocumented 409, still in Twilio\'s format', () => update(twilioError(409), 409), []],
    ['accepted, but end_time moves', () => update({ ...kicked, end_time: '2024-03-04T10:05:00Z', duration: 3840 }), ['/end_time', '/duration']],
    ['rejected in another error format', () => update({ error: 'already gone' }, 400), ['']],
    ['a 500', () => update(twilioError(500), 500), ['#status']],
  ])('%s', (_name, second, paths) => {
    expect(secondKick({ first: update(kicked), second: second() }, ctx).map((f) => f.path)).toEqual(paths);
  });
});

describe('a real kick on the mock', () => {
  const connectedList = async (m: LiveMock, roomSid: string, status: string): Promise<Listed[]> => {
    const url = `${m.mock.url}/v1/Rooms/${roomSid}/Participants?Status=${status}`;
    const walk = await walkPages(m.fetchPage(VIDEO_LIST), url, { api: 'twilio-video', operationId: VIDEO_LIST, pageSize: 50, maxPages: 5 });
    return listedFromWalk(walk, 'participants');
  };

  it('sets the end, moves the participant between Status lists, and a second kick is idempotent', async () => {
    await withMock([], async (m) => {
      const room = m.fx.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 0)!;
      const connectedBefore = await connectedList(m, room.sid, 'connected');
      const target = connectedBefore[0]!.value;
      const instance = `${m.mock.url}/v1/Rooms/${room.sid}/Participants/${String(target.sid)}`;
      const first = await m.send(UPDATE, instance, 'Status=disconnected');
      const after = await m.send(FETCH, instance);
      const second = await m.send(UPDATE, instance, 'Status=disconnected');
      const moved = { sid: String(target.sid), connectedBefore, connectedAfter: await connectedList(m, room.sid, 'connected'), disconnectedAfter: await connectedList(m, room.sid, 'disconnected') };
      expect(first.response.status).toBe(202);
      expect([kickSetsEnd({ before: target, update: first, after }, ctx), kickMovesFilter(moved, ctx), secondKick({ first, second }, ctx)]).toEqual([[], [], []]);
    });
  });
});

/**
 * `rollcall run` itself (the CLI over dist/, against the mock behind a proxy that answers every
 * second kick of a participant with 409 and an HTML page): the lifecycle case must report it. The
 * case uses the same walk context as the unit tests above, and checks the second kick's answer
 * like any other response.
 */
describe('rollcall run: a second kick answered 409 with an HTML page', () => {
  it('is reported as lifecycle.second-kick and http.status-undocumented on the update', async () => {
    const { createServer } = await import('node:http');
    const { rollcall, tmpDir, readReport } = await import('../run/support.js');
    await withMock([], async (m) => {
      const room = m.fx.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 0)!;
      const kicked = new Set<string>();
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const path = req.url ?? '/';
          if (req.method === 'POST' && kicked.has(path)) {
            res.writeHead(409, { 'content-type': 'text/html' }).end('<html><body>409 Conflict</body></html>');
            return;
          }
          if (req.method === 'POST') kicked.add(path);
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
          void fetch(m.mock.url + path, { method: req.method, headers, body: req.method === 'POST' ? Buffer.concat(chunks) : undefined }).then(async (r) => {
            const text = (await r.text()).split(m.mock.url).join(origin);
            res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(text);
          });
        });
      });
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      const address = proxy.address();
      const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      try {
        const dir = tmpDir('second-kick-409');
        const env = { TWILIO_ACCOUNT_SID: m.fx.twilio.accountSid, TWILIO_AUTH_TOKEN: m.fx.twilio.authToken, ROLLCALL_TWILIO_ROOM_SID: room.sid, ROLLCALL_TWILIO_VIDEO_BASE_URL: origin };
        const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--allow-mutations', room.sid, '--grep', 'kick it again', '--report-dir', dir], env);
        const kick = readReport(dir).cases.find((c) => c.name === 'kick a connected participant, then kick it again');
        expect(kick?.violations.map((v) => [v.rule, v.path]).sort(), r.stdout.slice(-2000)).toEqual([['http.status-undocumented', '#status'], ['lifecycle.second-kick', '']]);
        expect(r.code).toBe(1);
      } finally {
        await new Promise<void>((resolve) => proxy.close(() => resolve()));
      }
    });
  }, 180_000);
});
