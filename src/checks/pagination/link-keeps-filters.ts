import { pointerOf } from '../../json-pointer.js';
import type { Check } from '../check.js';
import type { Finding } from '../../types.js';
import { isList } from '../check.js';
import { meta } from '../util.js';
import { keepsParam, pageLinks, pageShape, servedAnotherSize, showParam } from './links.js';

export const linkKeepsFilters: Check = {
  id: 'pagination.link-keeps-filters',
  severity: 'error',
  description: 'Every page link of a response keeps what shaped the page: each filter of its request with the same value, and the page size asked (its documented default when none was asked).',
  appliesTo: isList,
  run(exchange, context) {
    if (exchange.response.status !== 200 || !context.requestUrl) return [];
    const links = pageLinks(exchange, context);
    if (links.length === 0) return [];
    // Only documented parameters: an unknown query parameter is not one the API owes the links
    // (and echoing it would break pagination.link-params-documented).
    const pageMeta = meta(exchange);
    const shape = pageShape(context.requestUrl, context.operation, context.paging, context.parameterSchema).filter((p) => !servedAnotherSize(pageMeta, context.paging, p));
    const out: Finding[] = [];
    for (const { field, url } of links) {
      for (const param of shape) {
        if (keepsParam(url, param, context.parameterSchema)) continue;
        const kept = url.searchParams.getAll(param.name);
        const what = param.kind === 'filter' ? `the filter ${param.name}` : `the page size ${param.name}`;
        out.push({
          path: pointerOf('meta', field),
          expected: showParam(param.name, param.values),
          actual: kept.length ? showParam(param.name, kept) : '(dropped)',
          message: `${field} ${kept.length ? 'changes' : 'drops'} ${what}${param.defaulted ? ' (the documented default, as the request sent none)' : ' of the request'}.`,
          hint:
            param.kind === 'filter'
              ? `Keep every filter of the request in the page links; a client following them gets items that ${param.name} excluded.`
              : `Keep ${param.name}=${param.values[0]} in every page link, as the vendor's own links do; a client following them gets pages of another size, and items skipped or repeated.`,
        });
      }
    }
    return out;
  },
};
