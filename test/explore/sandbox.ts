/**
 * A sandbox with bugs that only show in a combination of parameters: a loopback proxy in front of
 * the embedded mock that
 *  - Telnyx: ignores filter[context] when a date filter is present too (filters that interact);
 *  - Insights: drops the first item of every page after the first when PageSize is a multiple of 7
 *    (an item lost at page boundaries, at some page sizes only);
 *  - Video: appends "-x" to every identity of a list answered under DateCreatedBefore (a field wrong
 *    only under a filter: the fetch by SID disagrees).
 * Each bug alone passes every fixed case: they send each filter alone, and page sizes 1, 20, 50, 250, 1000.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMock, type RunningMock } from '../../src/mock/index.js';

export interface Sandbox {
  url: string;
  mock: RunningMock;
  env: Record<string, string>;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;

function rewriteRequest(url: URL): void {
  if (url.pathname.includes('/room_sessions/') && url.searchParams.has('filter[context]') && [...url.searchParams.keys()].some((k) => k.startsWith('filter[date_'))) {
    url.searchParams.delete('filter[context]');
  }
}

function rewriteBody(url: URL, body: Obj): Obj {
  if (url.pathname.startsWith('/v1/Conferences/') && Array.isArray(body.participants)) {
    const size = Number(url.searchParams.get('PageSize'));
    if (size % 7 === 0 && url.searchParams.has('PageToken')) body.participants = body.participants.slice(1);
  }
  if (url.pathname.startsWith('/v1/Rooms/') && url.searchParams.has('DateCreatedBefore') && Array.isArray(body.participants)) {
    for (const p of body.participants as Obj[]) if (typeof p.identity === 'string') p.identity = `${p.identity}-x`;
  }
  return body;
}

export async function startSandbox(seed?: number): Promise<Sandbox> {
  const mock = await startMock({ ...(seed !== undefined ? { seed } : {}) });
  const upstream = new URL(mock.url);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    rewriteRequest(url);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: url.pathname + url.search, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          let text = Buffer.concat(body).toString('utf8');
          if (String(up.headers['content-type'] ?? '').includes('json') && up.statusCode === 200) {
            try {
              text = JSON.stringify(rewriteBody(url, JSON.parse(text) as Obj));
            } catch {
              // not JSON after all: passed on as it is
            }
          }
          const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
          delete headers['transfer-encoding'];
          res.writeHead(up.statusCode ?? 502, headers);
          res.end(text);
        });
      });
      out.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      out.end(Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const f = mock.fixtures();
  const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 0) ?? f.twilio.rooms[0];
  const conference = [...f.twilio.conferences].sort((a, b) => Math.abs(a.participants - 24) - Math.abs(b.participants - 24))[0];
  const session = [...f.telnyx.roomSessions].sort((a, b) => b.participants - a.participants)[0];
  const env: Record<string, string> = {
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    TELNYX_API_KEY: f.telnyx.apiKey,
    ROLLCALL_TWILIO_ROOM_SID: room?.sid ?? '',
    ROLLCALL_TWILIO_CONFERENCE_SID: conference?.sid ?? '',
    ROLLCALL_TELNYX_ROOM_SESSION_ID: session?.id ?? '',
    ROLLCALL_TWILIO_VIDEO_BASE_URL: url,
    ROLLCALL_TWILIO_INSIGHTS_BASE_URL: url,
    ROLLCALL_TELNYX_BASE_URL: `${url}/v2`,
  };
  return {
    url,
    mock,
    env,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await mock.close();
    },
  };
}
