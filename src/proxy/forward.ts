/**
 * One request to the upstream, as the application sent it: node:http(s) rather than fetch (undici),
 * because fetch decodes compressed bodies, folds headers and may follow redirects, and the proxy
 * must hand back the bytes and headers the upstream sent, follow nothing, and cut a hung or
 * oversized answer at a deadline and a size cap it controls.
 */
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { DEADLINE_ERROR } from '../checks/http/timeout.js';
import { TOO_LARGE_ERROR } from '../checks/http/response-too-large.js';

export interface Upstream {
  status: number;
  statusMessage: string;
  /** The headers as received: [name, value, name, value, ...]. */
  rawHeaders: string[];
  /** Lower-cased names, repeated values joined with ", " (what checks read). */
  headers: Record<string, string>;
  body: Buffer;
  elapsedMs: number;
}

export type Failure = { kind: 'deadline' | 'too-large' | 'unreachable'; detail: string; elapsedMs: number };

export interface ForwardOptions {
  timeoutMs: number;
  maxResponseBytes: number;
}

/** Headers that belong to one connection, never forwarded either way (RFC 9110 7.6.1), and Host, set for the upstream. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export const isHopByHop = (name: string): boolean => HOP_BY_HOP.has(name.toLowerCase());

const agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };

/** Sends the request and reads the whole answer by the deadline, up to the cap; never throws. */
export function forward(url: URL, method: string, rawHeaders: string[], body: Buffer, options: ForwardOptions): Promise<Upstream | Failure> {
  const started = Date.now();
  const headers: Array<[string, string]> = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (!isHopByHop(name) && name.toLowerCase() !== 'content-length') headers.push([name, rawHeaders[i + 1] as string]);
  }
  headers.push(['Host', url.host]);
  if (body.length > 0 || !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(method)) headers.push(['Content-Length', String(body.length)]);
  const secure = url.protocol === 'https:';
  return new Promise((resolve) => {
    let settled = false;
    const done = (result: Upstream | Failure): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const fail = (kind: Failure['kind'], detail: string): void => done({ kind, detail, elapsedMs: Date.now() - started });
    const request = (secure ? https : http).request(
      { protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port || undefined, path: `${url.pathname}${url.search}`, method, headers: headers.flat(), agent: secure ? agents.https : agents.http },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > options.maxResponseBytes) {
            fail('too-large', TOO_LARGE_ERROR);
            response.destroy();
            request.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          const joined: Record<string, string> = {};
          for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) joined[k] = Array.isArray(v) ? v.join(', ') : v;
          done({ status: response.statusCode ?? 0, statusMessage: response.statusMessage ?? '', rawHeaders: response.rawHeaders, headers: joined, body: Buffer.concat(chunks), elapsedMs: Date.now() - started });
        });
        response.on('error', (err) => fail('unreachable', errorCode(err)));
        response.on('aborted', () => fail('unreachable', 'the upstream closed the connection mid-answer'));
      },
    );
    // A deadline for the whole answer, not an idle timer: a server that drips a byte a second cannot hold the application.
    const timer = setTimeout(() => {
      fail('deadline', DEADLINE_ERROR);
      request.destroy(new Error(DEADLINE_ERROR));
    }, options.timeoutMs);
    request.on('error', (err) => fail('unreachable', errorCode(err)));
    request.end(body);
  });
}

function errorCode(err: Error): string {
  return (err as NodeJS.ErrnoException).code ?? err.message;
}

export const isFailure = (r: Upstream | Failure): r is Failure => 'kind' in r;

/** The body as text for the checks: decoded when the upstream compressed it (bounded: a small body cannot inflate past the cap). */
export function bodyText(upstream: Upstream, maxBytes: number): string {
  const encoding = (upstream.headers['content-encoding'] ?? '').trim().toLowerCase();
  const options = { maxOutputLength: maxBytes };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(upstream.body, options).toString('utf8');
    if (encoding === 'deflate') return zlib.inflateSync(upstream.body, options).toString('utf8');
    if (encoding === 'br') return zlib.brotliDecompressSync(upstream.body, options).toString('utf8');
  } catch {
    // Not decodable as it says: the checks see the bytes (not JSON: http.body-json).
  }
  return upstream.body.toString('utf8');
}

/** The body as the checks take it: parsed JSON, or the text when it is not JSON. */
export function parsedBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
