/**
 * What the multi-exchange checks (walk, consistency, lifecycle) share: item identity, page meta, and
 * the semantic comparison of page URLs. No rule lives here.
 */
import type { ApiName, Exchange, Finding, RequestSummary, Severity } from '../../types.js';
import type { JsonSchema } from '../../schemas.js';
import type { OperationInfo } from '../../catalog/specs.js';
import { listResources, type Item } from '../util.js';

/** A finding about one of several exchanges: `request` says which (the runner's own request is not it). */
export type LocatedFinding = Finding & { request?: RequestSummary };

/** A finding of a function that decides between several rules: it names its rule. */
export type RuledFinding = LocatedFinding & { rule: string; severity: Severity };

/** What a rule is, for registries and reports. */
export interface RuleMeta {
  id: string;
  severity: Severity;
  description: string;
}

/** The field that identifies an item of each API's lists (the SID of a Twilio resource, Telnyx's id). */
export const ID_FIELD: Readonly<Record<ApiName, string>> = Object.freeze({
  'twilio-video': 'sid',
  'twilio-insights': 'participant_sid',
  telnyx: 'id',
});

/** The query parameters that page rather than filter, per vendor. */
export const PAGE_SIZE_PARAM: Readonly<Record<ApiName, string>> = Object.freeze({ 'twilio-video': 'PageSize', 'twilio-insights': 'PageSize', telnyx: 'page[size]' });
export const PAGE_INDEX_PARAM: Readonly<Record<ApiName, string>> = Object.freeze({ 'twilio-video': 'Page', 'twilio-insights': 'Page', telnyx: 'page[number]' });
export const PAGE_INDEX_FIELD: Readonly<Record<ApiName, string>> = Object.freeze({ 'twilio-video': 'page', 'twilio-insights': 'page', telnyx: 'page_number' });
export const PAGE_TOKEN = 'PageToken';
/**
 * The filter by participant status (Twilio Video; its documented default cuts an unfiltered list too):
 * where an operation has it, a change of an item's own state can take the item out of the list.
 */
export const STATUS_PARAM = 'Status';

export const isTwilio = (api: ApiName): boolean => api !== 'telnyx';

/** A paging parameter (never a filter): PageSize, Page, PageToken, page[...]. */
export function isPagingParam(name: string): boolean {
  return name === 'PageSize' || name === 'Page' || name === PAGE_TOKEN || name.startsWith('page[');
}

type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `meta` object of a page, when it has one. */
export function metaOf(page: Exchange | undefined): Obj | undefined {
  const body = page?.response.body;
  return isObj(body) && isObj(body.meta) ? body.meta : undefined;
}

export function itemsOf(page: Exchange, listKey: string): Item[] {
  return listResources(page, listKey);
}

/** The identity of an item (its SID or id), when it has one. */
export function idOf(api: ApiName, item: Obj): string | undefined {
  const id = item[ID_FIELD[api]];
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

export interface WalkedItem extends Item {
  pageIndex: number;
  id: string | undefined;
}

/** Every item of every page, in walk order. */
export function walkedItems(api: ApiName, pages: readonly Exchange[], listKey: string): WalkedItem[] {
  return pages.flatMap((page, pageIndex) => itemsOf(page, listKey).map((item) => ({ pointer: item.pointer, value: item.value, pageIndex, id: idOf(api, item.value) })));
}

export function requestOf(exchange: Exchange | undefined): RequestSummary | undefined {
  const r = exchange?.request;
  return r ? { method: r.method, url: redactUrl(r.url) } : undefined;
}

/** Strips user:password@ so that no credential reaches a report. */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

export function parseUrl(value: unknown, base?: string): URL | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return new URL(value, base);
  } catch {
    return undefined;
  }
}

/** An integer query parameter, undefined when absent or not an integer. */
export function intQuery(url: URL | undefined, name: string): number | undefined {
  const raw = url?.searchParams.get(name);
  return raw !== null && raw !== undefined && /^-?\d+$/.test(raw) ? Number(raw) : undefined;
}

export interface UrlComparison {
  /** Query parameters filled in when absent, on both sides (documented defaults of paging parameters). */
  defaults?: Readonly<Record<string, string>>;
  /** Leave PageToken out (tokens differ by direction: PA… forward, PB… back; its presence is checked apart). */
  anyToken?: boolean;
}

/** origin + decoded path + the sorted multiset of decoded query pairs: two URLs that mean the same request get the same key. */
export function canonicalUrl(url: URL, options: UrlComparison = {}): string {
  const pairs: Array<[string, string]> = [];
  url.searchParams.forEach((value, name) => {
    if (!(options.anyToken && name === PAGE_TOKEN)) pairs.push([name, value]);
  });
  for (const [name, value] of Object.entries(options.defaults ?? {})) if (!url.searchParams.has(name)) pairs.push([name, value]);
  pairs.sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0));
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    path = url.pathname;
  }
  return `${url.origin}${path}?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`;
}

/** Do two URLs ask for the same thing (same origin and path, same query multiset in any order)? */
export function sameUrl(a: URL, b: URL, options: UrlComparison = {}): boolean {
  return canonicalUrl(a, options) === canonicalUrl(b, options);
}

/** The filter parameters of a URL (every query parameter that does not page), as [name, value] pairs. */
export function filterPairs(url: URL): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  url.searchParams.forEach((value, name) => {
    if (!isPagingParam(name)) out.push([name, value]);
  });
  return out;
}

/** Documented defaults of the paging parameters (Twilio's PageSize and Page), as query values. */
export function pagingDefaults(api: ApiName, parameterSchema: (name: string) => JsonSchema | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of [PAGE_SIZE_PARAM[api], PAGE_INDEX_PARAM[api]]) {
    const value = parameterSchema(name)?.default;
    if (typeof value === 'number' || typeof value === 'string') out[name] = String(value);
  }
  return out;
}

/** The documented values of an enum parameter (e.g. Status), read from its schema. */
export function enumValues(parameterSchema: (name: string) => JsonSchema | undefined, name: string): string[] {
  const values = parameterSchema(name)?.enum;
  return Array.isArray(values) ? values.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * A value the documents describe behaviour for ("by identity: connected participants only"): it must
 * still be one of the parameter's documented values, or the check would silently test nothing.
 */
export function documentedValue(parameterSchema: (name: string) => JsonSchema | undefined, name: string, value: string): string {
  const values = enumValues(parameterSchema, name);
  if (!values.includes(value)) {
    throw new Error(`rollcall: the ${name} parameter documents ${values.length ? values.join(', ') : 'no values'}, not ${value}; the check that relies on ${value} needs updating`);
  }
  return value;
}

/** Does an operation list resources (its 200 response is a list schema)? */
export function listsResources(op: OperationInfo): boolean {
  return op.responses.some((r) => r.status === 200 && /List/.test(r.schemaRef ?? ''));
}

/** Structural deep equality of JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The items of the walk's reference page (one page at the maximum size, same filters), when it is
 * usable: a 2xx JSON page that holds the whole collection (no next page, at most one page in total).
 */
export function referenceItems(api: ApiName, reference: Exchange | undefined, listKey: string): WalkedItem[] | undefined {
  if (!reference || reference.response.status < 200 || reference.response.status > 299 || !isObj(reference.response.body)) return undefined;
  const meta = metaOf(reference);
  if (isTwilio(api) ? typeof meta?.next_page_url === 'string' : typeof meta?.total_pages === 'number' && meta.total_pages > 1) return undefined;
  return walkedItems(api, [reference], listKey).map((item) => ({ ...item, pageIndex: -1 }));
}
