import type { Check } from '../check.js';
import { isList } from '../check.js';
import { meta, resources } from '../util.js';

export const countWithinPageSize: Check = {
  id: 'pagination.count-within-page-size',
  severity: 'error',
  description: 'A page holds at most meta.page_size items.',
  appliesTo: isList,
  run(exchange, context) {
    const size = context.paging?.size ? meta(exchange)?.[context.paging.size.field] : undefined;
    const count = resources(exchange, context).length;
    // A page_size outside its bounds is already its own violation; comparing with it says nothing more.
    if (typeof size !== 'number' || size < 1 || count <= size) return [];
    return [{
      path: `/${context.listKey ?? ''}`,
      expected: `at most ${size} items (meta.page_size)`,
      actual: count,
      message: `The page holds ${count} items but meta.page_size is ${size}.`,
      hint: 'Either page_size does not echo the size used, or the page is over-filled.',
    }];
  },
};
