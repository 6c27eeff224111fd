import type { Check } from '../check.js';
import { isApi } from '../check.js';
import { meta } from '../util.js';

export const previousNullOnFirstPage: Check = {
  id: 'pagination.previous-null-on-first-page',
  severity: 'error',
  description: 'The first page (meta.page 0) has no previous page: previous_page_url is null.',
  appliesTo: isApi('twilio-video', 'twilio-insights'),
  run(exchange) {
    const m = meta(exchange);
    if (!m || m.page !== 0 || typeof m.previous_page_url !== 'string') return [];
    return [{
      path: '/meta/previous_page_url',
      expected: null,
      actual: m.previous_page_url,
      message: 'The first page links to a previous page.',
      hint: 'Return previous_page_url null on page 0; a client walking back would loop.',
    }];
  },
};
