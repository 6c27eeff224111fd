/** Shared by the mock's tests: an injected mock with its fixtures and credentials. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { createMockApp, type MockAppOptions, type MockFixtures } from '../../src/mock/index.js';
import type { MockContext } from '../../src/mock/context.js';

/** Every request is sent with this Host, so every URL the mock writes is on this origin. */
export const HOST = '127.0.0.1:4010';
export const ORIGIN = `http://${HOST}`;

export interface TestMock {
  app: FastifyInstance;
  ctx: MockContext;
  fx: MockFixtures;
  twilioAuth: string;
  telnyxAuth: string;
}

export function basic(user: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64');
}

export async function openMock(options: MockAppOptions = {}): Promise<TestMock> {
  const { app, ctx } = createMockApp(options);
  const response = await app.inject({ method: 'GET', url: '/__mock/fixtures', headers: { host: HOST } });
  const fx = response.json() as MockFixtures;
  return { app, ctx, fx, twilioAuth: basic(fx.twilio.accountSid, fx.twilio.authToken), telnyxAuth: `Bearer ${fx.telnyx.apiKey}` };
}

export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it is not JSON. */
  body: unknown;
  text: string;
}

export async function send(app: FastifyInstance, options: InjectOptions): Promise<Reply> {
  const response = await app.inject({ ...options, headers: { host: HOST, ...(options.headers ?? {}) } });
  let body: unknown = response.body;
  try {
    body = JSON.parse(response.body);
  } catch {
    // Not JSON: the test looks at the text.
  }
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers)) if (v !== undefined) headers[k] = String(v);
  return { status: response.statusCode, headers, body, text: response.body };
}

/** A GET with the right credentials for the path's vendor. */
export function get(m: TestMock, url: string, headers: Record<string, string> = {}): Promise<Reply> {
  const authorization = url.startsWith('/v2/') ? m.telnyxAuth : m.twilioAuth;
  return send(m.app, { method: 'GET', url, headers: { authorization, ...headers } });
}

/** The path and query of an absolute URL the mock returned (to follow it with inject). */
export function localPath(absolute: string): string {
  const url = new URL(absolute);
  if (url.host !== HOST) throw new Error(`${absolute} is not on ${HOST}`);
  return url.pathname + url.search;
}

export type Json = Record<string, unknown>;
export const asJson = (v: unknown): Json => v as Json;
export const list = (body: unknown, key: string): Json[] => (body as Record<string, Json[]>)[key] ?? [];

export interface TwilioWalk {
  /** Item keys in the order seen. */
  keys: string[];
  /** Page URLs requested, in order. */
  urls: string[];
  /** True when a next_page_url pointed at a page already seen (the walk stopped there). */
  cycled: boolean;
}

/** Follows next_page_url from `start` until null, a repeated URL, or `maxPages`. */
export async function walkTwilio(m: TestMock, start: string, key: string, keyField: string, maxPages = 200): Promise<TwilioWalk> {
  const walk: TwilioWalk = { keys: [], urls: [], cycled: false };
  let next: string | null = start;
  const seen = new Set<string>();
  while (next !== null && walk.urls.length < maxPages) {
    if (seen.has(next)) {
      walk.cycled = true;
      break;
    }
    seen.add(next);
    walk.urls.push(next);
    const reply = await get(m, next);
    if (reply.status !== 200) throw new Error(`${next}: ${reply.status} ${reply.text}`);
    for (const item of list(reply.body, key)) walk.keys.push(String(item[keyField]));
    const url = (reply.body as { meta: { next_page_url: string | null } }).meta.next_page_url;
    next = url === null ? null : localPath(url);
  }
  return walk;
}

export interface TelnyxWalk {
  ids: string[];
  totalResults: number;
  totalPages: number;
  pageSizes: number[];
}

/** Reads pages 1..total_pages (as the first page's meta says) of a Telnyx list. */
export async function walkTelnyx(m: TestMock, sessionId: string, size: number, query = ''): Promise<TelnyxWalk> {
  const url = (n: number): string => `/v2/room_sessions/${sessionId}/participants?page[size]=${size}&page[number]=${n}${query}`;
  const first = await get(m, url(1));
  if (first.status !== 200) throw new Error(`${url(1)}: ${first.status} ${first.text}`);
  const meta = (first.body as { meta: { total_pages: number; total_results: number } }).meta;
  const walk: TelnyxWalk = { ids: [], totalResults: meta.total_results, totalPages: meta.total_pages, pageSizes: [] };
  for (let n = 1; n <= Math.min(meta.total_pages, 2000); n++) {
    const reply = n === 1 ? first : await get(m, url(n));
    const data = list(reply.body, 'data');
    walk.pageSizes.push(data.length);
    for (const item of data) walk.ids.push(String(item.id));
  }
  return walk;
}
