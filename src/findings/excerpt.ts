/** The part of a response body a problem's sample shows: the way to the offending value, bounded. */
import { segmentsOf } from '../json-pointer.js';
import { setKey } from '../json-safe.js';

/**
 * The body around a pointer: every array on the way keeps only the item the pointer goes through
 * (the others become null, so that indexes stay true), arrays off the way keep their first 3 items,
 * strings are cut to 200 characters; objects past 4 levels off the way are elided. Bounded by the
 * shape of the body, not by its size.
 */
export function excerptAt(body: unknown, pointer: string): unknown {
  return excerpt(body, segmentsOf(pointer), 0, 0);
}

function excerpt(value: unknown, segments: string[], depth: number, offPath: number): unknown {
  if (typeof value === 'string') return value.length > 200 ? `${value.slice(0, 199)}…` : value;
  if (value === null || typeof value !== 'object') return value;
  if (offPath > 4) return Array.isArray(value) ? `(array of ${value.length})` : '(object)';
  const next = depth < segments.length ? segments[depth] : undefined;
  if (Array.isArray(value)) {
    const index = next !== undefined && /^\d+$/.test(next) ? Number(next) : -1;
    if (index >= 0 && index < value.length) {
      const out: unknown[] = new Array<unknown>(index + 1).fill(null);
      out[index] = excerpt(value[index], segments, depth + 1, offPath);
      return out;
    }
    return value.slice(0, 3).map((v) => excerpt(v, segments, segments.length, offPath + 1));
  }
  const out: Record<string, unknown> = {};
  // setKey: a body's `__proto__` or `constructor` key is a key of the excerpt too, never its prototype.
  for (const [k, v] of Object.entries(value)) setKey(out, k, k === next ? excerpt(v, segments, depth + 1, offPath) : excerpt(v, segments, segments.length, offPath + 1));
  return out;
}
