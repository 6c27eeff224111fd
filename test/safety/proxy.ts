/** A recording proxy on loopback: forwards to the mock and keeps every request's method, raw URL and Authorization header. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setKey } from '../../src/json-safe.js';

export interface RecordingProxy {
  url: string;
  seen: Array<{ method: string; url: string; authorization?: string }>;
  close(): Promise<unknown>;
}

export async function recordingProxy(upstream: string): Promise<RecordingProxy> {
  const seen: RecordingProxy['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    // The host header is kept, so that the mock's URLs stay on the proxy's origin.
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: { ...req.headers, host: req.headers.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

/** What a planting proxy's `plant` knows of the exchange: the request as the client sent it, and the upstream's status. */
export interface PlantedExchange {
  request: URL;
  status: number;
}

/**
 * A proxy on loopback that plants into every JSON answer of the upstream (the mock): `plant` gets
 * the parsed body, the request path and the exchange, and returns the body to send (keys such as
 * `__proto__` set with Object.defineProperty survive JSON.stringify). Other answers pass unchanged.
 * `forward`, when given, rewrites the URL sent upstream (a server that handles the request wrongly).
 */
export async function plantingProxy(upstream: string, plant: (body: unknown, path: string, exchange: PlantedExchange) => unknown, forward?: (url: URL) => URL): Promise<RecordingProxy> {
  const seen: RecordingProxy['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const asked = new URL(req.url ?? '/', upstream);
    const upstreamRequest = http.request(forward ? forward(new URL(asked)) : asked, { method: req.method, headers: { ...req.headers, host: req.headers.host, 'accept-encoding': 'identity' } }, (up) => {
      const chunks: Buffer[] = [];
      up.on('data', (c: Buffer) => chunks.push(c));
      up.on('end', () => {
        let text = Buffer.concat(chunks).toString('utf8');
        const headers = { ...up.headers };
        if (String(headers['content-type'] ?? '').includes('json')) {
          try {
            text = JSON.stringify(plant(JSON.parse(text), asked.pathname, { request: asked, status: up.statusCode ?? 502 }));
          } catch {
            // Not JSON after all: passed as it came.
          }
        }
        delete headers['content-length'];
        delete headers['transfer-encoding'];
        res.writeHead(up.statusCode ?? 502, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
        res.end(text);
      });
    });
    req.pipe(upstreamRequest);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, close: () => new Promise((r) => server.close(r)) };
}

/** An answer the proxy gives itself instead of forwarding (a body sent byte for byte, whatever it holds). */
export interface OwnAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * plantingProxy, and for the requests `answer` picks (by path and query), an answer of its own
 * instead of the upstream's: a body that is not JSON, with whatever bytes a hostile server sends.
 */
export async function answeringProxy(upstream: string, plant: (body: unknown, path: string) => unknown, answer: (path: string, search: string) => OwnAnswer | undefined): Promise<RecordingProxy> {
  const inner = await plantingProxy(upstream, plant);
  const seen: RecordingProxy['seen'] = [];
  const server = http.createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
    const url = new URL(req.url ?? '/', upstream);
    const own = answer(url.pathname, url.search);
    if (own) {
      req.resume();
      res.writeHead(own.status, { ...own.headers, 'content-length': String(Buffer.byteLength(own.body)) });
      res.end(own.body);
      return;
    }
    // The host header is kept, so that the mock's URLs stay on this proxy's origin.
    const forward = http.request(new URL(req.url ?? '/', inner.url), { method: req.method, headers: { ...req.headers, host: req.headers.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: async () => {
      await new Promise((r) => server.close(r));
      await inner.close();
    },
  };
}

/**
 * A hostile answer for a participant list: every value planted in each participant as the value of a field named
 * after it, and (every other item) as its status. Other bodies pass unchanged.
 */
export function plantInParticipants(values: readonly string[]): (body: unknown) => unknown {
  return (body) => {
    const list = (body as { participants?: unknown }).participants;
    if (!Array.isArray(list)) return body;
    list.forEach((p: unknown, i) => {
      if (!p || typeof p !== 'object') return;
      const item = p as Record<string, unknown>;
      for (const value of values) setKey(item, value, value);
      if (i % 2 === 1) item.status = values[i % values.length];
    });
    return body;
  };
}
