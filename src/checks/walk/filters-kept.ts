import type { WalkCheck, WalkFinding } from './walk.js';
import { filterPairs, isTwilio, listsResources, metaOf, parseUrl, redactUrl } from './support.js';

const LINK_FIELDS = ['url', 'first_page_url', 'next_page_url', 'previous_page_url'] as const;

export const filtersKept: WalkCheck = {
  id: 'pagination.filters-kept',
  severity: 'error',
  description: 'Every page link (url, first_page_url, next_page_url, previous_page_url) keeps each filter of the first request with the same value.',
  appliesTo: (op) => listsResources(op) && isTwilio(op.api),
  run(walk) {
    const first = parseUrl(walk.firstUrl);
    if (!first) return [];
    const filters = new Map<string, string[]>();
    for (const [name, value] of filterPairs(first)) filters.set(name, [...(filters.get(name) ?? []), value]);
    if (filters.size === 0) return [];
    const out: WalkFinding[] = [];
    walk.pages.forEach((page, pageIndex) => {
      const meta = metaOf(page);
      for (const field of LINK_FIELDS) {
        const link = parseUrl(meta?.[field]);
        if (!link) continue;
        for (const [name, values] of filters) {
          const kept = link.searchParams.getAll(name);
          if (kept.length === values.length && kept.every((v, i) => v === values[i])) continue;
          out.push({
            pageIndex,
            path: `/meta/${field}`,
            expected: values.map((v) => `${name}=${v}`),
            actual: kept.length ? kept.map((v) => `${name}=${v}`) : redactUrl(link.href),
            message: `Page ${pageIndex}'s ${field} ${kept.length ? 'changes' : 'drops'} the filter ${name}.`,
            hint: `Keep every filter of the request in the page links; a client following them gets items that ${name} excluded.`,
          });
        }
      }
    });
    return out;
  },
};
