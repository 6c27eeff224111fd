/**
 * Compares two normalised schemas keyword by keyword and reports each difference as a change of a
 * kind (classify.ts). It recurses into properties, array items and map values; paths are JSON
 * Pointer patterns with `*` for array items and `{key}` for map values.
 */
import { ANY, LOWER_BOUNDS, UPPER_BOUNDS, type BoundKeyword, type NormSchema } from './normalize.js';
import type { ChangeKind } from './classify.js';
import { escapeSegment, unescapeSegment } from '../json-pointer.js';

export interface RawChange {
  kind: ChangeKind;
  path: string;
  before: unknown;
  after: unknown;
  message: string;
}

const WIDTH_FORMATS = new Set(['int32', 'int64', 'float', 'double']);

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function covers(types: string[] | undefined, t: string): boolean {
  return types === undefined || types.includes(t) || (t === 'integer' && types.includes('number'));
}

/** true when every value of `a`'s types is allowed by `b`'s. */
function typesWithin(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined) return b === undefined;
  return a.every((t) => covers(b, t));
}

const typeText = (s: NormSchema) => (s.types === undefined ? 'any' : s.types.length === 0 ? 'null' : s.types.join(' | '));

function name(path: string, root: string): string {
  if (path === '') return root;
  const last = path.split('/').pop() ?? '';
  if (last === '*') return `the items of ${name(path.slice(0, -2), root)}`;
  if (last === '{key}') return `the values of ${name(path.slice(0, -6), root)}`;
  return unescapeSegment(last);
}

/** `root` names the schema's root in messages (`the response body`, `the query parameter PageSize`). */
export function compareSchemas(a: NormSchema, b: NormSchema, path: string, out: RawChange[], root = 'the body'): void {
  const at = name(path, root);
  const add = (kind: ChangeKind, before: unknown, after: unknown, message: string) => out.push({ kind, path, before, after, message });
  if (a.recursive || b.recursive) {
    if (a.recursive !== b.recursive) add('type-changed', a.recursive ?? typeText(a), b.recursive ?? typeText(b), `${at} is a recursive reference on one side only; compared no further.`);
    return;
  }

  if (!same(a.types, b.types)) {
    const wider = typesWithin(a.types, b.types);
    const narrower = typesWithin(b.types, a.types);
    if (wider && !narrower) add('type-widened', typeText(a), typeText(b), `${at} may now be ${typeText(b)}, not only ${typeText(a)}.`);
    else if (narrower && !wider) add('type-narrowed', typeText(a), typeText(b), `${at} is now only ${typeText(b)}, not ${typeText(a)}.`);
    else if (!wider && !narrower) {
      add('type-changed', typeText(a), typeText(b), `${at} changed type from ${typeText(a)} to ${typeText(b)}.`);
      return;
    }
  }
  if (a.nullable !== b.nullable) {
    if (b.nullable) add('became-nullable', false, true, `${at} may now be null.`);
    else add('became-non-nullable', true, false, `${at} may no longer be null.`);
  }

  if (a.enum && b.enum) {
    for (const v of a.enum) if (!b.enum.some((w) => same(v, w))) add('enum-value-removed', v, null, `${at} no longer lists the value ${JSON.stringify(v)}.`);
    for (const v of b.enum) if (!a.enum.some((w) => same(v, w))) add('enum-value-added', null, v, `${at} now lists the value ${JSON.stringify(v)}.`);
  } else if (a.enum) add('enum-removed', a.enum, null, `${at} is no longer restricted to ${a.enum.map((v) => JSON.stringify(v)).join(', ')}.`);
  else if (b.enum) add('enum-added', null, b.enum, `${at} is now restricted to ${b.enum.map((v) => JSON.stringify(v)).join(', ')}.`);

  if (a.format !== b.format) {
    const widthOnly = (f: string | undefined) => f === undefined || WIDTH_FORMATS.has(f);
    if (widthOnly(a.format) && widthOnly(b.format)) add('format-width-changed', a.format ?? null, b.format ?? null, `${at}'s number width changed from ${a.format ?? '(none)'} to ${b.format ?? '(none)'}.`);
    else if (a.format === undefined) add('format-added', null, b.format, `${at} now has the format ${b.format}.`);
    else if (b.format === undefined) add('format-removed', a.format, null, `${at} no longer has the format ${a.format}.`);
    else add('format-changed', a.format, b.format, `${at}'s format changed from ${a.format} to ${b.format}.`);
  }

  if (a.pattern !== b.pattern) {
    if (a.pattern === undefined) add('pattern-added', null, b.pattern, `${at} must now match ${b.pattern}.`);
    else if (b.pattern === undefined) add('pattern-removed', a.pattern, null, `${at} no longer has to match ${a.pattern}.`);
    else add('pattern-changed', a.pattern, b.pattern, `${at}'s pattern changed from ${a.pattern} to ${b.pattern}.`);
  }

  compareBounds(a, b, at, add);

  if (a.default && b.default) {
    if (!same(a.default.value, b.default.value)) add('default-changed', a.default.value, b.default.value, `${at}'s default changed from ${JSON.stringify(a.default.value)} to ${JSON.stringify(b.default.value)}.`);
  } else if (a.default) add('default-removed', a.default.value, null, `${at} no longer documents its default ${JSON.stringify(a.default.value)}.`);
  else if (b.default) add('default-added', null, b.default.value, `${at} now documents the default ${JSON.stringify(b.default.value)}.`);

  compareProperties(a, b, path, out, root);

  const apA = a.additionalProperties;
  const apB = b.additionalProperties;
  if (apA === false && apB !== false && a.properties) add('additional-properties-allowed', false, apB === undefined ? true : 'a schema', `${at} may now hold fields it does not document.`);
  else if (apA !== false && apB === false && b.properties) add('additional-properties-forbidden', apA === undefined ? true : 'a schema', false, `${at} may no longer hold fields it does not document.`);
  if (typeof apA === 'object' || typeof apB === 'object') compareSchemas(typeof apA === 'object' ? apA : ANY, typeof apB === 'object' ? apB : ANY, `${path}/{key}`, out, root);
  if (a.items || b.items) compareSchemas(a.items ?? ANY, b.items ?? ANY, `${path}/*`, out, root);
}

function compareBounds(a: NormSchema, b: NormSchema, at: string, add: (kind: ChangeKind, before: unknown, after: unknown, message: string) => void): void {
  const check = (k: BoundKeyword, lower: boolean) => {
    const x = a.bounds[k];
    const y = b.bounds[k];
    if (x === y) return;
    const tightened = x === undefined ? true : y === undefined ? false : lower ? y > x : y < x;
    const text = (v: number | undefined) => (v === undefined ? '(none)' : String(v));
    add(tightened ? 'bound-tightened' : 'bound-loosened', { [k]: x ?? null }, { [k]: y ?? null }, `${at}'s ${k} changed from ${text(x)} to ${text(y)}.`);
  };
  for (const k of LOWER_BOUNDS) check(k, true);
  for (const k of UPPER_BOUNDS) check(k, false);
}

function compareProperties(a: NormSchema, b: NormSchema, path: string, out: RawChange[], root: string): void {
  if (!a.properties && !b.properties) return;
  const pa = a.properties ?? {};
  const pb = b.properties ?? {};
  const reqA = new Set(a.required);
  const reqB = new Set(b.required);
  for (const key of Object.keys(pa)) {
    const child = `${path}/${escapeSegment(key)}`;
    const sb = pb[key];
    if (!sb) {
      out.push({ kind: 'field-removed', path: child, before: key, after: null, message: `${key} is no longer documented in ${name(path, root)}.` });
      continue;
    }
    if (reqA.has(key) && !reqB.has(key)) out.push({ kind: 'field-made-optional', path: child, before: 'required', after: 'optional', message: `${key} is no longer required.` });
    if (!reqA.has(key) && reqB.has(key)) out.push({ kind: 'field-made-required', path: child, before: 'optional', after: 'required', message: `${key} is now required.` });
    compareSchemas(pa[key] as NormSchema, sb, child, out, root);
  }
  for (const key of Object.keys(pb)) {
    if (pa[key]) continue;
    const kind: ChangeKind = reqB.has(key) ? 'required-field-added' : 'field-added';
    out.push({ kind, path: `${path}/${escapeSegment(key)}`, before: null, after: key, message: `${key} is now documented in ${name(path, root)}${reqB.has(key) ? ' and required' : ''}.` });
  }
}
