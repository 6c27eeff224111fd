import fs from 'node:fs';
import path from 'node:path';
import { SCHEMAS_DIR } from './paths.js';
import { RefResolver, refOf, refSiblings, type RefTarget } from './ref/resolver.js';

/** A JSON Schema node; schemas are plain data read from schemas/. */
export type JsonSchema = { [keyword: string]: unknown };

export interface SchemaFile {
  /** File name inside schemas/, e.g. `twilio.schema.json`. */
  file: string;
  /** Its `$id`. */
  id: string;
  schema: JsonSchema;
}

let cache: SchemaFile[] | undefined;

/** Every schema file of schemas/, read once. */
export function loadSchemaFiles(dir: string = SCHEMAS_DIR): SchemaFile[] {
  if (dir === SCHEMAS_DIR && cache) return cache;
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.schema.json')).sort();
  const out = files.map((file) => {
    const full = path.join(dir, file);
    let schema: JsonSchema;
    try {
      schema = JSON.parse(fs.readFileSync(full, 'utf8')) as JsonSchema;
    } catch (err) {
      throw new Error(`rollcall: cannot read schema ${full}: ${(err as Error).message}`);
    }
    if (typeof schema.$id !== 'string') throw new Error(`rollcall: schema ${full} has no $id`);
    return { file, id: schema.$id, schema };
  });
  if (dir === SCHEMAS_DIR) cache = out;
  return out;
}

/** The shared resolver over a set of schema files (keyed by file name and `$id`), built once per set. */
const resolvers = new WeakMap<readonly SchemaFile[], { size: number; refs: RefResolver }>();

export function schemaRefs(files: readonly SchemaFile[] = loadSchemaFiles()): RefResolver {
  const known = resolvers.get(files);
  if (known && known.size === files.length) return known.refs;
  const refs = new RefResolver({ documents: files.map((f) => ({ file: f.file, id: f.id, document: f.schema })), byName: true, prefix: 'rollcall: ' });
  resolvers.set(files, { size: files.length, refs });
  return refs;
}

/** The schema file a reference (or `$id`, or file name) names, as its file name; a local reference names `fromFile`. */
export function schemaFileOf(ref: string, fromFile?: string, files: readonly SchemaFile[] = loadSchemaFiles()): string {
  return schemaRefs(files).locate(ref, fromFile);
}

/**
 * A chain of references (`[first target, ..., last]`, the last without a `$ref`) as one schema:
 * each step's sibling keywords merged over what it points to, siblings winning.
 */
function mergeChain(steps: RefTarget[], ref: string): JsonSchema {
  const nodes = steps.map((s) => {
    if (!s.node || typeof s.node !== 'object' || Array.isArray(s.node)) throw new Error(`rollcall: reference ${ref} does not resolve to a schema (${s.file}#${s.pointer})`);
    return s.node as JsonSchema;
  });
  let merged = nodes[nodes.length - 1] as JsonSchema;
  for (let i = nodes.length - 2; i >= 0; i--) merged = mergeSchemas(merged, refSiblings(nodes[i] as JsonSchema));
  return merged;
}

/**
 * Resolves a reference such as `twilio.schema.json#/$defs/PageSize` (or a full `$id` URI + fragment)
 * to its schema node, following `$ref` chains (src/ref/resolver.ts). Throws, naming the reference, when it does not exist.
 */
export function resolveDef(ref: string, files: SchemaFile[] = loadSchemaFiles()): JsonSchema {
  return mergeChain(schemaRefs(files).chain(ref), ref);
}

/**
 * A node whose `$ref` has siblings (`{type: [string, null], $ref: '#/$defs/DateTime'}`) means both:
 * the referenced constraint and the sibling keywords. This returns them merged, siblings winning.
 */
function mergeRef(node: JsonSchema, fileOfNode: string, files: SchemaFile[]): JsonSchema {
  const ref = refOf(node);
  if (ref === undefined) return node;
  return mergeSchemas(resolveDef(schemaRefs(files).absolute(ref, fileOfNode), files), refSiblings(node));
}

/**
 * Both schemas apply (as `allOf`); for reading constraints they are merged, `properties` key by key,
 * e.g. the Twilio meta shape plus a list's `key: {const: participants}`.
 */
function mergeSchemas(target: JsonSchema, siblings: JsonSchema): JsonSchema {
  const merged: JsonSchema = { ...target, ...siblings };
  const a = target.properties as Record<string, JsonSchema> | undefined;
  const b = siblings.properties as Record<string, JsonSchema> | undefined;
  if (a && b) {
    const properties: Record<string, JsonSchema> = { ...a };
    for (const [key, value] of Object.entries(b)) properties[key] = { ...(a[key] ?? {}), ...value };
    merged.properties = properties;
  }
  return merged;
}

/** The non-null branch of a nullable `anyOf: [X, {type: null}]`, resolved; the node itself otherwise. */
export function nonNullBranch(node: JsonSchema, fileOfNode: string, files: SchemaFile[] = loadSchemaFiles()): JsonSchema {
  const branches = node.anyOf as JsonSchema[] | undefined;
  let target = node;
  if (Array.isArray(branches)) {
    const other = branches.find((b) => b.type !== 'null');
    if (other) target = other;
  }
  return mergeRef(target, fileOfNode, files);
}

/**
 * Follows a node's `$ref` (merging sibling keywords, as resolveDef does) and reports the schema file
 * the result came from (the file of the reference's first target), so that relative references
 * inside it can be followed in turn. For walking schemas: cases, mock data and the mutation tests
 * derive from schemas/ this way.
 */
export function resolveNode(node: JsonSchema, baseFile: string, files: SchemaFile[] = loadSchemaFiles()): { node: JsonSchema; baseFile: string } {
  const ref = refOf(node);
  if (ref === undefined) return { node, baseFile };
  const refs = schemaRefs(files);
  const steps = refs.chain(ref, baseFile);
  return { node: mergeSchemas(mergeChain(steps, ref), refSiblings(node)), baseFile: (steps[0] as RefTarget).file };
}
