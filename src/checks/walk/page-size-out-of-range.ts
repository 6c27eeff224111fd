import type { Exchange } from '../../types.js';
import type { WalkContext } from './types.js';
import { metaOf, PAGE_SIZE_PARAM, requestOf, type RuleMeta, type RuledFinding } from './support.js';
import { askedValue, clampTargets, pageSizeClamped, pageSizeClampedRule, rangeText } from './page-size-clamped.js';

export const pageSizeOutOfRangeRule: RuleMeta = {
  id: 'pagination.page-size-out-of-range',
  severity: 'error',
  description: 'A page size outside the documented bounds is rejected with 400 and the vendor\'s error body (or at worst clamped to the nearest bound), never served as asked, otherwise, or with a 5xx.',
};

/**
 * One exchange of a list request whose page size (`asked`, as sent) is outside the documented bounds,
 * which are read from the page-size parameter's schema. A 400 with the vendor's error body is the
 * documented outcome; a 200 that serves and echoes the nearest bound is clamping, a warning of its own
 * rule (page-size-clamped.ts decides it); anything else is an error. A size within bounds is not this
 * function's business: it returns [].
 */
export function pageSizeOutOfRange(exchange: Exchange, asked: string, context: WalkContext): RuledFinding[] {
  const param = PAGE_SIZE_PARAM[context.operation.api];
  const bounds = context.parameterSchema(param);
  if (!bounds) throw new Error(`rollcall: ${context.operation.id} documents no ${param} parameter; its page-size bounds are unknown`);
  const min = typeof bounds.minimum === 'number' ? bounds.minimum : undefined;
  const max = typeof bounds.maximum === 'number' ? bounds.maximum : undefined;
  const value = askedValue(asked);
  if (Number.isInteger(value) && (min === undefined || value >= min) && (max === undefined || value <= max)) return [];

  const range = rangeText(min, max);
  const request = requestOf(exchange);
  const located = request ? { request } : {};
  const error = (f: Omit<RuledFinding, 'rule' | 'severity'>): RuledFinding[] => [{ rule: pageSizeOutOfRangeRule.id, severity: pageSizeOutOfRangeRule.severity, ...f, ...located }];
  const { status, body } = exchange.response;
  if (status === 400) {
    if (!context.isErrorBody || context.isErrorBody(400, body)) return [];
    return error({
      path: '',
      expected: `the vendor's error body for ${param}=${asked}`,
      actual: body ?? null,
      message: `The API rejects ${param}=${asked} with 400 but not in its documented error format.`,
      hint: 'Answer a bad page size with the vendor\'s error body so that clients can read which parameter is wrong.',
    });
  }
  const nearest = clampTargets(value, min, max);
  if (status < 200 || status > 299) {
    return error({
      path: '#status',
      expected: nearest.length ? `400, or 200 with page_size ${nearest.join(' or ')}` : 400,
      actual: status,
      message: `The API answers ${param}=${asked}, outside ${range}, with status ${status} instead of 400.`,
      hint: status >= 500 ? 'Validate the page size before using it; a bad parameter must not crash the server.' : 'Reject an out-of-range page size with 400, as the document implies.',
    });
  }
  const clamped = pageSizeClamped(exchange, { param, asked, min, max });
  if (clamped.length > 0) return clamped;
  const echoed = metaOf(exchange)?.page_size;
  return error({
    path: '/meta/page_size',
    expected: nearest.length ? `400, or page_size clamped to ${nearest.join(' or ')}` : 400,
    actual: echoed ?? null,
    message: echoed === value ? `The API serves ${param}=${asked}, outside ${range}, as if it were allowed.` : `The API answers ${param}=${asked} with page_size ${JSON.stringify(echoed) ?? 'missing'}, neither a rejection nor the nearest bound.`,
    hint: `Reject a page size outside ${range} with 400, as the document implies.`,
  });
}

/** The two rules a list answer to an out-of-range page size may break (out-of-range first), for registries and reports. */
export const pageSizeOutOfRangeRules: readonly [RuleMeta, RuleMeta] = [pageSizeOutOfRangeRule, pageSizeClampedRule];
