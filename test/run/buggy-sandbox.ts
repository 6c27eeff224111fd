/**
 * A sandbox with one realistic server bug: a proxy on loopback in front of `rollcall mock`, used as a
 * live target (issue 20). Each bug is one a real API could ship, and each is documented as wrong by
 * the seeds or the vendors' specs (the rule that catches it names its source).
 */
import { plantingProxy, type RecordingProxy } from '../safety/proxy.js';

export const BUGS = {
  /** A next page link that loses the Status filter (links carry the request's filters: seeds' example links). */
  'next-link-drops-status': 'next_page_url without Status',
  /** Page 2 onwards no longer applies the Status filter, though the link keeps it. */
  'page2-ignores-status': 'the Status filter applied on the first page only',
  /** A next page link that loses PageSize (the vendor's links always carry PageSize). */
  'next-link-drops-pagesize': 'next_page_url without PageSize',
  /** The default list of an in-progress room holds its disconnected participants (documented default: connected). */
  'default-status-wrong': 'the default Status is disconnected in an in-progress room',
  /** DateCreatedAfter/Before compared with date_updated instead of date_created. */
  'date-filter-wrong-field': 'date filters compare date_updated',
  /** duration in milliseconds where the document says seconds. */
  'duration-in-ms': 'duration in milliseconds',
} as const;

export type Bug = keyof typeof BUGS;

type Participant = Record<string, unknown>;

function dropParam(link: unknown, param: string): unknown {
  if (typeof link !== 'string') return link;
  const u = new URL(link);
  u.searchParams.delete(param);
  return u.toString();
}

const isVideoList = (url: URL) => /^\/v1\/Rooms\/[^/]+\/Participants$/.test(url.pathname);
const DATE_BOUNDS = ['DateCreatedAfter', 'DateCreatedBefore'];

/** How the buggy server handles the request: the URL it really serves (a filter ignored, another default, a bound applied later). */
function served(bug: Bug | undefined, asked: URL): URL {
  const url = new URL(asked);
  if (!isVideoList(url)) return url;
  if (bug === 'page2-ignores-status' && url.searchParams.has('Status') && (url.searchParams.has('PageToken') || Number(url.searchParams.get('Page') ?? 0) > 0)) url.searchParams.delete('Status');
  if (bug === 'default-status-wrong' && !url.searchParams.has('Status')) url.searchParams.set('Status', 'disconnected');
  // The bound is applied to the answer, on the wrong field (below).
  if (bug === 'date-filter-wrong-field') for (const param of DATE_BOUNDS) url.searchParams.delete(param);
  return url;
}

/** What the buggy server does to a successful JSON answer. */
function answered(bug: Bug | undefined, body: unknown, request: URL): unknown {
  if (!bug || typeof body !== 'object' || body === null) return body;
  const b = body as { participants?: Participant[]; meta?: Record<string, unknown> } & Participant;
  const meta = b.meta;
  if (bug === 'next-link-drops-status' && meta) meta.next_page_url = dropParam(meta.next_page_url, 'Status');
  if (bug === 'next-link-drops-pagesize' && meta) meta.next_page_url = dropParam(meta.next_page_url, 'PageSize');
  if (bug === 'date-filter-wrong-field' && isVideoList(request) && Array.isArray(b.participants)) {
    for (const param of DATE_BOUNDS) {
      const value = request.searchParams.get(param);
      if (value === null) continue;
      const bound = Date.parse(value);
      b.participants = b.participants.filter((p) => {
        const t = Date.parse(String(p.date_updated));
        return param === 'DateCreatedAfter' ? t >= bound : t <= bound;
      });
    }
  }
  if (bug === 'duration-in-ms') {
    for (const p of Array.isArray(b.participants) ? b.participants : [b]) if (typeof p.duration === 'number') p.duration = p.duration * 1000;
  }
  return b;
}

/** Starts the proxy (test/safety/proxy.ts plantingProxy); `bug` undefined forwards everything unchanged. */
export function buggySandbox(upstream: string, bug: Bug | undefined): Promise<RecordingProxy> {
  return plantingProxy(upstream, (body, _path, { request, status }) => (status < 300 ? answered(bug, body, request) : body), (url) => served(bug, url));
}
