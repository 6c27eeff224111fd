/**
 * A small hostile server on loopback: each path prefix misbehaves in one way (hangs, drips, endless body,
 * HTML, truncated JSON, a next_page_url cycle, a next_page_url to another origin, 5xx forever, 429
 * with a long Retry-After, connection resets, echoing the credentials back), or the one a test's route picks per
 * request (below), `/good` answering a well-formed page. Every request is
 * counted by method, and anything that reaches `elsewhere` (another origin) is recorded.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Hostile {
  url: string;
  elsewhere: string;
  requests: Array<{ method: string; url: string; authorization?: string }>;
  elsewhereRequests: Array<{ method: string; url: string; authorization?: string }>;
  close(): Promise<void>;
}

const ROOM = 'RM' + 'a'.repeat(32);
const ACCOUNT = 'AC' + 'a'.repeat(32);

function participant(origin: string, prefix: string, i: number): Record<string, unknown> {
  const sid = 'PA' + i.toString(16).padStart(32, '0');
  const url = `${origin}${prefix}/v1/Rooms/${ROOM}/Participants/${sid}`;
  return {
    sid, room_sid: ROOM, account_sid: ACCOUNT, status: 'connected', identity: `user-${i}`,
    date_created: '2024-01-01T00:00:00Z', date_updated: '2024-01-01T00:00:00Z', start_time: '2024-01-01T00:00:00Z',
    end_time: null, duration: null, url, links: { published_tracks: `${url}/PublishedTracks` },
  };
}

function page(origin: string, prefix: string, selfUrl: string, next: string | null): string {
  return JSON.stringify({
    participants: [participant(origin, prefix, 1)],
    meta: { page: 0, page_size: 50, first_page_url: selfUrl, previous_page_url: null, url: selfUrl, next_page_url: next, key: 'participants' },
  });
}

/** How often a dripping answer sends its next byte. */
export const DRIP_MS = 250;

function drip(out: { write(chunk: string): unknown; end(): unknown; destroyed: boolean }, text: string): void {
  let i = 0;
  const timer = setInterval(() => {
    if (out.destroyed || i >= text.length) {
      clearInterval(timer);
      if (!out.destroyed) out.end();
      return;
    }
    out.write(text[i++] as string);
  }, DRIP_MS);
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The behaviour a request meets, as a path prefix of the switch below (`/drip`, `/huge`, ...; `/good`: a well-formed
 * page), when it is not the first segment of the request's path (the default, also when this returns undefined): one
 * run can then meet several behaviours, a case each. The links the server writes keep the request's own path.
 */
export type HostileRoute = (url: URL) => string | undefined;

export async function startHostile(route?: HostileRoute): Promise<Hostile> {
  const requests: Hostile['requests'] = [];
  const elsewhereRequests: Hostile['elsewhereRequests'] = [];
  const open = new Set<import('node:net').Socket>();
  const other = http.createServer((req, res) => {
    elsewhereRequests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{}');
  });
  const elsewhere = await listen(other);
  let origin = '';
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    // No connection outlives its answer: the in-process runs share this process's agent, and a kept-alive socket that
    // this server closes as the next run picks it up would fail that run's first read (ECONNRESET), not its behaviour.
    res.shouldKeepAlive = false;
    const url = new URL(req.url ?? '/', origin);
    const prefix = '/' + (url.pathname.split('/')[1] ?? '');
    const behaviour = route?.(url) ?? prefix;
    const json = (status: number, body: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body);
    };
    // The run's preflight reads each parent at the smallest page size: answered well here (a sandbox that
    // misbehaves only after that first read), so that each behaviour below meets the cases, not the preflight.
    // /reset and unknown paths stay broken for it too: the preflight is what reports those.
    if (url.searchParams.get('PageSize') === '1' && behaviour !== '/reset' && url.pathname.endsWith(`/Rooms/${ROOM}/Participants`)) {
      return json(200, page(origin, prefix, url.href, null));
    }
    switch (behaviour) {
      case '/hang':
        return; // never answers
      case '/good':
        return json(200, page(origin, prefix, url.href, null));
      case '/reset':
        return req.socket.destroy();
      case '/drip': {
        // A valid answer sent one byte every DRIP_MS: bounded (stops at its end, or when the client hangs up).
        res.writeHead(200, { 'content-type': 'application/json' });
        return drip(res, page(origin, prefix, url.href, null));
      }
      case '/drip-headers': {
        // Not even the status line completes in time: the head itself arrives a byte at a time.
        const head = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nconnection: close\r\n\r\n`;
        return drip(req.socket, head + page(origin, prefix, url.href, null));
      }
      case '/huge': {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"participants": ["');
        const chunk = 'x'.repeat(64 * 1024);
        let sent = 0;
        const pump = () => {
          // Bounded: stops by itself after 256 MB, or when the client hangs up.
          while (sent < 4096 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end('"]}');
        };
        return pump();
      }
      case '/html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case '/empty':
        return json(200, '');
      case '/truncated':
        return json(200, '{"participants": [{"sid": "PA');
      case '/cycle':
        return json(200, page(origin, prefix, url.href, url.href));
      case '/offorigin':
        return json(200, page(origin, prefix, url.href, `${elsewhere}/v1/Rooms/${ROOM}/Participants?Page=1`));
      case '/error500':
        return json(500, '{"message": "internal"}');
      case '/throttle':
        return json(429, JSON.stringify({ code: 20429, message: 'Too Many Requests', more_info: 'https://www.twilio.com/docs/errors/20429', status: 429 }), { 'retry-after': '3600' });
      case '/echo':
        // Echoes the credentials it was sent into the body: rollcall must still never write them anywhere.
        return json(200, JSON.stringify({ participants: [], meta: { key: req.headers.authorization ?? '', page: 0, page_size: 50, url: url.href, first_page_url: url.href, previous_page_url: null, next_page_url: null } }));
      default:
        return json(404, JSON.stringify({ code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }));
    }
  });
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
  origin = await listen(server);
  return {
    url: origin,
    elsewhere,
    requests,
    elsewhereRequests,
    close: async () => {
      for (const s of open) s.destroy();
      await Promise.all([new Promise((r) => server.close(r)), new Promise((r) => other.close(r))]);
    },
  };
}

export const HOSTILE_ROOM = ROOM;
export const HOSTILE_ACCOUNT = ACCOUNT;
