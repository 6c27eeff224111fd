import { schemaRefs, type JsonSchema, type SchemaFile } from '../schemas.js';
import { refOf } from '../ref/resolver.js';

/**
 * The schemas as Ajv compiles them: every `$ref` whose target can be merged into the referring node
 * is replaced by that merge, so Ajv generates one function per operation instead of a function call
 * (with an options object and a path string built for it) per field. On a 50-participant Twilio page
 * that is 500 calls less per validation (README Performance). schemas/ itself is unchanged: this is
 * a compiled view, like Ajv's own code, and the catalog keeps the files as written for everything else.
 *
 * `{...siblings, $ref: T}` means both apply (an allOf). Merging is exact when the two share no
 * keyword and no keyword of one reads a sibling of the other (additionalProperties reads properties,
 * items reads prefixItems, then/else read if, ...). Otherwise the `$ref` stays (made absolute, since
 * the node may now sit in another file). References that form a cycle stay too.
 */

/** Keywords whose value is one schema, a map of schemas, or a list of schemas (JSON Schema 2020-12 applicators). */
const ONE = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedItems', 'unevaluatedProperties', 'additionalItems']);
const MAP = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const LIST = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Keywords that read siblings: both sides touching one group means the merge could change the meaning. */
const GROUPS = [
  ['properties', 'patternProperties', 'additionalProperties', 'unevaluatedProperties'],
  ['prefixItems', 'items', 'additionalItems', 'unevaluatedItems'],
  ['if', 'then', 'else'],
  ['contains', 'minContains', 'maxContains'],
];
/** A target with one of these is a resource or an anchor of its own: never merged. */
const IDENTITY = ['$id', '$anchor', '$dynamicAnchor', '$dynamicRef', '$recursiveRef', '$recursiveAnchor', '$schema', '$defs', 'definitions'];

function mergeable(node: JsonSchema, target: JsonSchema): boolean {
  if (IDENTITY.some((k) => k in target)) return false;
  if (Object.keys(target).some((k) => k in node)) return false;
  return GROUPS.every((g) => !(g.some((k) => k in node) && g.some((k) => k in target)));
}

export function inlineRefs(files: SchemaFile[]): SchemaFile[] {
  const refs = schemaRefs(files);

  /** `base` is the `$id` of the file the node is in; references are made absolute against it. */
  function visit(node: unknown, base: string, stack: string[]): unknown {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return node;
    const schema = node as JsonSchema;
    let out: JsonSchema = {};
    for (const [k, v] of Object.entries(schema)) {
      if (k === '$ref') continue;
      if (ONE.has(k)) out[k] = visit(v, base, stack);
      else if (MAP.has(k) && v && typeof v === 'object') out[k] = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, visit(s, base, stack)]));
      else if (LIST.has(k) && Array.isArray(v)) out[k] = v.map((s) => visit(s, base, stack));
      else out[k] = v;
    }
    const ref = refOf(schema);
    if (ref === undefined) return out;
    // The reference as Ajv will see it: absolute, since the node may now sit in another file.
    const absolute = new URL(ref, base).href;
    if (stack.includes(absolute)) return { ...out, $ref: absolute };
    const target = refs.resolve(absolute, base);
    if (!target.node || typeof target.node !== 'object') throw new Error(`rollcall: reference ${absolute} does not resolve to a schema`);
    const resolved = visit(target.node, refs.idOf(target.file) ?? base, [...stack, absolute]) as JsonSchema;
    if (!mergeable(out, resolved)) return { ...out, $ref: absolute };
    out = { ...resolved, ...out };
    return out;
  }

  return files.map((f) => ({ ...f, schema: visit(f.schema, f.id, []) as JsonSchema }));
}
