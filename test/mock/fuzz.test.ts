/**
 * fast-check fuzzes query parameters, path segments, bodies and headers: the mock never answers 500,
 * always answers a status documented for the operation, and every error is in the vendor's format.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ValidateFunction } from 'ajv';
import { loadCatalog, type Catalog } from '../../src/index.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { fixturesOf } from '../../src/mock/fixtures.js';
import { basic, openMock, ORIGIN, send, type TestMock } from './helpers.js';

const dataset = createDataset(DEFAULT_SEED);
const fx = fixturesOf(dataset);
const NUM_RUNS = Number(process.env.FC_RUNS ?? 250);
/** Reproducible runs: a failure prints its seed and path; set FC_SEED to replay another one. */
const SEED = Number(process.env.FC_SEED ?? 20240304);

interface Target {
  operation: string;
  method: 'GET' | 'POST';
  /** Path segments; the fuzzed ones are chosen per run. */
  path: (a: string, b: string) => string;
  params: string[];
  firstIds: string[];
  secondIds: string[];
}

const standup = dataset.twilio.primary.rooms[0]!;
const TARGETS: Target[] = [
  {
    operation: 'twilio-video.listRoomParticipants', method: 'GET', path: (a) => `/v1/Rooms/${a}/Participants`,
    params: ['Status', 'Identity', 'DateCreatedAfter', 'DateCreatedBefore', 'PageSize', 'Page', 'PageToken'],
    firstIds: fx.twilio.rooms.flatMap((r) => [r.sid, r.uniqueName]), secondIds: [],
  },
  {
    operation: 'twilio-video.fetchRoomParticipant', method: 'GET', path: (a, b) => `/v1/Rooms/${a}/Participants/${b}`, params: [],
    firstIds: [standup.sid, standup.uniqueName], secondIds: standup.participants.flatMap((p) => [p.sid, p.identity]),
  },
  {
    operation: 'twilio-video.updateRoomParticipant', method: 'POST', path: (a, b) => `/v1/Rooms/${a}/Participants/${b}`, params: [],
    firstIds: [standup.sid, standup.uniqueName], secondIds: standup.participants.flatMap((p) => [p.sid, p.identity]),
  },
  {
    operation: 'twilio-insights.listConferenceParticipants', method: 'GET', path: (a) => `/v1/Conferences/${a}/Participants`,
    params: ['ParticipantSid', 'Label', 'Events', 'PageSize', 'Page', 'PageToken'], firstIds: fx.twilio.conferences.map((c) => c.sid), secondIds: [],
  },
  {
    operation: 'telnyx.listRoomSessionParticipants', method: 'GET', path: (a) => `/v2/room_sessions/${a}/participants`,
    params: ['page[size]', 'page[number]', 'filter[context]', ...['date_joined_at', 'date_updated_at', 'date_left_at'].flatMap((f) => ['eq', 'gte', 'lte', 'ne'].map((op) => `filter[${f}][${op}]`)), 'filter[date_joined_at]'],
    firstIds: fx.telnyx.roomSessions.map((s) => s.id), secondIds: [],
  },
];

/** Values that hit the interesting branches, next to arbitrary text. */
const interestingValue = fc.oneof(
  fc.constantFrom('connected', 'disconnected', 'reconnecting', 'bogus', '', '0', '1', '50', '250', '251', '1000', '1001', '-1', '1.5', 'abc', '99999999999999999999',
    '2024-03-04', '2024-03-05T00:00:00Z', '2024-02-30', '2024-03-04T25:00:00Z', 'Alice', 'mute', 'PA', `PA${standup.participants[0]!.sid}`, `PB${standup.participants[2]!.sid}`, 'CP123'),
  fc.string({ maxLength: 30 }),
  fc.integer({ min: -5, max: 2000 }).map(String),
);

/** A non-empty path segment: an empty one would address another operation (the list, with the trailing slash ignored). */
const segment = (ids: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 3, arbitrary: ids.length > 0 ? fc.constantFrom(...ids).map(encodeURIComponent) : fc.constant('x') },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }).map(encodeURIComponent) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', '%ZZ', '%2F', '%00', 'RM00000000000000000000000000000000', '00000000-0000-4000-8000-000000000000') },
  ).filter((s) => s.length > 0 && s !== '.' && s !== '..');

const query = (names: string[]): fc.Arbitrary<string> =>
  fc
    .array(fc.tuple(names.length > 0 ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.string({ maxLength: 12 }) }) : fc.string({ maxLength: 12 }), interestingValue), { maxLength: 5 })
    .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

const authorization = fc.oneof(
  fc.constantFrom('twilio', 'telnyx', 'other-twilio', 'none'),
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40 }).map((s) => `Basic ${Buffer.from(s).toString('base64')}`),
  fc.string({ maxLength: 40 }).map((s) => `Bearer ${s}`),
);

const headerValue = fc.string({ maxLength: 40 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s));

function authHeader(m: TestMock, choice: string): string | undefined {
  if (choice === 'twilio') return m.twilioAuth;
  if (choice === 'telnyx') return m.telnyxAuth;
  if (choice === 'other-twilio') return basic(dataset.twilio.other.accountSid, dataset.twilio.other.authToken);
  if (choice === 'none') return undefined;
  return /^[\t\x20-\x7e]*$/.test(choice) ? choice : undefined;
}

describe('fuzzing the mock', () => {
  let catalog: Catalog;
  let errorSchema: { twilio: ValidateFunction; telnyx: ValidateFunction };
  beforeAll(async () => {
    catalog = await loadCatalog();
    errorSchema = {
      twilio: catalog.ajv.getSchema('https://rollcall.dev/schemas/twilio.schema.json#/$defs/Error')!,
      telnyx: catalog.ajv.getSchema('https://rollcall.dev/schemas/telnyx.schema.json#/$defs/Error')!,
    };
  });

  it.each(TARGETS.map((t) => [t.operation, t.method, t] as const))('%s (%s): documented statuses, vendor error bodies, valid successes', async (operation, _method, target) => {
    const m = await openMock({ now: () => Date.UTC(2024, 2, 4, 12) });
    const documented = catalog.operation(operation).responses.map((r) => r.status);
    await fc.assert(
      fc.asyncProperty(
        segment(target.firstIds),
        segment(target.secondIds),
        query(target.params),
        authorization,
        fc.option(headerValue),
        fc.option(fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'x/y')),
        fc.oneof(fc.constant('Status=disconnected'), query(['Status', 'Foo']), fc.string({ maxLength: 40 })),
        async (a, b, q, auth, host, contentType, payload) => {
          const url = target.path(a, b) + (q ? `?${q}` : '');
          const headers: Record<string, string> = {};
          const credential = authHeader(m, auth);
          if (credential !== undefined) headers.authorization = credential;
          if (host !== null) headers.host = host;
          if (target.method === 'POST' && contentType !== null) headers['content-type'] = contentType;
          const reply = await send(m.app, { method: target.method, url, headers, ...(target.method === 'POST' ? { payload } : {}) });
          expect(reply.status, `${target.method} ${url}`).not.toBe(500);
          expect(documented, `${target.method} ${url} -> ${reply.status}`).toContain(reply.status);
          expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
          // With the request URL, the filter and echo checks compare the response with what was asked.
          const requestUrl = reply.status < 300 ? ORIGIN + url : undefined;
          const violations = catalog.validate(operation, reply.body, { status: reply.status, requestUrl });
          expect(violations, `${target.method} ${url} -> ${reply.status} ${reply.text.slice(0, 300)}`).toEqual([]);
          if (reply.status >= 400) {
            const vendor = operation.startsWith('telnyx') ? 'telnyx' : 'twilio';
            expect(errorSchema[vendor](reply.body), reply.text).toBe(true);
          }
        },
      ),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });

  it('unknown paths and methods: 404 or 405, never 500, always the vendor error body', async () => {
    const m = await openMock();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
        fc.constantFrom('', '/v1', '/v2', '/v1/Rooms', '/v2/room_sessions', '/__mock'),
        fc.array(fc.oneof(fc.constantFrom('', '.', '..'), segment(['Participants', 'participants', standup.sid, fx.telnyx.roomSessions[2]!.id, fx.twilio.conferences[0]!.sid])), { maxLength: 4 }),
        authorization,
        async (method, prefix, segments, auth) => {
          const path = `${prefix}/${segments.join('/')}`;
          const credential = authHeader(m, auth);
          const reply = await send(m.app, { method: method as 'GET', url: path, headers: credential === undefined ? {} : { authorization: credential } });
          expect(reply.status, `${method} ${path}`).not.toBe(500);
          expect([200, 202, 400, 401, 404, 405], `${method} ${path} -> ${reply.status}`).toContain(reply.status);
          if (reply.status >= 400) {
            // Dot segments are resolved before routing: /v2/.. is /.
            const resolved = new URL('http://127.0.0.1' + path).pathname;
            const vendor = resolved.startsWith('/v2/') || resolved === '/v2' ? 'telnyx' : 'twilio';
            expect(errorSchema[vendor](reply.body), `${method} ${path} -> ${reply.text}`).toBe(true);
          }
        },
      ),
      { numRuns: NUM_RUNS, seed: SEED },
    );
  });

  it('a request URL fastify cannot decode is a vendor-format 404', async () => {
    const m = await openMock();
    const reply = await send(m.app, { method: 'GET', url: '/v2/room_sessions/%E0%A4%A/participants', headers: { authorization: m.telnyxAuth } });
    expect(reply.status).toBe(404);
    expect(errorSchema.telnyx(reply.body)).toBe(true);
    expect(ORIGIN).toBe('http://127.0.0.1:4010');
  });
});
