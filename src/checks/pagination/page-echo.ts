import type { Check } from '../check.js';
import { isList } from '../check.js';
import { PAGE_TOKEN } from '../walk/support.js';
import { intParam, meta } from '../util.js';

export const pageEcho: Check = {
  id: 'pagination.page-echo',
  severity: 'error',
  description: 'meta.page (Twilio) or meta.page_number (Telnyx) echoes the page asked for.',
  appliesTo: isList,
  run(exchange, context) {
    if (!context.requestUrl || exchange.response.status !== 200 || !context.paging?.index) return [];
    const { param, field } = context.paging.index;
    // A page token addresses the page by itself; the index then is only client state.
    if (context.requestUrl.searchParams.has(PAGE_TOKEN) && !context.requestUrl.searchParams.has(param)) return [];
    const asked = intParam(context, param);
    const echoed = meta(exchange)?.[field];
    if (asked === undefined || typeof echoed !== 'number' || echoed === asked) return [];
    return [{
      path: `/meta/${field}`,
      expected: asked,
      actual: echoed,
      message: `meta.${field} is ${echoed} but the request asked for ${param}=${asked}.`,
      hint: 'The page index in meta must be the page returned; clients use it to resume.',
    }];
  },
};
