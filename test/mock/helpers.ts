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
