import type { Exchange } from '../../types.js';
import { metaOf, requestOf, type RuleMeta, type RuledFinding } from './support.js';

/**
 * A page size outside the documented bounds, answered 200 with the nearest bound (or a neighbour of a
 * fraction) served and echoed. pageSizeOutOfRange (page-size-out-of-range.ts) asks this file first on
 * a 2xx answer; whatever else a 2xx does is its own rule.
 */
export const pageSizeClampedRule: RuleMeta = {
  id: 'pagination.page-size-clamped',
  severity: 'warning',
  description: 'A page size outside the documented bounds is silently clamped to the nearest bound (and echoed) instead of being rejected with 400.',
};

/** A page size as sent (`asked`), the parameter that carries it, and its documented bounds. */
export interface PageSizeAsked {
  param: string;
  asked: string;
  min: number | undefined;
  max: number | undefined;
}

/** The number `asked` reads as (NaN when it is not a decimal number). */
export function askedValue(asked: string): number {
  return /^\s*-?\d+(\.\d+)?\s*$/.test(asked) ? Number(asked) : NaN;
}

/** The documented range, for messages: `1..1000`, `-∞..50`. */
export function rangeText(min: number | undefined, max: number | undefined): string {
  return `${min ?? '-∞'}..${max ?? '∞'}`;
}

/** The page sizes the document allows a server to clamp `value` to: the nearest bound, or both neighbours of a fraction. */
export function clampTargets(value: number, min: number | undefined, max: number | undefined): number[] {
  if (!Number.isFinite(value)) return [];
  if (min !== undefined && value < min) return [min];
  if (max !== undefined && value > max) return [max];
  return Number.isInteger(value) ? [] : [Math.floor(value), Math.ceil(value)].filter((v) => (min === undefined || v >= min) && (max === undefined || v <= max));
}

/**
 * The answer to a list request with an out-of-range page size: a 2xx whose `page_size` echo is a size
 * the asked one may be clamped to is this rule; anything else (a size within bounds, another status,
 * another echo) is not, and returns [].
 */
export function pageSizeClamped(exchange: Exchange, size: PageSizeAsked): RuledFinding[] {
  const { status } = exchange.response;
  if (status < 200 || status > 299) return [];
  const echoed = metaOf(exchange)?.page_size;
  if (typeof echoed !== 'number' || !clampTargets(askedValue(size.asked), size.min, size.max).includes(echoed)) return [];
  const request = requestOf(exchange);
  return [{
    rule: pageSizeClampedRule.id,
    severity: pageSizeClampedRule.severity,
    path: '/meta/page_size',
    expected: `400 (${size.param} is documented as ${rangeText(size.min, size.max)})`,
    actual: echoed,
    message: `The API clamps ${size.param}=${size.asked} to ${echoed} instead of rejecting it.`,
    hint: 'Either document the clamping or reject out-of-range page sizes with 400; clients cannot tell they got fewer items than asked.',
    ...(request ? { request } : {}),
  }];
}
