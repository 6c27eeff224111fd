/** The mock over a real socket (startMock on 127.0.0.1, port 0), and the `rollcall mock` command. */
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { runMockCommand } from '../../src/cli/mock.js';
import { FAULTS, startMock } from '../../src/mock/index.js';
import { basic } from './helpers.js';
import { rollcall } from '../run/support.js';

describe('startMock', () => {
  it('serves all three APIs on one origin with URLs on that origin, then closes', async () => {
    const mock = await startMock({ port: 0 });
    try {
      expect(mock.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const fx = mock.fixtures();
      const fromEndpoint = await (await fetch(`${mock.url}/__mock/fixtures`)).json();
      expect(fromEndpoint).toEqual(fx);
      const room = fx.twilio.rooms[3]!;
      const twilio = await fetch(`${mock.url}/v1/Rooms/${room.sid}/Participants?PageSize=3`, { headers: { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) } });
      const page = (await twilio.json()) as { participants: Array<{ url: string }>; meta: { next_page_url: string } };
      expect([twilio.status, twilio.headers.get('content-type')]).toEqual([200, 'application/json; charset=utf-8']);
      expect(page.participants[0]!.url.startsWith(`${mock.url}/v1/Rooms/${room.sid}/Participants/PA`)).toBe(true);
      const next = await fetch(page.meta.next_page_url, { headers: { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) } });
      expect(next.status).toBe(200);
      const telnyx = await fetch(`${mock.url}/v2/room_sessions/${fx.telnyx.roomSessions[2]!.id}/participants?page[size]=5`, { headers: { authorization: `Bearer ${fx.telnyx.apiKey}` } });
      expect(((await telnyx.json()) as { meta: unknown }).meta).toEqual({ page_number: 1, page_size: 5, total_pages: 200, total_results: 1000 });
      const other = mock.otherAccount();
      const foreign = await fetch(`${mock.url}/v1/Rooms/${room.sid}/Participants`, { headers: { authorization: basic(other.accountSid, other.authToken) } });
      expect(foreign.status).toBe(404);
    } finally {
      await mock.close();
    }
    await expect(fetch(`${mock.url}/__mock/fixtures`)).rejects.toThrow();
  });

  it('close() is not held by a connection that never sends a request (a preconnect, a client gone)', async () => {
    const { CLOSE_GRACE_MS } = await import('../../src/mock/index.js');
    for (const sends of ['', 'GET /v1/Rooms HTTP/1.1\r\nHost: x\r\n']) {
      const mock = await startMock();
      const socket = net.connect(mock.port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      if (sends) socket.write(sends);
      const closed = new Promise((r) => socket.once('close', r));
      const t0 = performance.now();
      // Before the bound, Node kept this connection until its headers timeout (a minute).
      await mock.close();
      const took = performance.now() - t0;
      await closed;
      expect(took, JSON.stringify(sends)).toBeLessThan(CLOSE_GRACE_MS + 2000);
    }
  });

  it('close() lets an answer in flight finish', async () => {
    const mock = await startMock({ faults: ['slow'], faultSettings: { slowMs: 300 } });
    const fx = mock.fixtures();
    const answer = fetch(`${mock.url}/v1/Rooms/${fx.twilio.rooms[0]!.sid}/Participants`, { headers: { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) } });
    // The request's connection is open (its answer held by the slow fault) before the close starts: bounded wait.
    const connections = () => new Promise<number>((r) => mock.app.server.getConnections((_e, n) => r(n)));
    for (let i = 0; i < 250 && (await connections()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await mock.close();
    expect((await answer).status).toBe(200);
  });

  it('reset() undoes kicks', async () => {
    const mock = await startMock();
    try {
      const fx = mock.fixtures();
      const room = fx.twilio.rooms[0]!;
      const list = await fetch(`${mock.url}/v1/Rooms/${room.sid}/Participants`, { headers: { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) } });
      const sid = ((await list.json()) as { participants: Array<{ sid: string }> }).participants[0]!.sid;
      const kick = await fetch(`${mock.url}/v1/Rooms/${room.sid}/Participants/${sid}`, {
        method: 'POST',
        body: new URLSearchParams({ Status: 'disconnected' }),
        headers: { authorization: basic(fx.twilio.accountSid, fx.twilio.authToken) },
      });
      expect(kick.status).toBe(202);
      expect(mock.fixtures().twilio.rooms[0]!.participants.connected).toBe(room.participants.connected - 1);
      mock.reset();
      expect(mock.fixtures()).toEqual(fx);
    } finally {
      await mock.close();
    }
  });
});

describe('rollcall mock', () => {
  const capture = (): { out: string[]; err: string[]; io: { stdout: (t: string) => void; stderr: (t: string) => void } } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { stdout: (t) => void out.push(t), stderr: (t) => void err.push(t) } };
  };

  it('prints its base URL, serves until stopped, then exits 0', async () => {
    const { out, err, io } = capture();
    const controller = new AbortController();
    const done = runMockCommand(['--port', '0', '--seed', '7', '--faults', 'slow'], { ...io, signal: controller.signal });
    for (let i = 0; i < 100 && out.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(out).toHaveLength(1);
    const url = /^rollcall mock listening on (http:\/\/127\.0\.0\.1:\d+)\n$/.exec(out[0]!)?.[1];
    expect(url).toBeDefined();
    expect(err).toEqual(['rollcall mock: faults on: slow\n']);
    const fixtures = (await (await fetch(`${url}/__mock/fixtures`)).json()) as { twilio: { accountSid: string } };
    const { fixturesOf } = await import('../../src/mock/fixtures.js');
    const { createDataset } = await import('../../src/mock/dataset.js');
    expect(fixtures.twilio.accountSid).toBe(fixturesOf(createDataset(7)).twilio.accountSid);
    controller.abort();
    expect(await done).toBe(0);
  });

  it('--list-faults prints one fault a line, name first', async () => {
    const { out, io } = capture();
    expect(await runMockCommand(['--list-faults'], io)).toBe(0);
    const lines = out.join('').trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(FAULTS.map((f) => f.name));
    const width = Math.max(...FAULTS.map((f) => f.name.length));
    expect(lines[0]).toBe(`${'bad-sid-pattern'.padEnd(width)}  ${'twilio-video,twilio-insights'.padEnd('twilio-video,twilio-insights,telnyx'.length)}  ${FAULTS[0]!.breaks} [twilio.sid-pattern]`);
  });

  it('--list-faults on the console fits its width: a long description goes on under its own column', async () => {
    // The real binary on a pipe: COLUMNS unset means 120 columns (src/run/console.ts), COLUMNS=400 one fault a line.
    const [narrow, wide] = await Promise.all([rollcall(['mock', '--list-faults'], { COLUMNS: '' }), rollcall(['mock', '--list-faults'], { COLUMNS: '400' })]);
    expect([narrow.code, wide.code]).toEqual([0, 0]);
    const lines = narrow.stdout.trimEnd().split('\n');
    const wideLines = wide.stdout.trimEnd().split('\n');
    expect(wideLines.map((l) => l.split(/\s+/)[0])).toEqual(FAULTS.map((f) => f.name));
    expect(Math.max(...wideLines.map((l) => l.length))).toBeGreaterThan(120);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(120);
    const column = (wideLines[0] as string).indexOf(FAULTS[0]!.breaks);
    // Every line is a fault's (its name first) or the continuation of one, starting at the description's column.
    expect(lines.filter((l) => !l.startsWith(' ')).map((l) => l.split(/\s+/)[0])).toEqual(FAULTS.map((f) => f.name));
    for (const l of lines.filter((x) => x.startsWith(' '))) expect(/^ */.exec(l)![0].length, l).toBe(column);
    // Nothing lost: the words of the wrapped listing are the wide listing's.
    expect(lines.join(' ').split(/\s+/)).toEqual(wideLines.join(' ').split(/\s+/));
  });

  it.each([
    [['--faults', 'slow,nope'], `rollcall mock: unknown fault nope; valid faults: ${FAULTS.map((f) => f.name).join(', ')}`],
    [['--port', '70000'], 'rollcall mock: --port must be an integer from 0 to 65535, not "70000"'],
    [['--churn', 'fast'], 'rollcall mock: --churn must be a number of events per request from 0 to 10 (e.g. 0.1: one event every 10 requests), not "fast"'],
    [['--seed=-3'], 'rollcall mock: --seed must be an integer from 0 to 4294967295, not "-3"'],
    [['--bogus'], "rollcall mock: Unknown option '--bogus'"],
    [['extra'], "rollcall mock: Unexpected argument 'extra'"],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const { out, err, io } = capture();
    expect(await runMockCommand(args, io)).toBe(2);
    expect(out).toEqual([]);
    expect(err.join('').split('\n')[0]!.startsWith(message)).toBe(true);
  });

  it('a port already in use is exit 2', async () => {
    const taken = await startMock();
    try {
      const { err, io } = capture();
      expect(await runMockCommand(['--port', String(taken.port)], io)).toBe(2);
      expect(err.join('')).toMatch(/^rollcall mock: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE/);
    } finally {
      await taken.close();
    }
  });
});
