import { pointerOf } from '../../json-pointer.js';
import type { Check } from '../check.js';
import type { Finding } from '../../types.js';
import { isList } from '../check.js';
import { isPagingParam } from '../walk/support.js';
import { documentedQuery, isDocumented, pageLinks } from './links.js';

export const linkKeepsFilters: Check = {
  id: 'pagination.link-keeps-filters',
  severity: 'error',
  description: 'Every page link of a response keeps each filter of its request with the same value.',
  appliesTo: isList,
  run(exchange, context) {
    if (exchange.response.status !== 200 || !context.requestUrl) return [];
    // Only the request's documented filters: an unknown query parameter is not a filter the API owes the links
    // (and echoing it would break pagination.link-params-documented).
    const documented = documentedQuery(context);
    const asked = new Map<string, string[]>();
    context.requestUrl.searchParams.forEach((value, name) => {
      if (!isPagingParam(name) && isDocumented(name, documented)) asked.set(name, [...(asked.get(name) ?? []), value]);
    });
    if (asked.size === 0) return [];
    const out: Finding[] = [];
    for (const { field, url } of pageLinks(exchange, context)) {
      for (const [name, values] of asked) {
        const kept = url.searchParams.getAll(name);
        if (kept.length === values.length && kept.every((v, i) => v === values[i])) continue;
        out.push({
          path: pointerOf('meta', field),
          expected: values.map((v) => `${name}=${v}`),
          actual: kept.length ? kept.map((v) => `${name}=${v}`) : '(dropped)',
          message: `${field} ${kept.length ? 'changes' : 'drops'} the filter ${name} of the request.`,
          hint: `Keep every filter of the request in the page links; a client following them gets items that ${name} excluded.`,
        });
      }
    }
    return out;
  },
};
