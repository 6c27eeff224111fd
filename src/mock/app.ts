/** The fastify application: the five operations on one origin, errors in each vendor's format, faults. */
import formbody from '@fastify/formbody';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { MockContext } from './context.js';
import { createDataset, DEFAULT_SEED } from './dataset.js';
import { type ApiError, sendError, vendorOfPath } from './errors.js';
import { FaultState, type FaultSettings } from './faults.js';
import { fixturesOf } from './fixtures.js';
import { ApiProblem } from './params.js';
import { Churn } from './churn.js';
import { MOCK_RESET_PATH } from '../mock-reset.js';
import { RateWindow } from './rate-limit.js';
import { registerTelnyxRoutes, TELNYX_LIST_PATH } from './telnyx.js';
import { INSIGHTS_LIST_PATH, registerInsightsRoutes } from './twilio-insights.js';
import { registerVideoRoutes, VIDEO_INSTANCE_PATH, VIDEO_LIST_PATH } from './twilio-video.js';

export interface MockAppOptions {
  /** Seed of the dataset (default 42). */
  seed?: number;
  /** Names from FAULTS; an unknown name throws UnknownFaultError. */
  faults?: readonly string[];
  /** Tuning of the stateful faults (slow delay, burst length, rate-limit count, Retry-After). */
  faultSettings?: Partial<FaultSettings>;
  logger?: boolean;
  /** host[:port] for URLs when a request carries no usable Host header (default 127.0.0.1). */
  fallbackHost?: string;
  /** The clock kicks are stamped with (default Date.now; with churn, the churn clock). */
  now?: () => number;
  /** Churn RATE: mean participant events per API request (default 0: the data changes only by kicks). */
  churn?: number;
}

export const FIXTURES_PATH = '/__mock/fixtures';
/** Back to the seeded dataset: kicks undone, the churn schedule and the fault counters from the start. */
export function resetMock(ctx: MockContext): void {
  ctx.dataset = createDataset(ctx.dataset.seed);
  if (ctx.churn) ctx.churn = new Churn(ctx.dataset, ctx.churn.rate);
  ctx.faults.reset();
  ctx.telnyxRate.reset();
}

/** Every API path and the methods it serves; any other method is a 405. */
const API_ROUTES: ReadonlyArray<{ url: string; methods: readonly string[] }> = [
  { url: VIDEO_LIST_PATH, methods: ['GET', 'HEAD'] },
  { url: VIDEO_INSTANCE_PATH, methods: ['GET', 'HEAD', 'POST'] },
  { url: INSIGHTS_LIST_PATH, methods: ['GET', 'HEAD'] },
  { url: TELNYX_LIST_PATH, methods: ['GET', 'HEAD'] },
  { url: FIXTURES_PATH, methods: ['GET', 'HEAD'] },
  { url: MOCK_RESET_PATH, methods: ['POST'] },
];

function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

function isApiRoute(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  return route !== undefined && route !== FIXTURES_PATH && route !== MOCK_RESET_PATH;
}

function fail(ctx: MockContext, request: FastifyRequest, reply: FastifyReply, error: ApiError): FastifyReply {
  return sendError(reply, vendorOfPath(pathOf(request.url)), error, ctx.faults);
}

/** Hooks only for the faults that are on: a fault-free mock pays nothing per request for them. */
function registerFaultHooks(app: FastifyInstance, ctx: MockContext): void {
  const { faults } = ctx;
  if (faults.has('slow') || faults.has('server-error-burst') || faults.has('rate-limited') || faults.has('rate-limited-no-retry-after')) {
    registerInterference(app, ctx);
  }
  if (faults.has('wrong-content-type')) {
    app.addHook('onSend', async (request, reply, payload) => {
      if (isApiRoute(request)) reply.header('content-type', 'text/plain; charset=utf-8');
      return payload;
    });
  }
}

function registerInterference(app: FastifyInstance, ctx: MockContext): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isApiRoute(request)) return;
    if (ctx.faults.has('slow')) await new Promise((resolve) => setTimeout(resolve, ctx.faults.settings.slowMs));
    const interference = ctx.faults.interfere(pathOf(request.url));
    if (interference.kind === 'server-error') {
      const message = interference.status === 503 ? 'The service is temporarily unavailable.' : 'An internal error occurred.';
      return fail(ctx, request, reply, { status: interference.status, message });
    }
    if (interference.kind === 'rate-limited') {
      if (interference.retryAfterSeconds !== undefined) reply.header('retry-after', String(interference.retryAfterSeconds));
      return fail(ctx, request, reply, { status: 429, message: 'Too many requests: retry after the Retry-After delay.' });
    }
    return undefined;
  });
}

/** Telnyx's x-ratelimit-* headers on every response under /v2 (errors and 429s included). */
function registerTelnyxRateHeaders(app: FastifyInstance, ctx: MockContext): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (vendorOfPath(pathOf(request.url)) === 'telnyx') reply.headers(ctx.telnyxRate.take(reply.statusCode === 429));
    return payload;
  });
}

function registerErrorHandling(app: FastifyInstance, ctx: MockContext): void {
  app.setErrorHandler((error: FastifyError | ApiProblem, request, reply) => {
    if (error instanceof ApiProblem) return fail(ctx, request, reply, error.error);
    const status = error.statusCode;
    // fastify's own client errors (a body too large, a malformed header) are still the client's fault: a 400.
    if (status !== undefined && status >= 400 && status < 500) {
      return fail(ctx, request, reply, { status: 400, message: `The request is malformed: ${error.message}` });
    }
    request.log.error({ err: error }, 'rollcall mock: unexpected error');
    return fail(ctx, request, reply, { status: 500, message: 'An internal error occurred in the mock.' });
  });
  app.setNotFoundHandler((request, reply) =>
    fail(ctx, request, reply, { status: 404, message: `The requested resource ${pathOf(request.url).slice(0, 120)} was not found` }),
  );
  for (const route of API_ROUTES) {
    const others = app.supportedMethods.filter((m) => !route.methods.includes(m));
    app.route({
      method: others,
      url: route.url,
      handler: async (request, reply) => {
        reply.header('allow', route.methods.join(', '));
        return fail(ctx, request, reply, { status: 405, message: `${request.method} is not allowed here; use ${route.methods.join(' or ')}.` });
      },
    });
  }
}

/** The app and the state behind it (the dataset, the fault counters). */
export function createMockApp(options: MockAppOptions = {}): { app: FastifyInstance; ctx: MockContext } {
  const dataset = createDataset(options.seed ?? DEFAULT_SEED);
  const churnRate = options.churn ?? 0;
  const ctx: MockContext = {
    dataset,
    faults: new FaultState(options.faults ?? [], options.faultSettings),
    fallbackHost: options.fallbackHost ?? '127.0.0.1',
    now: options.now ?? (churnRate > 0 ? () => ctx.churn?.now() ?? Date.now() : Date.now),
    telnyxRate: new RateWindow(() => ctx.now()),
    ...(churnRate > 0 ? { churn: new Churn(dataset, churnRate) } : {}),
  };
  const app = Fastify({
    logger: options.logger ?? false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // A URL fastify cannot even decode is still answered in the vendor's format.
    frameworkErrors: (error, request, reply) => {
      void sendError(reply, vendorOfPath(pathOf(request.url)), { status: 404, message: `No resource has this URL, which cannot be decoded: ${error.message}` }, ctx.faults);
    },
  });
  // Every body is accepted as text (no 415s, no JSON parse errors); only form bodies carry parameters.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  void app.register(formbody);
  if (ctx.churn) {
    app.addHook('onRequest', async (request) => {
      if (isApiRoute(request)) ctx.churn?.beforeRequest();
    });
  }
  registerFaultHooks(app, ctx);
  registerTelnyxRateHeaders(app, ctx);
  registerErrorHandling(app, ctx);
  app.get(FIXTURES_PATH, async () => fixturesOf(ctx.dataset, ctx.churn));
  // A test's setup: back to the seeded dataset (src/mock-reset.ts).
  app.post(MOCK_RESET_PATH, async (_request, reply) => {
    resetMock(ctx);
    return reply.code(204).send();
  });
  registerVideoRoutes(app, ctx);
  registerInsightsRoutes(app, ctx);
  registerTelnyxRoutes(app, ctx);
  return { app, ctx };
}

/** The mock as a fastify instance, for `app.inject` in tests. */
export function buildMockApp(options: MockAppOptions = {}): FastifyInstance {
  return createMockApp(options).app;
}
