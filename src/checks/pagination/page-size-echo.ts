import type { Check } from '../check.js';
import { isList } from '../check.js';
import { intParam, meta } from '../util.js';

export const pageSizeEcho: Check = {
  id: 'pagination.page-size-echo',
  severity: 'error',
  description: 'meta.page_size echoes the page size asked for (or the documented default when none was asked).',
  appliesTo: isList,
  run(exchange, context) {
    if (!context.requestUrl || exchange.response.status !== 200 || !context.paging?.size) return [];
    const { param, field } = context.paging.size;
    const asked = intParam(context, param);
    const bounds = context.parameterSchema(param);
    if (asked === undefined || !bounds) return [];
    // Out-of-range sizes are the filter/page-size-out-of-range check's business (rejected or clamped).
    if (typeof bounds.minimum === 'number' && asked < bounds.minimum) return [];
    if (typeof bounds.maximum === 'number' && asked > bounds.maximum) return [];
    const echoed = meta(exchange)?.[field];
    if (typeof echoed !== 'number' || echoed === asked) return [];
    return [{
      path: `/meta/${field}`,
      expected: asked,
      actual: echoed,
      message: `meta.${field} is ${echoed} but the request asked for ${param}=${asked}.`,
      hint: `The API ignored ${param}; clients that size their pages get a different page than they asked for.`,
    }];
  },
};
