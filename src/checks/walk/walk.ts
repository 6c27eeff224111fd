/**
 * A walk over every page of a list, and the checks that look at a whole walk. walkPages does the
 * I/O through a fetchPage the caller provides (credentials stay with the caller); every check is a
 * pure function of the recorded walk.
 */
import type { ApiName, Exchange, Finding, Severity } from '../../types.js';
import type { OperationInfo } from '../../catalog/specs.js';
import type { JsonSchema } from '../../schemas.js';
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

export type StopReason = 'end' | 'cycle' | 'off-origin' | 'budget' | 'error';

export interface WalkStop {
  reason: StopReason;
  /** cycle, off-origin: the next_page_url not followed; budget: the next page not asked; error: the URL that failed. */
  url?: string;
  detail?: string;
  /** The page (index in `pages`) whose link or meta made the walk stop. */
  pageIndex?: number;
  /** cycle: the index of the page already fetched at that URL. */
  repeats?: number;
  /** error: the failed exchange, when the fetch returned one (non-2xx or non-JSON). */
  exchange?: Exchange;
}

export interface Walk {
  operationId: string;
  api: ApiName;
  /** The first request URL (filters and page size as asked). */
  firstUrl: string;
  /** The page size asked (or the documented default when not asked). */
  pageSize: number;
  /** Every page fetched, in the order followed (request.url + response with parsed JSON body). */
  pages: Exchange[];
  stop: WalkStop;
  /** One page at the vendor's max page size with the same filters, when the collection fits in it. */
  reference?: Exchange;
  /**
   * The reference read again after the walk, when the walk disagreed with it (an item missed or seen
   * twice): what changed between the two readings is churn, not a defect (churn.ts).
   */
  referenceAfter?: Exchange;
  /** The request budget the walk had. */
  maxPages?: number;
}

/** pageIndex: which page the finding is about (-1: the walk as a whole). */
export type WalkFinding = Finding & { pageIndex: number };

export interface WalkContext {
  operation: OperationInfo;
  /** The array property of the list response (`participants`, `data`). */
  listKey: string;
  parameterSchema(name: string): JsonSchema | undefined;
  /** Whether a body is the vendor's documented error body for that status; when absent, any 4xx body is taken as given. */
  isErrorBody?(status: number, body: unknown): boolean;
}

export interface WalkCheck {
  id: string;
  severity: Severity;
  description: string;
  appliesTo(op: OperationInfo): boolean;
  run(walk: Walk, context: WalkContext): WalkFinding[];
  /**
   * Rules whose findings this one explains when both are seen on the same responses of an
   * operation: reports mark them as its consequences, so that a reader fixes this cause first.
   */
  explains?: readonly string[];
}

export interface WalkOptions {
  api: ApiName;
  operationId: string;
  pageSize: number;
  maxPages: number;
  reference?: Exchange;
}

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
