/**
 * Which APIs a fault touches, found from what it changes: the same requests (lists, a walk over the pages,
 * filters, a fetch, a 404) are sent to a fault-free mock and to one with the fault on, in process
 * (fastify's inject, no socket); an API is touched when any of its answers differ (status, content type,
 * Retry-After, body) or, for a fault that changes no answer there, when it delays one (timed alone). No list of APIs per fault is
 * written anywhere: a fault that starts to act on another vendor is seen here at once.
 */
import type { FastifyInstance } from 'fastify';
import type { ApiName } from '../types.js';
import { createMockApp } from './app.js';
import { FAULT_NAMES, type FaultSettings } from './faults.js';
import { fixturesOf, type MockFixtures } from './fixtures.js';
import { TELNYX_LIST_PATH } from './telnyx.js';
import { INSIGHTS_LIST_PATH } from './twilio-insights.js';
import { VIDEO_INSTANCE_PATH, VIDEO_LIST_PATH } from './twilio-video.js';
import { schemaFacts } from './schema-facts.js';

/** No delay while the answers are compared (they are compared by content); a delay is tried alone, see `delays`. */
const CONTENT_SETTINGS: Partial<FaultSettings> = { slowMs: 0 };
/** A delay no fault-free answer of the in-process mock comes near, and how much of it must show. */
const DELAY_SETTINGS: Partial<FaultSettings> = { slowMs: 100 };
const DELAY_SEEN_MS = 80;
/** At most this many pages of one walk: a fault that loops the pages must not loop the probe. */
const MAX_PAGES = 8;

interface Answer {
  /** Status, content type, Retry-After and body: what a client sees. */
  seen: string;
  ms: number;
}

type Probe = Record<ApiName, Answer[]>;

const fill = (route: string, params: Record<string, string>) => route.replace(/:(\w+)/g, (_m, name: string) => encodeURIComponent(params[name] ?? name));

async function get(app: FastifyInstance, url: string, authorization: string): Promise<Answer & { json: unknown }> {
  const t0 = performance.now();
  const res = await app.inject({ method: 'GET', url, headers: { authorization } });
  const ms = performance.now() - t0;
  let json: unknown;
  try {
    json = JSON.parse(res.body);
  } catch {
    json = undefined;
  }
  return { seen: [res.statusCode, res.headers['content-type'], res.headers['retry-after'], res.body].join('\n'), ms, json };
}

const itemsOf = (json: unknown, key: string): Array<Record<string, unknown>> => {
  const items = (json as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(items) ? (items as Array<Record<string, unknown>>) : [];
};

/** A Twilio list walked by its next_page_url (relative to the origin), at a page size that gives a few pages. */
async function twilioWalk(app: FastifyInstance, listUrl: string, key: string, auth: string, answers: Answer[]): Promise<Array<Record<string, unknown>>> {
  const first = await get(app, listUrl, auth);
  answers.push(first);
  const items = itemsOf(first.json, key);
  let url: string | undefined = `${listUrl}${listUrl.includes('?') ? '&' : '?'}PageSize=${Math.max(1, Math.ceil(items.length / 3))}`;
  for (let page = 0; url && page < MAX_PAGES; page++) {
    const answer = await get(app, url, auth);
    answers.push(answer);
    const next = ((answer.json as { meta?: { next_page_url?: unknown } } | undefined)?.meta?.next_page_url);
    url = typeof next === 'string' ? new URL(next).pathname + new URL(next).search : undefined;
  }
  return items;
}

/**
 * The parent with the fewest participants but a few (3 or more): its first page holds them all, so a walk at a
 * third of that size reaches the last page in a few requests, where a fault in the last page's links shows.
 */
function smallest<T>(parents: readonly T[], count: (p: T) => number): T | undefined {
  return [...parents].filter((p) => count(p) >= 3).sort((a, b) => count(a) - count(b))[0] ?? parents[0];
}

async function probe(faults: readonly string[], fixtures: MockFixtures): Promise<Probe> {
  const { app } = createMockApp({ faults, faultSettings: CONTENT_SETTINGS });
  try {
    const result: Probe = { 'twilio-video': [], 'twilio-insights': [], telnyx: [] };
    const basic = `Basic ${Buffer.from(`${fixtures.twilio.accountSid}:${fixtures.twilio.authToken}`).toString('base64')}`;
    const size = (r: MockFixtures['twilio']['rooms'][number]) => Object.values(r.participants).reduce((a, b) => a + b, 0);
    const room = smallest(fixtures.twilio.rooms, size);
    if (room) {
      const video = result['twilio-video'];
      const list = fill(VIDEO_LIST_PATH, { room: room.sid });
      const items = await twilioWalk(app, list, schemaFacts().video.listKey, basic, video);
      // Every status the room's participants have (the fixture's counts name them), each as a filter.
      for (const status of Object.keys(room.participants)) video.push(await get(app, `${list}?Status=${encodeURIComponent(status)}`, basic));
      const sid = items[0]?.sid;
      if (typeof sid === 'string') video.push(await get(app, fill(VIDEO_INSTANCE_PATH, { room: room.sid, participant: sid }), basic));
      video.push(await get(app, fill(VIDEO_LIST_PATH, { room: 'not-a-room' }), basic));
    }
    const conference = smallest(fixtures.twilio.conferences, (c) => c.participants);
    if (conference) {
      const insights = result['twilio-insights'];
      await twilioWalk(app, fill(INSIGHTS_LIST_PATH, { conference: conference.sid }), schemaFacts().insights.listKey, basic, insights);
      insights.push(await get(app, fill(INSIGHTS_LIST_PATH, { conference: 'not-a-conference' }), basic));
    }
    const session = smallest(fixtures.telnyx.roomSessions, (s) => s.participants);
    if (session) {
      const telnyx = result.telnyx;
      const bearer = `Bearer ${fixtures.telnyx.apiKey}`;
      const list = fill(TELNYX_LIST_PATH, { session: session.id });
      const first = await get(app, list, bearer);
      telnyx.push(first);
      const items = itemsOf(first.json, 'data');
      const pageSize = Math.max(1, Math.ceil(items.length / 3));
      for (let n = 1; n <= MAX_PAGES; n++) {
        const answer = await get(app, `${list}?page[size]=${pageSize}&page[number]=${n}`, bearer);
        telnyx.push(answer);
        const totalPages = (answer.json as { meta?: { total_pages?: unknown } } | undefined)?.meta?.total_pages;
        if (typeof totalPages !== 'number' || n >= totalPages) break;
      }
      const contexts = [...new Set(items.map((p) => p.context).filter((c): c is string => typeof c === 'string'))].slice(0, 3);
      for (const context of contexts) telnyx.push(await get(app, `${list}?filter[context]=${encodeURIComponent(context)}`, bearer));
      telnyx.push(await get(app, fill(TELNYX_LIST_PATH, { session: 'not-a-session' }), bearer));
    }
    return result;
  } finally {
    await app.close();
  }
}

const APIS: readonly ApiName[] = ['twilio-video', 'twilio-insights', 'telnyx'];

/** One authenticated list request of `api`'s first operation: what a delay is timed on. */
function firstRequest(api: ApiName, f: MockFixtures): { url: string; authorization: string } {
  const basic = `Basic ${Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')}`;
  if (api === 'twilio-video') return { url: fill(VIDEO_LIST_PATH, { room: f.twilio.rooms[0]?.sid ?? 'none' }), authorization: basic };
  if (api === 'twilio-insights') return { url: fill(INSIGHTS_LIST_PATH, { conference: f.twilio.conferences[0]?.sid ?? 'none' }), authorization: basic };
  return { url: fill(TELNYX_LIST_PATH, { session: f.telnyx.roomSessions[0]?.id ?? 'none' }), authorization: `Bearer ${f.telnyx.apiKey}` };
}

/** Timed requests per mock and API: a delay holds every answer back, a busy machine only some of them. */
const DELAY_SAMPLES = 3;

/**
 * The APIs among `apis` whose answer `fault` delays: the same request, timed alone (one after the other, so that
 * no other work inflates the clock), on a fault-free mock and on the faulty one, after one untimed request to
 * each (a fresh app's first answer compiles its route); the quickest of DELAY_SAMPLES answers of each is
 * compared, so that one answer a loaded machine held back is not taken for the fault's delay.
 */
async function delays(fault: string, apis: readonly ApiName[], fixtures: MockFixtures): Promise<ApiName[]> {
  const clean = createMockApp().app;
  const faulty = createMockApp({ faults: [fault], faultSettings: DELAY_SETTINGS }).app;
  const quickest = async (app: FastifyInstance, url: string, authorization: string): Promise<number> => {
    let ms = Infinity;
    for (let i = 0; i < DELAY_SAMPLES; i++) ms = Math.min(ms, (await get(app, url, authorization)).ms);
    return ms;
  };
  try {
    const delayed: ApiName[] = [];
    for (const api of apis) {
      const { url, authorization } = firstRequest(api, fixtures);
      await get(clean, url, authorization);
      await get(faulty, url, authorization);
      if ((await quickest(faulty, url, authorization)) - (await quickest(clean, url, authorization)) >= DELAY_SEEN_MS) delayed.push(api);
    }
    return delayed;
  } finally {
    await Promise.all([clean.close(), faulty.close()]);
  }
}

/**
 * For each fault named (default: every fault), the APIs among `apis` (default: all) whose answers it changes,
 * in the order of APIS. Unknown names throw as parseFaultNames does (through createMockApp).
 */
export async function faultReach(names: readonly string[] = FAULT_NAMES, apis: readonly ApiName[] = APIS): Promise<Map<string, ApiName[]>> {
  const fixtures = fixturesOf(createMockApp().ctx.dataset);
  // One mock per fault, all probed side by side (no delays here: answers are compared by content).
  const [clean, ...probes] = await Promise.all([probe([], fixtures), ...names.map((name) => probe([name], fixtures))]);
  const reach = new Map<string, ApiName[]>();
  for (const [i, name] of names.entries()) {
    const faulty = probes[i] as Probe;
    const changed = apis.filter((api) => {
      const a = (clean as Probe)[api];
      const b = faulty[api];
      return a.length !== b.length || a.some((answer, j) => answer.seen !== b[j]?.seen);
    });
    const rest = apis.filter((api) => !changed.includes(api));
    const delayed = rest.length ? await delays(name, rest, fixtures) : [];
    reach.set(name, APIS.filter((api) => changed.includes(api) || delayed.includes(api)));
  }
  return reach;
}
