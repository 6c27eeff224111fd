/**
 * A walk over every page of a list, and the checks that look at a whole walk. walkPages does the
 * I/O through a fetchPage the caller provides (credentials stay with the caller); every check is a
 * pure function of the recorded walk.
 */
import type { Exchange, Severity } from '../../types.js';
import type { Walk, WalkCheck, WalkContext, WalkFinding, WalkOptions, WalkStop } from './types.js';
import { isObj, metaOf, parseUrl, canonicalUrl, PAGE_INDEX_PARAM, isTwilio, redactUrl } from './support.js';
import { pageNotFull } from './page-not-full.js';
import { linksConsistent } from './links-consistent.js';
import { filtersKept } from './filters-kept.js';
import { pageIndexSequence } from './page-index-sequence.js';
import { nextNullAtEnd } from './next-null-at-end.js';
import { nextPageCycle } from './next-page-cycle.js';
import { nextPageOffOrigin } from './next-page-off-origin.js';
import { walkBudget } from './walk-budget.js';
import { duplicateItem } from './duplicate-item.js';
import { missingItem } from './missing-item.js';
import { unstableOrder } from './unstable-order.js';
import { totalsMatchWalk } from './totals-match-walk.js';
import { needsSecondLook } from './churn.js';
import { churnObserved } from './churn-observed.js';
import { offsetShift } from './offset-shift.js';

// The walk's types sit in types.ts, so that the rule files this registry lists import them without importing it.
export type { StopReason, Walk, WalkCheck, WalkContext, WalkFinding, WalkOptions, WalkStop } from './types.js';

/** The body as JSON: a parsed value, or a string that parses; undefined when it is not JSON. */
function parsedBody(body: unknown): { ok: true; value: unknown } | { ok: false } {
  if (body === undefined) return { ok: false };
  if (typeof body !== 'string') return { ok: true, value: body };
  try {
    return { ok: true, value: JSON.parse(body) as unknown };
  } catch {
    return { ok: false };
  }
}

type Fetched = { page: Exchange } | { stop: WalkStop };

async function fetchOne(fetchPage: (url: string) => Promise<Exchange>, url: string): Promise<Fetched> {
  let exchange: Exchange;
  try {
    exchange = await fetchPage(url);
  } catch (err) {
    return { stop: { reason: 'error', url: redactUrl(url), detail: `the request failed: ${(err as Error).message}` } };
  }
  const { status } = exchange.response;
  if (status < 200 || status > 299) return { stop: { reason: 'error', url: redactUrl(url), detail: `status ${status}`, exchange } };
  const body = parsedBody(exchange.response.body);
  if (!body.ok || !isObj(body.value)) return { stop: { reason: 'error', url: redactUrl(url), detail: 'the body is not a JSON object', exchange } };
  const request = exchange.request ?? { method: 'GET', url };
  return { page: { ...exchange, request, response: { ...exchange.response, body: body.value } } };
}

/**
 * Walks a list: Twilio follows meta.next_page_url; Telnyx asks page[number] = 1, 2, ... up to
 * meta.total_pages. Bounded: never more than maxPages requests; a next_page_url already seen stops
 * with reason 'cycle'; one on another origin than firstUrl stops with 'off-origin' and is NOT
 * requested (credentials must never go to another origin); a fetch that throws or returns
 * non-2xx/non-JSON stops with 'error'.
 */
export async function walkPages(
  fetchPage: (url: string) => Promise<Exchange>,
  firstUrl: string,
  options: WalkOptions,
): Promise<Walk> {
  if (!Number.isInteger(options.maxPages) || options.maxPages < 1) throw new Error(`rollcall: walkPages needs maxPages >= 1, not ${options.maxPages}`);
  const first = parseUrl(firstUrl);
  if (!first) throw new Error(`rollcall: walkPages needs an absolute first URL, not "${redactUrl(firstUrl)}"`);
  const walk: Walk = {
    operationId: options.operationId,
    api: options.api,
    firstUrl,
    pageSize: options.pageSize,
    pages: [],
    stop: { reason: 'end' },
    maxPages: options.maxPages,
    ...(options.reference ? { reference: options.reference } : {}),
  };
  walk.stop = isTwilio(options.api) ? await followNextPageUrls(fetchPage, first, walk, options.maxPages) : await countPageNumbers(fetchPage, first, walk, options.maxPages);
  const again = options.reference?.request?.url;
  if (walk.stop.reason === 'end' && again && needsSecondLook(options.api, walk.pages, options.reference)) {
    // One more request, only when the walk and the reference disagree: did the data change, or the paging break?
    const fetched = await fetchOne(fetchPage, again);
    if ('page' in fetched) walk.referenceAfter = fetched.page;
  }
  return walk;
}

async function followNextPageUrls(fetchPage: (url: string) => Promise<Exchange>, first: URL, walk: Walk, maxPages: number): Promise<WalkStop> {
  // Each page is known by the URL asked and the URL its meta says it is (first_page_url adds Page=0).
  const seen = new Map<string, number>();
  let url = walk.firstUrl;
  for (;;) {
    const fetched = await fetchOne(fetchPage, url);
    if ('stop' in fetched) return { ...fetched.stop, ...(walk.pages.length ? { pageIndex: walk.pages.length - 1 } : {}) };
    const index = walk.pages.push(fetched.page) - 1;
    const asked = parseUrl(url);
    if (asked) seen.set(canonicalUrl(asked), index);
    const meta = metaOf(fetched.page);
    const self = parseUrl(meta?.url, url);
    if (self && !seen.has(canonicalUrl(self))) seen.set(canonicalUrl(self), index);
    const next = meta?.next_page_url;
    if (next === null) return { reason: 'end' };
    const nextUrl = parseUrl(next, url);
    if (!nextUrl) return { reason: 'error', pageIndex: index, detail: `meta.next_page_url is ${JSON.stringify(next) ?? 'missing'}, not a URL or null` };
    if (nextUrl.origin !== first.origin) return { reason: 'off-origin', url: redactUrl(nextUrl.href), pageIndex: index };
    const repeats = seen.get(canonicalUrl(nextUrl));
    if (repeats !== undefined) return { reason: 'cycle', url: redactUrl(nextUrl.href), pageIndex: index, repeats };
    if (walk.pages.length >= maxPages) return { reason: 'budget', url: redactUrl(nextUrl.href), pageIndex: index };
    url = nextUrl.href;
  }
}

async function countPageNumbers(fetchPage: (url: string) => Promise<Exchange>, first: URL, walk: Walk, maxPages: number): Promise<WalkStop> {
  const param = PAGE_INDEX_PARAM[walk.api];
  const asked = first.searchParams.get(param);
  // Telnyx numbers pages from 1 (page[number] >= 1); a walk that asks another start keeps it.
  let number = asked !== null && /^\d+$/.test(asked) ? Number(asked) : 1;
  let url = walk.firstUrl;
  for (;;) {
    const fetched = await fetchOne(fetchPage, url);
    if ('stop' in fetched) return { ...fetched.stop, ...(walk.pages.length ? { pageIndex: walk.pages.length - 1 } : {}) };
    const index = walk.pages.push(fetched.page) - 1;
    const total = metaOf(fetched.page)?.total_pages;
    if (typeof total !== 'number' || !Number.isInteger(total) || total < 0) {
      return { reason: 'error', pageIndex: index, detail: `meta.total_pages is ${JSON.stringify(total) ?? 'missing'}, not a count` };
    }
    if (number >= total) return { reason: 'end' };
    number += 1;
    const next = new URL(first.href);
    next.searchParams.set(param, String(number));
    if (walk.pages.length >= maxPages) return { reason: 'budget', url: redactUrl(next.href), pageIndex: index };
    url = next.href;
  }
}

/** Every check of a whole walk, in report order. */
export const WALK_CHECKS: readonly WalkCheck[] = [
  pageNotFull,
  linksConsistent,
  filtersKept,
  pageIndexSequence,
  nextNullAtEnd,
  nextPageCycle,
  nextPageOffOrigin,
  walkBudget,
  duplicateItem,
  missingItem,
  unstableOrder,
  totalsMatchWalk,
  churnObserved,
  offsetShift,
];

/** Runs every walk check that applies to the walk's operation. */
export function checkWalk(walk: Walk, context: WalkContext, checks: readonly WalkCheck[] = WALK_CHECKS): Array<WalkFinding & { rule: string; severity: Severity }> {
  return checks
    .filter((c) => c.appliesTo(context.operation))
    .flatMap((c) => c.run(walk, context).map((f) => ({ rule: c.id, severity: c.severity, ...f })));
}
