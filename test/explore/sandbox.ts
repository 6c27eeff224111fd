/**
 * A sandbox with bugs that only show in a combination of parameters, or at one position of a page
 * boundary or a bound: a loopback proxy in front of the embedded mock (used as a live target) that
 *  - Telnyx: ignores filter[context] when a date filter is present too (filters that interact);
 *  - Insights: loses the last page when it would hold exactly one item of several (an off-by-one in
 *    "is there a next page", at page sizes above 1: a one-item last page);
 *  - Video: appends "-x" to every identity of a list answered under DateCreatedBefore (a field wrong
 *    only under a filter: the fetch by SID disagrees);
 *  - Video: compares DateCreatedAfter with date_updated instead of date_created (the wrong timestamp
 *    field: a participant created before the bound and updated after it is returned);
 *  - Video: under Identity without Status, also returns the identity's participants of other statuses
 *    (an extra item: the documented default of an in-progress room is Status=connected, NOTES V11).
 * Each bug alone passes every fixed case of today: they send each filter alone, bounds before or after
 * everyone, and page sizes 1, 20, 50, 250, 1000. `bugs: false` gives the same proxy with no bug.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { PARTICIPANT_STATUS } from '../../src/catalog/facts.js';

export const VIDEO = 'twilio-video.listRoomParticipants';
export const INSIGHTS = 'twilio-insights.listConferenceParticipants';
export const TELNYX = 'telnyx.listRoomSessionParticipants';

/**
 * Each bug above: the operation, the rule it breaks, the covering class (the generated case's name) that
 * must find it under `--explore 72` (past Telnyx's #69, the last that finds one), and the request its
 * failure shrinks to: only the parameters the bug needs (seeds.test.ts, combination-bugs.test.ts).
 */
export const SANDBOX_BUGS = [
  { bug: 'filter[context] ignored beside a date filter', operation: TELNYX, rule: 'filter.context', cover: /filter\[date_[a-z_]+\]\[[a-z]+\] on, filter\[context\]/, minimal: /^(page|walk) filter\[date_[a-z_]+\]\[(eq|gte|lte)\]=\d{4}-\d{2}-\d{2} filter\[context\]=\S+$/ },
  // A walk at the page size that leaves one item for the last page (not one page: the bug needs a next page), no filter.
  { bug: 'the one-item last page lost', operation: INSIGHTS, rule: 'pagination.missing-item', cover: /pages one-item-last/, minimal: /^walk PageSize=\d+$/ },
  { bug: 'identities changed under DateCreatedBefore', operation: VIDEO, rule: 'consistency.fetch-matches-list', cover: /DateCreatedBefore/, minimal: /^page DateCreatedBefore=\S+$/ },
  // DateCreatedAfter with the Status whose participants' timestamps disagree.
  { bug: 'DateCreatedAfter compared with date_updated', operation: VIDEO, rule: 'filter.date-created-after', cover: /DateCreatedAfter (between|gap-1)/, minimal: /^page Status=disconnected DateCreatedAfter=\S+$/ },
  // The extra item: one page under Identity alone.
  { bug: 'other statuses under Identity without Status', operation: VIDEO, rule: 'filter.partition', cover: /Status default, Identity, pages/, minimal: /^page Identity=\S+$/ },
] as const;

export interface Sandbox {
  url: string;
  mock: RunningMock;
  env: Record<string, string>;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
type Get = (pathAndQuery: string) => Promise<Obj | undefined>;

function rewriteRequest(url: URL): void {
  if (url.pathname.includes('/room_sessions/') && url.searchParams.has('filter[context]') && [...url.searchParams.keys()].some((k) => k.startsWith('filter[date_'))) {
    url.searchParams.delete('filter[context]');
  }
}

const participantsOf = (body: Obj | undefined): Obj[] => (Array.isArray(body?.participants) ? (body.participants as Obj[]) : []);
const pathOf = (link: string): string => {
  const u = new URL(link);
  return u.pathname + u.search;
};

/** Items of the same room under the other filters, without the bound (or without the Status default). */
async function allOf(get: Get, url: URL, drop: string[], set: Record<string, string>): Promise<Obj[]> {
  const q = new URLSearchParams(url.searchParams);
  for (const k of [...drop, 'PageSize', 'PageToken', 'Page']) q.delete(k);
  for (const [k, v] of Object.entries(set)) q.set(k, v);
  q.set('PageSize', '1000');
  return participantsOf(await get(`${url.pathname}?${q}`));
}

/** The paths whose answers a bug rewrites (the others pass through unparsed). */
const BODY_BUGS = /^\/v1\/(Rooms|Conferences)\//;

async function rewriteBody(url: URL, body: Obj, get: Get): Promise<Obj> {
  const meta = body.meta as Obj | undefined;
  const last = meta?.next_page_url === null;
  if (url.pathname.startsWith('/v1/Conferences/') && typeof meta?.next_page_url === 'string' && Number(url.searchParams.get('PageSize') ?? 50) > 1) {
    const next = await get(pathOf(meta.next_page_url));
    if (participantsOf(next).length === 1 && (next?.meta as Obj | undefined)?.next_page_url === null) meta.next_page_url = null;
  }
  if (url.pathname.startsWith('/v1/Rooms/') && Array.isArray(body.participants)) {
    const after = url.searchParams.get('DateCreatedAfter');
    if (after !== null && last) {
      const bound = Date.parse(after);
      const wrongField = (await allOf(get, url, ['DateCreatedAfter'], {})).filter((p) => Date.parse(String(p.date_created)) < bound && Date.parse(String(p.date_updated)) >= bound);
      body.participants = [...(body.participants as Obj[]), ...wrongField];
    }
    const identity = url.searchParams.get('Identity');
    if (identity !== null && !url.searchParams.has('Status') && last) {
      const others = await allOf(get, url, [], { Status: PARTICIPANT_STATUS.disconnected });
      body.participants = [...(body.participants as Obj[]), ...others];
    }
    if (url.searchParams.has('DateCreatedBefore')) {
      for (const p of body.participants as Obj[]) if (typeof p.identity === 'string') p.identity = `${p.identity}-x`;
    }
  }
  return body;
}

export async function startSandbox(seed?: number, options: { bugs?: boolean } = {}): Promise<Sandbox> {
  const bugs = options.bugs ?? true;
  const mock = await startMock({ ...(seed !== undefined ? { seed } : {}) });
  const upstream = new URL(mock.url);
  // The proxy's own reads, once each: the mock behind never changes (no churn, and a live run kicks no one without --allow-mutations).
  const reads = new Map<string, Promise<Obj | undefined>>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (bugs) rewriteRequest(url);
    // The proxy's own reads (the bugs look further than the page asked), with the caller's credentials.
    const get: Get = (pathAndQuery) => {
      const key = `${req.headers.authorization ?? ''} ${req.headers.host ?? ''} ${pathAndQuery}`;
      const known = reads.get(key) ?? read(pathAndQuery);
      reads.set(key, known);
      // Each caller its own copy: rewriteBody changes what it is given.
      return known.then((body) => (body === undefined ? undefined : structuredClone(body)));
    };
    const read: Get = (pathAndQuery) => new Promise((resolve) => {
      const r = http.request({ host: upstream.hostname, port: upstream.port, method: 'GET', path: pathAndQuery, headers: { authorization: req.headers.authorization ?? '', host: req.headers.host ?? '' } }, (up) => {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          try {
            resolve(up.statusCode === 200 ? (JSON.parse(Buffer.concat(parts).toString('utf8')) as Obj) : undefined);
          } catch {
            resolve(undefined);
          }
        });
      });
      r.on('error', () => resolve(undefined));
      r.end();
    });
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: url.pathname + url.search, headers: req.headers }, (up) => {
        const body: Buffer[] = [];
        up.on('data', (c: Buffer) => body.push(c));
        up.on('end', () => {
          void (async () => {
            let text = Buffer.concat(body).toString('utf8');
            if (bugs && BODY_BUGS.test(url.pathname) && String(up.headers['content-type'] ?? '').includes('json') && up.statusCode === 200) {
              try {
                text = JSON.stringify(await rewriteBody(url, JSON.parse(text) as Obj, get));
              } catch {
                // not JSON after all: passed on as it is
              }
            }
            const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(text)) };
            delete headers['transfer-encoding'];
            res.writeHead(up.statusCode ?? 502, headers);
            res.end(text);
          })();
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
