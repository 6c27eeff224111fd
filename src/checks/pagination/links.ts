/** What the single-page pagination rules share: a page's links and whether the page says more follow. */
import type { Exchange } from '../../types.js';
import type { CheckContext } from '../check.js';
import type { OperationInfo } from '../../catalog/specs.js';
import type { PagingProfile } from '../../catalog/facts.js';
import type { JsonSchema } from '../../schemas.js';
import { PAGE_TOKEN } from '../walk/support.js';
import { meta } from '../util.js';

/** The link fields of a page's meta, in report order. */
export const LINK_FIELDS = ['url', 'first_page_url', 'previous_page_url', 'next_page_url'] as const;

/** Each link of the page that parses as a URL (relative ones against the request), with its meta field. */
export function pageLinks(exchange: Exchange, context: CheckContext): Array<{ field: string; url: URL }> {
  const m = meta(exchange);
  if (!m) return [];
  const out: Array<{ field: string; url: URL }> = [];
  for (const field of LINK_FIELDS) {
    const value = m[field];
    if (typeof value !== 'string') continue;
    try {
      out.push({ field, url: new URL(value, context.requestUrl) });
    } catch {
      // Not a URL: schema.format's finding.
    }
  }
  return out;
}

/**
 * Whether the page itself says another page follows: a next_page_url (link-paged lists), or a
 * page_number below total_pages (numbered lists). Undefined when its meta says neither.
 */
export function morePagesFollow(exchange: Exchange): boolean | undefined {
  const m = meta(exchange);
  if (!m) return undefined;
  if ('next_page_url' in m) return typeof m.next_page_url === 'string';
  if (typeof m.page_number === 'number' && typeof m.total_pages === 'number') return m.page_number < m.total_pages;
  return undefined;
}

/** The operation's documented query parameters (deepObject ones as their base name). */
export function documentedQuery(context: CheckContext): string[] {
  return context.operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
}

/** Is a query parameter name one the operation documents (`filter[context]` under `filter[context]` or a deepObject `filter`)? */
export function isDocumented(name: string, documented: readonly string[]): boolean {
  return documented.some((d) => name === d || name.startsWith(`${d}[`));
}

/** A query parameter every page link must keep with the request's values: a filter, or the page size. */
export interface ShapingParam {
  name: string;
  /** The values the request sent (the documented default of the page size when it sent none). */
  values: string[];
  kind: 'filter' | 'page size';
  /** The request sent no page size: its documented default is what shaped the page. */
  defaulted?: boolean;
}

/**
 * What shapes the pages of a list request: every documented query parameter it sent except the page's
 * position (the index parameter of `paging`, e.g. `Page`, and the API's cursor `PageToken`), which
 * legitimately changes from link to link; and the page size, at its documented default when not sent
 * (Twilio's links carry `PageSize=50` after a request without it: seed 001, NOTES L1). A page size
 * outside its documented bounds or not an integer is left out: rejecting or clamping it is
 * pagination.page-size-out-of-range's business, and a clamped link is right to differ.
 */
export function pageShape(requestUrl: URL, operation: OperationInfo, paging: PagingProfile | undefined, parameterSchema: (name: string) => JsonSchema | undefined): ShapingParam[] {
  const documented = operation.parameters.filter((p) => p.in === 'query').map((p) => p.name);
  const position = new Set([paging?.index?.param, PAGE_TOKEN].filter((n): n is string => typeof n === 'string'));
  const sizeParam = paging?.size?.param;
  const out = new Map<string, ShapingParam>();
  requestUrl.searchParams.forEach((value, name) => {
    if (position.has(name) || !isDocumented(name, documented)) return;
    const entry = out.get(name) ?? { name, values: [], kind: name === sizeParam ? 'page size' : 'filter' };
    entry.values.push(value);
    out.set(name, entry);
  });
  if (sizeParam) {
    const sent = out.get(sizeParam);
    const bounds = parameterSchema(sizeParam);
    if (sent) {
      if (!sent.values.every((v) => withinBounds(v, bounds))) out.delete(sizeParam);
    } else if (typeof bounds?.default === 'number') {
      out.set(sizeParam, { name: sizeParam, values: [String(bounds.default)], kind: 'page size', defaulted: true });
    }
  }
  return [...out.values()];
}

function withinBounds(value: string, bounds: JsonSchema | undefined): boolean {
  if (!/^\d+$/.test(value)) return false;
  const n = Number(value);
  return !(typeof bounds?.minimum === 'number' && n < bounds.minimum) && !(typeof bounds?.maximum === 'number' && n > bounds.maximum);
}

/**
 * Does a link keep a parameter? The same values in any order; a date-time compared as an instant
 * (`...T00:00:01Z` and `...T00:00:01.000Z` ask the same), anything else as decoded text.
 */
export function keepsParam(link: URL, param: ShapingParam, parameterSchema: (name: string) => JsonSchema | undefined): boolean {
  const kept = link.searchParams.getAll(param.name);
  if (kept.length !== param.values.length) return false;
  const format = parameterSchema(param.name)?.format;
  const norm = (v: string): string => {
    if (format !== 'date-time' && format !== 'date') return v;
    const t = Date.parse(v);
    return Number.isNaN(t) ? v : String(t);
  };
  const a = kept.map(norm).sort();
  const b = param.values.map(norm).sort();
  return a.every((v, i) => v === b[i]);
}

/**
 * Whether a page's meta says it was served at another page size than `param` asks: then the server
 * ignored the page size (pagination.page-size-echo on that page, page-not-full on a walk), and a link
 * that carries the size it served tells the truth about it; that one cause is not reported again.
 */
export function servedAnotherSize(pageMeta: Record<string, unknown> | undefined, paging: PagingProfile | undefined, param: ShapingParam): boolean {
  if (param.kind !== 'page size' || !paging?.size) return false;
  const echoed = pageMeta?.[paging.size.field];
  return typeof echoed === 'number' && String(echoed) !== param.values[0];
}

/** How a finding names a kept parameter and its values: `PageSize=2`, or a list when it repeats (a list reads as "one of" in reports). */
export const showParam = (name: string, values: readonly string[]): string | string[] => (values.length === 1 ? `${name}=${values[0]}` : values.map((v) => `${name}=${v}`));
