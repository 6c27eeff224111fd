/**
 * Generates, from schemas/, one mutation per constraint of a valid response: the response with
 * exactly that constraint broken, and the violation the validator must report for it. Nothing here
 * lists a field, a pattern or a bound: the schema walk finds them.
 */
import { loadSchemaFiles, resolveNode, type JsonSchema } from '../../src/schemas.js';

export interface Mutation {
  name: string;
  body: unknown;
  rule: string;
  path: string;
  severity: 'error' | 'warning';
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const RULE_KEYWORD = 'x-rule';
const escape = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
const clone = <T>(v: T): T => structuredClone(v);

function setAt(root: Json, pointer: string, value: Json | undefined): Json {
  const copy = clone(root);
  const keys = pointer.split('/').slice(1).map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = copy as Record<string, Json>;
  for (const k of keys.slice(0, -1)) node = node[k] as Record<string, Json>;
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete node[last];
  else node[last] = value;
  return copy;
}

const typesOf = (schema: JsonSchema): string[] | undefined =>
  schema.type === undefined ? undefined : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];

function jsonType(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A value of a type the schema does not allow. */
function wrongType(allowed: string[]): Json | undefined {
  const candidates: Array<[string, Json]> = [['integer', 12345], ['string', 'not-a-number'], ['boolean', true], ['object', {}], ['array', []]];
  const ok = (t: string) => allowed.includes(t) || (t === 'integer' && allowed.includes('number'));
  return candidates.find(([t]) => !ok(t))?.[1];
}

const BAD_FORMAT: Record<string, string> = {
  'date-time': '2017-07-30 25:61',
  date: '2021-02-30',
  uri: 'https://bad+host,name.example/x',
  uuid: 'not-a-uuid',
};

/** A string breaking the pattern, of the same length when the pattern fixes one (so only the pattern breaks). */
function offPattern(pattern: string, value: string): string {
  const re = new RegExp(pattern);
  for (const candidate of ['ZZ' + value.slice(2), value.slice(0, -1) + '!', '!' + value.slice(1), '!']) {
    if (!re.test(candidate)) return candidate;
  }
  throw new Error(`cannot break pattern ${pattern}`);
}

/** Follows `$ref` and a nullable `anyOf: [X, {type: null}]` to the node that holds the constraints. */
function effective(node: JsonSchema, base: string): { node: JsonSchema; base: string; nullable: boolean } {
  let { node: n, baseFile: b } = resolveNode(node, base);
  let nullable = typesOf(n)?.includes('null') ?? false;
  const branches = n.anyOf as JsonSchema[] | undefined;
  if (Array.isArray(branches) && branches.length === 2 && branches.some((x) => x.type === 'null')) {
    nullable = true;
    const other = branches.find((x) => x.type !== 'null') as JsonSchema;
    ({ node: n, baseFile: b } = resolveNode(other, b));
    if (typeof n.$ref === 'string') ({ node: n, baseFile: b } = resolveNode(n, b));
  }
  return { node: n, base: b, nullable };
}

export function mutationsOf(root: Json, schemaRef: string): Mutation[] {
  const files = loadSchemaFiles();
  const [file, fragment] = schemaRef.split('#');
  const base = files.find((f) => f.id === file)?.file ?? '';
  const out: Mutation[] = [];

  function walk(value: Json, schemaNode: JsonSchema, baseFile: string, pointer: string, ctx: { siblingsRule?: string }): void {
    const { node, base: b, nullable } = effective(schemaNode, baseFile);
    const rule = typeof node[RULE_KEYWORD] === 'string' ? (node[RULE_KEYWORD] as string) : undefined;
    const types = typesOf(node) ?? (nullable ? undefined : undefined);
    const allowed = types ? [...types, ...(nullable && !types.includes('null') ? ['null'] : [])] : undefined;
    const label = pointer || '(root)';
    if (pointer !== '' && allowed) {
      const bad = wrongType(allowed);
      if (bad !== undefined) out.push({ name: `${label}: type`, body: setAt(root, pointer, bad), rule: 'schema.type', path: pointer, severity: 'error' });
    }
    if (value === null) return;
    if (Array.isArray(node.enum) && pointer !== '') {
      out.push({ name: `${label}: enum`, body: setAt(root, pointer, 'not-a-documented-value'), rule: rule ?? 'schema.enum', path: pointer, severity: 'error' });
    }
    if (node.const !== undefined) {
      // The catalog refuses a const without an x-rule (src/catalog/keywords.ts): a fixed value is always a named fact.
      if (!rule) throw new Error(`mutations: the const at ${label} carries no ${RULE_KEYWORD}`);
      out.push({ name: `${label}: const`, body: setAt(root, pointer, 'something-else'), rule, path: pointer, severity: 'error' });
    }
    if (typeof value === 'string') {
      if (typeof node.pattern === 'string') {
        out.push({ name: `${label}: pattern`, body: setAt(root, pointer, offPattern(node.pattern, value)), rule: rule ?? 'schema.pattern', path: pointer, severity: 'error' });
        if (typeof node.maxLength === 'number') {
          out.push({ name: `${label}: maxLength`, body: setAt(root, pointer, value + 'a'), rule: rule ?? 'schema.bounds', path: pointer, severity: 'error' });
        }
      }
      if (typeof node.format === 'string' && BAD_FORMAT[node.format]) {
        out.push({ name: `${label}: format ${node.format}`, body: setAt(root, pointer, BAD_FORMAT[node.format] as string), rule: rule ?? 'schema.format', path: pointer, severity: 'error' });
      }
    }
    if (typeof value === 'number') {
      if (typeof node.minimum === 'number') out.push({ name: `${label}: minimum`, body: setAt(root, pointer, node.minimum - 1), rule: rule ?? 'schema.bounds', path: pointer, severity: 'error' });
      if (typeof node.maximum === 'number') out.push({ name: `${label}: maximum`, body: setAt(root, pointer, node.maximum + 1), rule: rule ?? 'schema.bounds', path: pointer, severity: 'error' });
    }
    if (Array.isArray(value)) {
      const items = node.items as JsonSchema | undefined;
      if (items && value.length > 0) walk(value[0] as Json, items, b, `${pointer}/0`, {});
      return;
    }
    if (typeof value === 'object') {
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      for (const key of (node.required ?? []) as string[]) {
        out.push({ name: `${pointer}/${escape(key)}: required`, body: setAt(root, `${pointer}/${escape(key)}`, undefined), rule: 'schema.required', path: `${pointer}/${escape(key)}`, severity: 'error' });
      }
      if (node.additionalProperties === false) {
        out.push({ name: `${label}: undocumented field`, body: setAt(root, `${pointer}/x_undocumented`, 1), rule: 'drift.undocumented-field', path: `${pointer}/x_undocumented`, severity: 'warning' });
      }
      for (const [key, child] of Object.entries(value)) {
        if (props[key]) walk(child, props[key] as JsonSchema, b, `${pointer}/${escape(key)}`, {});
        else if (node.additionalProperties && typeof node.additionalProperties === 'object') walk(child, node.additionalProperties as JsonSchema, b, `${pointer}/${escape(key)}`, {});
      }
    }
    void ctx;
  }

  walk(root, { $ref: `#${fragment}` }, base, '', {});
  return out;
}
