/**
 * One shape for a schema, whatever dialect wrote it, so that two documents compare keyword by
 * keyword: OpenAPI 3.0 `nullable: true`, 3.1 `type: [X, 'null']` and `anyOf: [X, {type: 'null'}]`
 * all become `nullable`; `const` is a one-value enum; 3.0's boolean `exclusiveMinimum` becomes 3.1's
 * number; `$ref` siblings are merged over the target (both Twilio's files and ours rely on that);
 * Twilio's `format: uri-map` becomes a map of `uri` strings. Annotations (description, examples,
 * x-*) are dropped: they do not change what a client may send or receive.
 */
import { DiffInputError, isObject, type Doc, type RefResolver } from './document.js';
import { segmentsOf } from '../json-pointer.js';

export const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'] as const;
export const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'] as const;
export type BoundKeyword = (typeof LOWER_BOUNDS)[number] | (typeof UPPER_BOUNDS)[number];

export interface NormSchema {
  /** JSON types without `null`, sorted; undefined = any type. */
  types?: string[];
  nullable: boolean;
  /** Allowed values without null; undefined = no enum. */
  enum?: unknown[];
  format?: string;
  pattern?: string;
  bounds: Partial<Record<BoundKeyword, number>>;
  /** Wrapped so that a default of `null` or `false` is told apart from none. */
  default?: { value: unknown };
  properties?: Record<string, NormSchema>;
  required: string[];
  /** false: closed; a schema: a map's values; undefined: open (not stated). */
  additionalProperties?: false | NormSchema;
  items?: NormSchema;
  /** Set when this node is a reference met again inside itself: compared by reference only. */
  recursive?: string;
}

/** Keywords whose presence says something about nullability (so that a `$ref` sibling may override it). */
interface Stated {
  schema: NormSchema;
  nullabilityStated: boolean;
}

export const ANY: NormSchema = Object.freeze({ nullable: false, bounds: {}, required: [] }) as NormSchema;

const MAX_DEPTH = 64;

export class Normalizer {
  constructor(private readonly resolver: RefResolver) {}

  normalize(raw: unknown, file: string, stack: readonly string[] = []): NormSchema {
    return this.stated(raw, file, stack).schema;
  }

  private stated(raw: unknown, file: string, stack: readonly string[]): Stated {
    if (raw === false) return { schema: { nullable: false, bounds: {}, required: [], types: [] }, nullabilityStated: true };
    if (!isObject(raw)) return { schema: { ...ANY, bounds: {}, required: [] }, nullabilityStated: false };
    if (stack.length > MAX_DEPTH) throw new DiffInputError(`${file}: schemas nest deeper than ${MAX_DEPTH} levels`);
    if (typeof raw.$ref === 'string') {
      const target = this.resolver.resolve(raw.$ref, file);
      const targetKey = `${target.file}#${target.pointer}`;
      if (stack.includes(targetKey)) return { schema: { ...ANY, bounds: {}, required: [], recursive: segmentsOf(target.pointer).at(-1) ?? target.file }, nullabilityStated: false };
      const base = this.stated(target.node, target.file, [...stack, targetKey]);
      const { $ref: _ref, ...siblings } = raw;
      if (Object.keys(siblings).length === 0) return base;
      return overlay(base, this.own(siblings, file, stack));
    }
    return this.own(raw, file, stack);
  }

  private own(node: Doc, file: string, stack: readonly string[]): Stated {
    let result: Stated = { schema: { nullable: false, bounds: {}, required: [] }, nullabilityStated: false };
    if (Array.isArray(node.allOf)) for (const part of node.allOf) result = overlay(result, this.stated(part, file, stack));
    const branches = Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined;
    if (branches) result = overlay(result, this.alternatives(branches, file, stack));
    const s = { ...result.schema, bounds: { ...result.schema.bounds } };
    let stated = result.nullabilityStated;
    if (node.type !== undefined) {
      const list = (Array.isArray(node.type) ? node.type : [node.type]).map(String);
      s.types = [...new Set(list.filter((t) => t !== 'null'))].sort();
      s.nullable = list.includes('null');
      stated = true;
    }
    if (node.nullable === true) {
      s.nullable = true;
      stated = true;
    }
    const values = Array.isArray(node.enum) ? node.enum : node.const !== undefined ? [node.const] : undefined;
    if (values) {
      s.enum = values.filter((v) => v !== null);
      if (values.includes(null)) {
        s.nullable = true;
        stated = true;
      }
    }
    if (typeof node.format === 'string') s.format = node.format;
    if (typeof node.pattern === 'string') s.pattern = node.pattern;
    for (const k of [...LOWER_BOUNDS, ...UPPER_BOUNDS]) if (typeof node[k] === 'number') s.bounds[k] = node[k] as number;
    // OpenAPI 3.0: `exclusiveMinimum: true` makes `minimum` exclusive.
    if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
      s.bounds.exclusiveMinimum = node.minimum;
      delete s.bounds.minimum;
    }
    if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
      s.bounds.exclusiveMaximum = node.maximum;
      delete s.bounds.maximum;
    }
    if ('default' in node) s.default = { value: node.default };
    if (isObject(node.properties)) {
      s.properties = { ...(s.properties ?? {}) };
      for (const [key, child] of Object.entries(node.properties)) s.properties[key] = this.normalize(child, file, stack);
    }
    if (Array.isArray(node.required)) s.required = [...new Set([...s.required, ...node.required.map(String)])].sort();
    if (node.additionalProperties === false) s.additionalProperties = false;
    else if (isObject(node.additionalProperties)) s.additionalProperties = this.normalize(node.additionalProperties, file, stack);
    if (isObject(node.items)) s.items = this.normalize(node.items, file, stack);
    // Twilio's `format: uri-map` is "an object whose values are URIs": said in JSON Schema, so it compares with ours.
    if (s.format === 'uri-map' && s.additionalProperties === undefined) {
      s.additionalProperties = { types: ['string'], nullable: false, format: 'uri', bounds: {}, required: [] };
      delete s.format;
    }
    return { schema: s, nullabilityStated: stated };
  }

  /** anyOf/oneOf: `{type: null}` branches make it nullable; one other branch is the schema; several are a union. */
  private alternatives(branches: unknown[], file: string, stack: readonly string[]): Stated {
    const normalized = branches.map((b) => this.normalize(b, file, stack));
    const isNull = (b: NormSchema) => b.nullable && b.types !== undefined && b.types.length === 0;
    const others = normalized.filter((b) => !isNull(b));
    const nullable = others.length < normalized.length || others.some((b) => b.nullable);
    if (others.length === 1) return { schema: { ...(others[0] as NormSchema), nullable }, nullabilityStated: true };
    // A union: what every branch allows, shallowly (the types, and the enum values when all branches are enums).
    const types = others.some((b) => b.types === undefined) ? undefined : [...new Set(others.flatMap((b) => b.types ?? []))].sort();
    const schema: NormSchema = { nullable, bounds: {}, required: [], ...(types ? { types } : {}) };
    if (others.length > 0 && others.every((b) => b.enum)) schema.enum = others.flatMap((b) => b.enum ?? []);
    return { schema, nullabilityStated: true };
  }
}

/** `over` applies on top of `base` (a `$ref`'s siblings, an allOf part): its keywords win where it states them. */
function overlay(base: Stated, over: Stated): Stated {
  const a = base.schema;
  const b = over.schema;
  const s: NormSchema = {
    ...a,
    ...(b.types !== undefined ? { types: b.types } : {}),
    nullable: over.nullabilityStated ? b.nullable : a.nullable,
    bounds: { ...a.bounds, ...b.bounds },
    required: [...new Set([...a.required, ...b.required])].sort(),
  };
  if (b.enum) s.enum = b.enum;
  if (b.format !== undefined) s.format = b.format;
  if (b.pattern !== undefined) s.pattern = b.pattern;
  if (b.default) s.default = b.default;
  if (b.properties) {
    const merged: Record<string, NormSchema> = { ...(a.properties ?? {}) };
    for (const [key, value] of Object.entries(b.properties)) {
      const under = merged[key];
      merged[key] = under ? overlay({ schema: under, nullabilityStated: true }, { schema: value, nullabilityStated: value.types !== undefined || value.nullable }).schema : value;
    }
    s.properties = merged;
  }
  if (b.additionalProperties !== undefined) s.additionalProperties = b.additionalProperties;
  if (b.items) s.items = b.items;
  if (b.recursive) s.recursive = b.recursive;
  return { schema: s, nullabilityStated: base.nullabilityStated || over.nullabilityStated };
}
