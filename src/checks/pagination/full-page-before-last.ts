import type { Check } from '../check.js';
import { isList } from '../check.js';
import { meta, resources } from '../util.js';
import { morePagesFollow } from './links.js';

/**
 * A page that says another follows (a next_page_url, or page_number < total_pages) is full. Read
 * from one response: a short page with a next link makes clients that stop on a short page lose the rest.
 */
export const fullPageBeforeLast: Check = {
  id: 'pagination.full-page-before-last',
  severity: 'error',
  description: 'A page that says another page follows (a next_page_url, or page_number below total_pages) holds meta.page_size items.',
  appliesTo: isList,
  run(exchange, context) {
    if (exchange.response.status !== 200 || morePagesFollow(exchange) !== true) return [];
    const size = context.paging?.size ? meta(exchange)?.[context.paging.size.field] : undefined;
    const count = resources(exchange, context).length;
    // A page_size outside its bounds is its own violation; an over-full page is count-within-page-size's.
    if (typeof size !== 'number' || size < 1 || count >= size) return [];
    // A page index below its documented minimum is its own violation (the index bounds rule): such a
    // page has no place in the sequence, so whether more follow it says nothing.
    const index = context.paging?.index;
    const minimum = index ? context.parameterSchema(index.param)?.minimum : undefined;
    const at = index ? meta(exchange)?.[index.field] : undefined;
    if (typeof minimum === 'number' && typeof at === 'number' && at < minimum) return [];
    return [{
      path: `/${context.listKey ?? ''}`,
      expected: `${size} items (meta.page_size), as another page follows`,
      actual: count,
      message: `The page holds ${count} items, fewer than its page_size ${size}, yet says another page follows.`,
      hint: 'Fill every page but the last; clients that stop at a short page never see the items after it.',
    }];
  },
};
