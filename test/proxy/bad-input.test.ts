/**
 * What the proxy does with bad input: a malformed request, a body over the cap, an upstream that
 * resets, hangs or sends too much. Each time the application gets a clear JSON error (400, 413, 502,
 * 504), the report a finding at its rule, and the proxy answers the next request as before.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { startProxy, type ProxyResult, type RunningProxy } from '../../src/proxy/index.js';
import { basic } from './support.js';

/** An upstream that misbehaves by the room segment of the path: `reset`, `hang`, `huge`. */
function badUpstream(): http.Server {
  return http.createServer((req, res) => {
    if (req.url?.includes('/Rooms/reset/')) req.socket.destroy();
    else if (req.url?.includes('/Rooms/huge/')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(`{"participants":[${'"x",'.repeat(20_000)}"x"]}`);
    }
    // `hang`: never answers.
  });
}

/** One request on a raw socket (what fetch would refuse to send), and the proxy's answer as text. */
function rawRequest(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    const chunks: Buffer[] = [];
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('no answer')));
  });
}

describe('rollcall proxy with bad input', () => {
  let mock: RunningMock;
  let bad: http.Server;
  let proxy: RunningProxy;
  let result: ProxyResult;
  let next: () => Promise<number>;

  beforeAll(async () => {
    mock = await startMock({ seed: 11 });
    bad = badUpstream();
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', () => r()));
    const badUrl = `http://127.0.0.1:${(bad.address() as { port: number }).port}`;
    // Video goes to the misbehaving upstream, Telnyx to the mock: the request after each bad one.
    proxy = await startProxy({ upstreams: { 'twilio-video': badUrl, telnyx: `${mock.url}/v2` }, allowMutations: true, timeoutMs: 400, maxRequestBytes: 1024, maxResponseBytes: 4096, write: () => undefined });
    const f = mock.fixtures();
    next = async () => (await fetch(`${proxy.url}/v2/room_sessions/${f.telnyx.roomSessions[0]!.id}/participants?page[size]=1`, { headers: { authorization: `Bearer ${f.telnyx.apiKey}` } })).status;
  });
  afterAll(async () => {
    await proxy?.stop();
    bad?.closeAllConnections();
    await new Promise((r) => bad?.close(r));
    await mock?.close();
  });

  it.each([
    ['a request line that is not HTTP', 400, 'rollcall-proxy.malformed', 'GARBAGE\r\n\r\n'],
    ['an absolute-form target (the proxy is not a forward proxy)', 400, 'rollcall-proxy.malformed', 'GET http://example.com/v1/Rooms HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n'],
    ['a header block over the parser\'s limit', 431, 'rollcall-proxy.headers-too-large', `GET /v2/x HTTP/1.1\r\nHost: a\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
  ])('%s: %i %s, and the next request is served', async (_name, status, code, text) => {
    const answer = await rawRequest(proxy.url, text);
    expect(answer.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toMatchObject({ status, code });
    expect(await next()).toBe(200);
  });

  it('a body over --max-body: 413 (declared, or streamed chunked), and the next request is served', async () => {
    const declared = await fetch(`${proxy.url}/v1/Rooms/RMx/Participants/PAx`, { method: 'POST', body: 'Status=disconnected&pad=' + 'x'.repeat(2000), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: 'rollcall-proxy.too-large' });
    expect(await next()).toBe(200);
    const streamed = await new Promise<number>((resolve, reject) => {
      const { port } = new URL(proxy.url);
      const req = http.request({ host: '127.0.0.1', port, method: 'POST', path: '/v1/Rooms/RMx/Participants/PAx', headers: { 'transfer-encoding': 'chunked' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      for (let i = 0; i < 4; i++) req.write('x'.repeat(600));
      req.end();
    });
    expect(streamed).toBe(413);
    expect(await next()).toBe(200);
  });

  it.each([
    ['resets the connection', 'reset', 502, 'rollcall-proxy.unreachable'],
    ['hangs past --upstream-timeout', 'hang', 504, 'rollcall-proxy.deadline'],
    ['sends more than --max-response', 'huge', 502, 'rollcall-proxy.upstream-too-large'],
  ])('an upstream that %s (room %s): %i %s, and the next request is served', async (_name, room, status, code) => {
    const f = mock.fixtures();
    const res = await fetch(`${proxy.url}/v1/Rooms/${room}/Participants`, { headers: { authorization: basic(f.twilio.accountSid, f.twilio.authToken) } });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ status, code });
    expect(await next()).toBe(200);
  });

  it('when stopped, each bad input is a finding at its rule, the upstream\'s failures errors', async () => {
    result = await proxy.stop();
    const found = result.cases.flatMap((c) => c.violations.map((v) => `${v.severity} ${v.rule} ${v.operation}`));
    expect(found.sort()).toEqual([
      'error http.availability twilio-video.listRoomParticipants',
      'error http.response-too-large twilio-video.listRoomParticipants',
      'error http.timeout twilio-video.listRoomParticipants',
      'warning proxy.request-refused rollcall.proxy',
      'warning proxy.request-refused rollcall.proxy',
      'warning proxy.request-refused rollcall.proxy',
      'warning proxy.request-refused twilio-video.updateRoomParticipant',
      'warning proxy.request-refused twilio-video.updateRoomParticipant',
    ]);
    expect(result.exitCode).toBe(1);
    expect(result.counts.judged).toBe(8);
  });
});
