import type { Finding } from '../../types.js';
import type { HttpRule } from './rule.js';

export const statusUndocumented: HttpRule = {
  id: 'http.status-undocumented',
  severity: 'error',
  description: 'The response status is one the document lists for the operation, exactly or by a range code (4XX).',
};

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

/**
 * The key that documents `status`: the exact status when listed, else its range code (OpenAPI: an
 * explicit code takes precedence over a range); undefined when neither is.
 */
export function documentingCode(status: number, documented: readonly DocumentedStatus[]): DocumentedStatus | undefined {
  if (documented.includes(status)) return status;
  return documented.find((d) => typeof d === 'string' && statusesOf(d)[0] <= status && status <= statusesOf(d)[1]);
}

/** An undocumented status other than a success (a 2xx variant is http.success-status-variant's). */
export function statusUndocumentedFindings(status: number, documented: readonly DocumentedStatus[]): Finding[] {
  if (documentingCode(status, documented) !== undefined || (status >= 200 && status <= 299)) return [];
  return [statusUndocumentedFinding(status, documented)];
}

export function statusUndocumentedFinding(status: number, documented: readonly DocumentedStatus[]): Finding {
  return {
    path: '#status',
    expected: [...documented],
    actual: status,
    message: `Status ${status} is not documented for this operation.`,
    hint: 'Either the API answers in an undocumented way, or the spec misses a response: document it (exactly, or by a range code such as 4XX) or fix the API.',
  };
}
