import type { Check } from '../check.js';
import { isList } from '../check.js';
import { intParam, meta } from '../util.js';

/** The page-index parameter and the meta field that echoes it, per vendor. */
const PAGE: Record<string, { param: string; field: string }> = {
  telnyx: { param: 'page[number]', field: 'page_number' },
};
const TWILIO_PAGE = { param: 'Page', field: 'page' };

export const pageEcho: Check = {
  id: 'pagination.page-echo',
  severity: 'error',
  description: 'meta.page (Twilio) or meta.page_number (Telnyx) echoes the page asked for.',
  appliesTo: isList,
  run(exchange, context) {
    if (!context.requestUrl || exchange.response.status !== 200) return [];
    const { param, field } = PAGE[context.operation.api] ?? TWILIO_PAGE;
    // A Twilio PageToken addresses the page by itself; Page then is only client state.
    if (context.operation.api !== 'telnyx' && context.requestUrl.searchParams.has('PageToken') && !context.requestUrl.searchParams.has('Page')) return [];
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
