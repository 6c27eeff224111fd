import type { Check } from '../check.js';
import { isList } from '../check.js';
import { meta } from '../util.js';
import { PAGE_TOKEN } from '../walk/support.js';

/**
 * Judged only on a page addressed by a page token (one a client reached by following links): a page
 * asked by its index alone (Page=N) has no token to link back with, and Twilio answers it without one.
 */
export const previousSetAfterFirstPage: Check = {
  id: 'pagination.previous-set-after-first-page',
  severity: 'error',
  description: 'A page after the first (meta.page > 0) reached through a page token links back: previous_page_url is set.',
  appliesTo: isList,
  run(exchange, context) {
    const m = meta(exchange);
    if (exchange.response.status !== 200 || !m || !('previous_page_url' in m)) return [];
    const index = context.paging?.index ? m[context.paging.index.field] : undefined;
    if (typeof index !== 'number' || index < 1 || m.previous_page_url !== null) return [];
    let self: URL | undefined;
    try {
      self = typeof m.url === 'string' ? new URL(m.url, context.requestUrl) : undefined;
    } catch {
      self = undefined;
    }
    if (!self?.searchParams.has(PAGE_TOKEN) && !context.requestUrl?.searchParams.has(PAGE_TOKEN)) return [];
    return [{
      path: '/meta/previous_page_url',
      expected: `the URL of page ${index - 1}`,
      actual: null,
      message: `Page ${index} has no previous_page_url.`,
      hint: 'Link every page after the first to the one before it; a client walking back stops here.',
    }];
  },
};
