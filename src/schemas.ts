import fs from 'node:fs';
import path from 'node:path';
import { SCHEMAS_DIR } from './paths.js';
import { unescapeSegment } from './json-pointer.js';

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

/**
 * Resolves a reference such as `twilio.schema.json#/$defs/PageSize` (or a full `$id` URI + fragment)
 * to its schema node, following `$ref` chains. Throws, naming the reference, when it does not exist.
 */
export function resolveDef(ref: string, files: SchemaFile[] = loadSchemaFiles()): JsonSchema {
  const [base = '', fragment = ''] = ref.split('#');
  const file = files.find((f) => f.id === base || f.file === base || f.id.endsWith('/' + base));
  if (!file) throw new Error(`rollcall: no schema file for reference ${ref}`);
  let node: unknown = file.schema;
  for (const raw of fragment.split('/').slice(1)) {
    const key = unescapeSegment(raw);
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (!node || typeof node !== 'object') throw new Error(`rollcall: reference ${ref} does not resolve`);
  return mergeRef(node as JsonSchema, file.file, files);
}

/**
 * A node whose `$ref` has siblings (`{type: [string, null], $ref: '#/$defs/DateTime'}`) means both:
 * the referenced constraint and the sibling keywords. This returns them merged, siblings winning.
 */
function mergeRef(node: JsonSchema, fileOfNode: string, files: SchemaFile[]): JsonSchema {
  if (typeof node.$ref !== 'string') return node;
  const next = node.$ref.startsWith('#') ? fileOfNode + node.$ref : node.$ref;
  const { $ref: _ref, ...siblings } = node;
  return mergeSchemas(resolveDef(next, files), siblings);
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
 * the result came from, so that relative references inside it can be followed in turn. For walking
 * schemas: cases, mock data and the mutation tests derive from schemas/ this way.
 */
export function resolveNode(node: JsonSchema, baseFile: string, files: SchemaFile[] = loadSchemaFiles()): { node: JsonSchema; baseFile: string } {
  if (typeof node.$ref !== 'string') return { node, baseFile };
  const [filePart = '', fragment = ''] = node.$ref.split('#');
  const file = filePart === '' ? baseFile : (files.find((f) => f.id === filePart || f.file === filePart || f.id.endsWith('/' + filePart))?.file ?? filePart);
  const { $ref: _ref, ...siblings } = node;
  const target = resolveDef(`${file}#${fragment}`, files);
  return { node: mergeSchemas(target, siblings), baseFile: file };
}
