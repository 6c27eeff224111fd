/**
 * A violation's fingerprint: operation, rule, path pattern with array indexes as `*`, and the shape
 * of the actual value where that separates causes. Violations with one fingerprint are one problem;
 * the fingerprint's key and id are what baselines, merges and reports match problems by.
 */
import type { Violation } from '../types.js';

/** `/participants/3/sid` -> `/participants/*\/sid`: array indexes become `*`; `#status` stays. */
export function pathPattern(pointer: string): string {
  if (!pointer.startsWith('/')) return pointer;
  // A scan, not a regex: this runs once per violation, millions of times on a hostile body.
  let out = '';
  let start = 0;
  let digits = true;
  for (let i = 1; i <= pointer.length; i++) {
    const c = i < pointer.length ? pointer.charCodeAt(i) : 47;
    if (c === 47) {
      out += digits && i > start + 1 ? '/*' : pointer.slice(start, i);
      start = i;
      digits = true;
    } else if (c < 48 || c > 57) digits = false;
  }
  return out;
}

/** The index of the first segment's item (`/participants/3/sid` -> 3), if the path goes through one. */
export function firstIndex(path: string): number | undefined {
  const slash = path.indexOf('/', 1);
  if (slash < 0 || path.charCodeAt(0) !== 47) return undefined;
  let n = 0;
  let i = slash + 1;
  for (; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 47) break;
    if (c < 48 || c > 57) return undefined;
    n = n * 10 + (c - 48);
  }
  return i > slash + 1 ? n : undefined;
}

export interface Fingerprint {
  operation: string;
  rule: string;
  /** Path pattern (array indexes as `*`), or `#status`, `#header/NAME`; `` for the body. */
  pattern: string;
  /**
   * The kind of value found: `missing`, `null`, `string`, `number`, `boolean`, `object`, `array`,
   * or the value itself (JSON) when the constraint is a list of documented values (an enum or a
   * const): an undocumented `"disconnecting"` is one cause, `null` another. Past NAMED_VALUES values
   * of one place, OTHER_VALUES (see ValueShapes).
   */
  shape: string;
}

/** An enum-like token: a word without digits (ids, URLs and timestamps all have some). */
export const TOKEN = /^[A-Za-z][A-Za-z_-]{0,39}$/;

/** The shape of a violation's actual value (see Fingerprint.shape). */
export function valueShape(actual: unknown, expected: unknown): string {
  if (actual === null) return 'null';
  if (actual === undefined || actual === '(missing)') return 'missing';
  if (typeof actual === 'boolean') return 'boolean';
  if (typeof actual === 'number') return 'number';
  if (Array.isArray(actual)) return 'array';
  if (typeof actual === 'object') return 'object';
  const text = String(actual);
  // describeActual's renderings of containers (src/catalog/adapter.ts).
  if (text === '(object)') return 'object';
  if (/^\(array of \d+\)$/.test(text)) return 'array';
  if (Array.isArray(expected) && TOKEN.test(text)) return JSON.stringify(text);
  return 'string';
}

/**
 * Undocumented values named as problems of their own per place (operation, rule, path pattern): each
 * is one cause, but a target that sends a new word per item would otherwise make a problem per word,
 * and memory would follow the number of words. Past these, the place's further values share one
 * problem, OTHER_VALUES, that counts them (every violation still counted).
 */
export const NAMED_VALUES = 8;
/** The shape of the problem that counts a place's values past NAMED_VALUES. */
export const OTHER_VALUES = '(other values)';

/** Whether a shape is a value (an undocumented enum or const value, as JSON) rather than a kind of value. */
export function isValueShape(shape: string): boolean {
  return shape.startsWith('"');
}

/**
 * The shapes problems are counted under: a value's own shape for the first NAMED_VALUES values of its
 * place, OTHER_VALUES for the rest. Decided in the order violations come, so that everything that
 * reads the same violations in the same order (ProblemSet, firstCases) names the same values.
 * Memory: NAMED_VALUES strings per place, whatever the values.
 */
export class ValueShapes {
  private readonly named = new Map<string, Set<string>>();

  /** `place`: placeOf the violation; `shape`: its valueShape. */
  shapeOf(place: string, shape: string): string {
    if (!isValueShape(shape)) return shape;
    let values = this.named.get(place);
    if (!values) this.named.set(place, (values = new Set()));
    if (values.has(shape)) return shape;
    if (values.size >= NAMED_VALUES) return OTHER_VALUES;
    values.add(shape);
    return shape;
  }

  /** A violation's fingerprint as the problems name it: its value shape through shapeOf (so, read in the run's order). */
  fingerprint(v: Pick<Violation, 'operation' | 'rule' | 'path' | 'actual' | 'expected'>): Fingerprint {
    const raw = fingerprintOf(v);
    return { ...raw, shape: this.shapeOf(placeOf(raw.operation, raw.rule, raw.pattern), raw.shape) };
  }
}

export function fingerprintOf(v: Pick<Violation, 'operation' | 'rule' | 'path' | 'actual' | 'expected'>): Fingerprint {
  return { operation: v.operation, rule: v.rule, pattern: pathPattern(v.path), shape: valueShape(v.actual, v.expected) };
}

/** The fingerprint as one string: the key problems are matched by (baselines, merges, tests). */
export function fingerprintKey(f: Fingerprint): string {
  return `${placeOf(f.operation, f.rule, f.pattern)} ${f.shape}`;
}

/** A fingerprint's place (operation, rule, path pattern) as one string: the start of its key, and what ValueShapes caps by. */
export function placeOf(operation: string, rule: string, pattern: string): string {
  return `${operation} ${rule} ${pattern || '(body)'}`;
}

/** A short stable id for a fingerprint (FNV-1a, 32 bits, hex): `P` + 8 hex digits. */
export function problemId(f: Fingerprint): string {
  const text = fingerprintKey(f);
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `P${h.toString(16).padStart(8, '0')}`;
}
