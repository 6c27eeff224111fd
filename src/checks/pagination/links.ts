/** What the single-page pagination rules share: a page's links and whether the page says more follow. */
import type { Exchange } from '../../types.js';
import type { CheckContext } from '../check.js';
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
