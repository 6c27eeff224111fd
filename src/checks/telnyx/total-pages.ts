import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { meta } from '../util.js';

export const totalPages: Check = {
  id: 'telnyx.total-pages',
  severity: 'error',
  description: 'total_pages == ceil(total_results / page_size).',
  appliesTo: isApi('telnyx'),
  run(exchange, context) {
    const m = meta(exchange);
    if (!m) return [];
    const { total_pages: pages, total_results: results, page_size: size } = m;
    if (typeof pages !== 'number' || typeof results !== 'number' || typeof size !== 'number') return [];
    // A value outside its own documented bounds is already its own violation; the sum says nothing more.
    const maxSize = context.parameterSchema('page[size]')?.maximum;
    if (size < 1 || (typeof maxSize === 'number' && size > maxSize) || results < 0 || pages < 0) return [];
    const expected = Math.ceil(results / size);
    if (pages === expected) return [];
    return [{
      path: '/meta/total_pages',
      expected,
      actual: pages,
      message: `total_pages is ${pages} but ${results} results in pages of ${size} make ${expected}.`,
      hint: 'Derive total_pages from total_results and page_size; a client that loops to total_pages misses or repeats pages.',
    }];
  },
};
