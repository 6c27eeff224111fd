import { pointerOf } from '../../json-pointer.js';
import type { Check } from '../check.js';
import type { Finding } from '../../types.js';
import { isList } from '../check.js';
import { documentedQuery, isDocumented, pageLinks } from './links.js';

export const linkParamsDocumented: Check = {
  id: 'pagination.link-params-documented',
  severity: 'error',
  description: 'A page link (url, first_page_url, previous_page_url, next_page_url) carries only query parameters the operation documents.',
  appliesTo: isList,
  run(exchange, context) {
    if (exchange.response.status !== 200) return [];
    const documented = documentedQuery(context);
    const out: Finding[] = [];
    for (const { field, url } of pageLinks(exchange, context)) {
      const undocumented = [...new Set(url.searchParams.keys())].filter((name) => !isDocumented(name, documented));
      if (undocumented.length === 0) continue;
      out.push({
        path: pointerOf('meta', field),
        expected: `only documented parameters (${documented.join(', ')})`,
        actual: undocumented,
        message: `${field} carries ${undocumented.join(', ')}, which the operation does not document.`,
        hint: 'Build page links from documented parameters only, or document the parameter; clients cannot rebuild or reason about this link.',
      });
    }
    return out;
  },
};
