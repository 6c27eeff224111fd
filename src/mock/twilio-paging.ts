/**
 * Twilio paging, shared by Video and Insights: PageSize, Page (client state) and PageToken (a cursor),
 * and the `meta` object with absolute URLs that keep every filter.
 *
 * A token is `PA<key>` (the page starts after that item) or `PB<key>` (the page ends before it), the
 * way Twilio's tokens look. Cursors point at an item's position in the collection's stable order, so a
 * walk sees every item once even when items change status between pages.
 */
import type { FaultState } from './faults.js';
import { badRequest, boundedInteger, single } from './params.js';
import { schemaFacts } from './schema-facts.js';
import { withQuery } from './urls.js';

export interface TwilioPaging {
  pageSize: number;
  page: number;
  pageToken: string | undefined;
}

export function parseTwilioPaging(query: unknown, faults: FaultState): TwilioPaging {
  const { twilioPageSize, twilioPageIndex } = schemaFacts();
  const requested = boundedInteger(single(query, 'PageSize'), twilioPageSize, 'PageSize');
  const page = boundedInteger(single(query, 'Page'), twilioPageIndex, 'Page');
  const pageToken = single(query, 'PageToken');
  // page-size-ignored: the server pages by its default whatever the client asked for.
  const pageSize = faults.has('page-size-ignored') ? twilioPageSize.default : requested;
  return { pageSize, page, pageToken };
}

export interface TwilioCollection<T> {
  /** The items that pass the filters, in stable order. */
  filtered: readonly T[];
  /** An item's position in the unfiltered stable order. */
  positionOf(item: T): number;
  /** The key a token carries (the item's SID). */
  keyOf(item: T): string;
  /** The position of the item with this key, or undefined when there is none. */
  positionOfKey(key: string): number | undefined;
}

export interface TwilioPage<T> {
  items: T[];
  meta: {
    first_page_url: string;
    key: string;
    next_page_url: string | null;
    page: number;
    page_size: number;
    previous_page_url: string | null;
    url: string;
  };
}

/** The index of the first filtered item whose position is at least `position` (binary search). */
function firstAtOrAfter<T>(c: TwilioCollection<T>, position: number): number {
  let lo = 0;
  let hi = c.filtered.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const item = c.filtered[mid] as T;
    if (c.positionOf(item) < position) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Where the requested page starts and ends in `filtered`. */
function locate<T>(c: TwilioCollection<T>, paging: TwilioPaging): { start: number; end: number } {
  const total = c.filtered.length;
  if (paging.pageToken === undefined) {
    const start = Math.min(paging.page * paging.pageSize, total);
    return { start, end: Math.min(start + paging.pageSize, total) };
  }
  const direction = paging.pageToken.slice(0, 2);
  const position = c.positionOfKey(paging.pageToken.slice(2));
  if ((direction !== 'PA' && direction !== 'PB') || position === undefined) {
    throw badRequest(`PageToken '${paging.pageToken.slice(0, 80)}' is not a token this API issued.`, 'PageToken');
  }
  if (direction === 'PA') {
    const start = firstAtOrAfter(c, position + 1);
    return { start, end: Math.min(start + paging.pageSize, total) };
  }
  const end = firstAtOrAfter(c, position);
  return { start: Math.max(0, end - paging.pageSize), end };
}

/**
 * The PageToken of a page's previous_page_url: PB<first item of the page> (the page before ends before
 * it), as Twilio's links past the first page always carry a token. A page reached by a token keeps one
 * on its way back even when it is empty (under churn, the items after the cursor left the list since
 * the page before was read): the page before is then the last PageSize items of the list as it stands
 * (PA<the item before them>), or, when the list holds no more than a page, everything before the
 * cursor (PB<cursor>). A page asked by Page alone (no token) links back by Page alone.
 */
function previousToken<T>(c: TwilioCollection<T>, paging: TwilioPaging, items: readonly T[], start: number): string | undefined {
  const first = items[0];
  if (first !== undefined) return 'PB' + c.keyOf(first);
  if (paging.pageToken === undefined) return undefined;
  const cursor = paging.pageToken.slice(2);
  // PB<cursor> was empty: nothing is before its cursor, and the page before is that same start.
  if (paging.pageToken.startsWith('PB')) return paging.pageToken;
  const before = start - paging.pageSize - 1;
  return before >= 0 ? 'PA' + c.keyOf(c.filtered[before] as T) : 'PB' + cursor;
}

/**
 * One page and its meta. `listUrl` is the absolute list URL; `filters` are the filter parameters as the
 * client sent them, kept in every page URL.
 */
export function twilioPage<T>(
  c: TwilioCollection<T>,
  paging: TwilioPaging,
  listUrl: string,
  filters: ReadonlyArray<readonly [string, string]>,
  metaKey: string,
  faults: FaultState,
): TwilioPage<T> {
  const { start, end } = locate(c, paging);
  const items = c.filtered.slice(start, end);
  const total = c.filtered.length;
  const sized = [...filters, ['PageSize', String(paging.pageSize)] as const];
  const urlFor = (page: number, token?: string): string =>
    withQuery(listUrl, [...sized, ['Page', String(page)], ...(token === undefined ? [] : [['PageToken', token] as const])]);

  const firstPageUrl = urlFor(0);
  let nextPageUrl: string | null = null;
  const last = items[items.length - 1];
  if (end < total && last !== undefined) {
    let cursor: T = last;
    if (faults.has('duplicate-across-pages') && items.length >= 2) cursor = items[items.length - 2] as T;
    if (faults.has('dropped-item') && start === 0) cursor = c.filtered[end] as T;
    nextPageUrl = urlFor(paging.page + 1, 'PA' + c.keyOf(cursor));
  } else if (faults.has('next-page-loop')) {
    nextPageUrl = firstPageUrl;
  }
  let previousPageUrl: string | null = null;
  // A page after the first links back even when nothing is before it any more (under churn, the items
  // of the page before may all have left the list since): a client walking back is not stranded.
  if (start > 0 || paging.page > 0) {
    const previousPage = Math.max(0, paging.page - 1);
    const token = previousToken(c, paging, items, start);
    previousPageUrl = urlFor(previousPage, token);
  }
  return {
    items,
    meta: {
      first_page_url: firstPageUrl,
      key: metaKey,
      next_page_url: nextPageUrl,
      page: faults.has('meta-inconsistent') ? paging.page + 1 : paging.page,
      page_size: paging.pageSize,
      previous_page_url: previousPageUrl,
      url: urlFor(paging.page, paging.pageToken),
    },
  };
}
