/** Hand-built exchanges and walks for the multi-exchange checks' tests: small, readable, vendor-shaped. */
import { createCatalog, type Catalog } from '../../src/catalog/catalog.js';
import { createWalkContext } from '../../src/checks/walk/context.js';
import type { Walk, WalkContext, WalkStop } from '../../src/checks/walk/walk.js';
import type { Exchange } from '../../src/types.js';

let catalog: Catalog | undefined;
export function getCatalog(): Catalog {
  catalog ??= createCatalog();
  return catalog;
}

export const VIDEO_LIST = 'twilio-video.listRoomParticipants';
export const INSIGHTS_LIST = 'twilio-insights.listConferenceParticipants';
export const TELNYX_LIST = 'telnyx.listRoomSessionParticipants';

export const contextOf = (operationId: string): WalkContext => createWalkContext(getCatalog(), operationId);

export const ORIGIN = 'https://video.twilio.com';
export const ROOM = 'RM' + 'a'.repeat(32);
export const VIDEO_BASE = `${ORIGIN}/v1/Rooms/${ROOM}/Participants`;
export const SESSION = '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0';
export const TELNYX_BASE = `https://api.telnyx.com/v2/room_sessions/${SESSION}/participants`;

export const sidOf = (n: number): string => 'PA' + n.toString(16).padStart(32, '0');
export const uuidOf = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

export type Json = Record<string, unknown>;
export const clone = <T>(v: T): T => structuredClone(v);

/** A Video participant; `n` makes its SID, identity and times. */
export function participant(n: number, status = 'connected'): Json {
  const start = `2024-03-04T09:${String(n % 60).padStart(2, '0')}:00Z`;
  const ended = status === 'disconnected';
  const url = `${VIDEO_BASE}/${sidOf(n)}`;
  return {
    sid: sidOf(n),
    room_sid: ROOM,
    account_sid: 'AC' + 'b'.repeat(32),
    status,
    identity: `user${n}`,
    date_created: start,
    date_updated: ended ? '2024-03-04T10:00:00Z' : start,
    start_time: start,
    end_time: ended ? '2024-03-04T10:00:00Z' : null,
    duration: ended ? 600 : null,
    url,
    links: { published_tracks: `${url}/PublishedTracks` },
  };
}

export const exchange = (operationId: string, url: string, body: unknown, status = 200, method = 'GET'): Exchange => ({
  operationId,
  request: { method, url },
  response: { status, headers: { 'content-type': 'application/json' }, body },
});

/**
 * A Twilio walk as Twilio pages: the first request without Page (PageSize as asked, filters first),
 * links with Page and PageToken (PA… forward, PB… back), first_page_url with Page=0.
 */
export function twilioWalk(options: { total: number; pageSize: number; filters?: string; stop?: WalkStop; reference?: boolean; key?: string } ): Walk {
  const { total, pageSize } = options;
  const filters = options.filters ? options.filters + '&' : '';
  const key = options.key ?? 'participants';
  const items = Array.from({ length: total }, (_, i) => participant(i + 1));
  const urlFor = (page: number, token?: string): string => `${VIDEO_BASE}?${filters}PageSize=${pageSize}&Page=${page}${token ? `&PageToken=${token}` : ''}`;
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const firstUrl = `${VIDEO_BASE}?${filters}PageSize=${pageSize}`;
  const pages: Exchange[] = [];
  let requested = firstUrl;
  let self = urlFor(0);
  for (let p = 0; p < pageCount; p++) {
    const slice = items.slice(p * pageSize, (p + 1) * pageSize);
    const last = slice[slice.length - 1];
    const first = slice[0];
    const next = p < pageCount - 1 && last ? urlFor(p + 1, 'PA' + String(last.sid)) : null;
    const meta = {
      first_page_url: urlFor(0),
      key,
      next_page_url: next,
      page: p,
      page_size: pageSize,
      previous_page_url: p > 0 && first ? urlFor(p - 1, 'PB' + String(first.sid)) : null,
      url: self,
    };
    pages.push(exchange(VIDEO_LIST, requested, { [key]: slice, meta }));
    if (next) {
      requested = next;
      self = next;
    }
  }
  const walk: Walk = { operationId: VIDEO_LIST, api: 'twilio-video', firstUrl, pageSize, pages, stop: options.stop ?? { reason: 'end' }, maxPages: 100 };
  if (options.reference) {
    const meta = { first_page_url: `${VIDEO_BASE}?${filters}PageSize=1000&Page=0`, key, next_page_url: null, page: 0, page_size: 1000, previous_page_url: null, url: `${VIDEO_BASE}?${filters}PageSize=1000&Page=0` };
    walk.reference = exchange(VIDEO_LIST, `${VIDEO_BASE}?${filters}PageSize=1000`, { [key]: clone(items), meta });
  }
  return walk;
}

/** A Telnyx walk: page[number] 1..total_pages, totals in every meta. */
export function telnyxWalk(options: { total: number; pageSize: number; reference?: boolean }): Walk {
  const { total, pageSize } = options;
  const items = Array.from({ length: total }, (_, i) => ({ id: uuidOf(i + 1), session_id: SESSION, context: 'ctx', joined_at: '2024-03-04T20:00:00.000000Z', updated_at: '2024-03-04T20:00:00.000000Z', left_at: null, record_type: 'room_participant' }));
  const totalPages = Math.ceil(total / pageSize);
  const firstUrl = `${TELNYX_BASE}?page[size]=${pageSize}`;
  const pages: Exchange[] = [];
  for (let n = 1; n <= Math.max(1, totalPages); n++) {
    const url = n === 1 ? firstUrl : `${TELNYX_BASE}?page%5Bsize%5D=${pageSize}&page%5Bnumber%5D=${n}`;
    pages.push(exchange(TELNYX_LIST, url, { data: items.slice((n - 1) * pageSize, n * pageSize), meta: { page_number: n, page_size: pageSize, total_pages: totalPages, total_results: total } }));
  }
  const walk: Walk = { operationId: TELNYX_LIST, api: 'telnyx', firstUrl, pageSize, pages, stop: { reason: 'end' }, maxPages: 100 };
  if (options.reference) {
    walk.reference = exchange(TELNYX_LIST, `${TELNYX_BASE}?page[size]=250`, { data: clone(items), meta: { page_number: 1, page_size: 250, total_pages: total ? 1 : 0, total_results: total } });
  }
  return walk;
}

/** The body of page `i` of a walk, to mutate. */
export const bodyOf = (walk: Walk, i: number): Json => walk.pages[i]!.response.body as Json;
export const metaOfPage = (walk: Walk, i: number): Json => bodyOf(walk, i).meta as Json;
export const listOf = (walk: Walk, i: number, key = 'participants'): Json[] => bodyOf(walk, i)[key] as Json[];
