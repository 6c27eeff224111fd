/** The response codes of a spec: an exact status or an OpenAPI range code, and the statuses each covers. */

/**
 * A response key of an operation as the spec writes it: an exact status (404) or an OpenAPI range
 * code ('4XX'), which documents every status of its hundred (400..499) with the range's schema.
 */
export type DocumentedStatus = number | RangeCode;
export type RangeCode = `${1 | 2 | 3 | 4 | 5}XX`;

const RANGE_CODE = /^[1-5]XX$/;

/** A response key of a spec ('200', '4XX', '4xx') as a DocumentedStatus; undefined for anything else ('default', '99'). */
export function parseResponseCode(key: string): DocumentedStatus | undefined {
  if (/^[1-5]\d\d$/.test(key)) return Number(key);
  const upper = key.toUpperCase();
  return RANGE_CODE.test(upper) ? (upper as RangeCode) : undefined;
}

/** The statuses a documented key covers, inclusive: [404, 404], or [400, 499] for 4XX. */
export function statusesOf(code: DocumentedStatus): readonly [number, number] {
  if (typeof code === 'number') return [code, code];
  const first = Number(code[0]) * 100;
  return [first, first + 99];
}
