/**
 * Where a constraint comes from: the schema node that states it (`schemas/<file>#/$defs/...`) and
 * the document it was written from, read from the node's `x-source` annotation in schemas/
 * (`{"seed": "001", "quote": "..."}` or `{"notes": "V12"}`). A problem's fingerprint (operation +
 * path pattern) is followed from the operation's success response schema through `properties`,
 * `items`, `$ref`s and the branches of `anyOf`/`allOf`; a path that is not in the body (`#status`,
 * `#header/...`) points to the operation in its spec.
 */
import type { Catalog } from '../catalog/catalog.js';
import { sharedCatalog } from '../catalog/shared.js';
import { schemaRefs, type SchemaFile } from '../schemas.js';
import { RefError } from '../ref/resolver.js';
import type { Fingerprint } from './fingerprint.js';
import type { ConstraintSource } from './problem.js';
import { escapeSegment, segmentsOf, valueAt } from '../json-pointer.js';
import { packagePathShown, packagePathsShown } from '../paths.js';

/** The annotation keyword in schemas/. */
export const SOURCE_KEYWORD = 'x-source';

type Node = Record<string, unknown>;

interface Located {
  file: SchemaFile;
  pointer: string;
  node: Node;
}

function isNode(v: unknown): v is Node {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where a reference leads (src/ref/resolver.ts), or undefined when it does not resolve to a schema node. */
function at(files: readonly SchemaFile[], from: SchemaFile, ref: string): Located | undefined {
  let target;
  try {
    target = schemaRefs(files).resolve(ref, from.file);
  } catch (err) {
    if (err instanceof RefError) return undefined;
    throw err;
  }
  const file = files.find((f) => f.file === target.file);
  return file && isNode(target.node) ? { file, pointer: target.pointer, node: target.node } : undefined;
}

/** The node itself, then what its `$ref` and its `anyOf`/`allOf`/`oneOf` branches lead to (depth-first, bounded). */
function expansions(files: readonly SchemaFile[], start: Located, depth = 0): Located[] {
  if (depth > 6) return [start];
  const out: Located[] = [start];
  const { node } = start;
  if (typeof node.$ref === 'string') {
    const target = at(files, start.file, node.$ref);
    if (target) out.push(...expansions(files, target, depth + 1));
  }
  for (const k of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[k];
    if (!Array.isArray(branches)) continue;
    branches.forEach((b, i) => {
      if (isNode(b)) out.push(...expansions(files, { file: start.file, pointer: `${start.pointer}/${k}/${i}`, node: b }, depth + 1));
    });
  }
  return out;
}

function child(files: readonly SchemaFile[], from: Located, segment: string): Located | undefined {
  for (const l of expansions(files, from)) {
    const props = l.node.properties;
    if (segment !== '*' && isNode(props) && isNode(props[segment])) return { file: l.file, pointer: `${l.pointer}/properties/${escapeSegment(segment)}`, node: props[segment] as Node };
    if (segment === '*' && isNode(l.node.items)) return { file: l.file, pointer: `${l.pointer}/items`, node: l.node.items };
  }
  for (const l of expansions(files, from)) {
    if (isNode(l.node.additionalProperties)) return { file: l.file, pointer: `${l.pointer}/additionalProperties`, node: l.node.additionalProperties };
  }
  return undefined;
}

function schemaAddress(l: Located): string {
  const name = l.file.file.replace(/^.*[\\/]schemas[\\/]/, '').replace(/\\/g, '/');
  return `schemas/${name}#${l.pointer}`;
}

/** The x-source of a node, as the reports print it. */
export function documentOf(annotation: unknown): ConstraintSource['document'] | undefined {
  if (!isNode(annotation)) return undefined;
  const out: NonNullable<ConstraintSource['document']> = {};
  if (typeof annotation.seed === 'string') out.seed = annotation.seed;
  if (typeof annotation.notes === 'string') out.notes = annotation.notes;
  if (typeof annotation.quote === 'string') out.quote = annotation.quote;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The source of the constraint at a path pattern of an operation's success body. */
export function sourceOfPattern(catalog: Catalog, operationId: string, pattern: string, schemaRule = true): ConstraintSource | undefined {
  let info;
  try {
    info = catalog.operation(operationId);
  } catch {
    return undefined;
  }
  const files = catalog.schemaFiles;
  const spec = `specs/${info.specFile.replace(/^.*[\\/]/, '')}`;
  if (!pattern.startsWith('/')) return { schema: `${spec} ${info.method} ${info.path}` };
  const ok = info.responses.find((r) => r.status >= 200 && r.status < 300 && r.schemaRef);
  const root = ok?.schemaRef ? at(files, files[0] as SchemaFile, ok.schemaRef) : undefined;
  if (!root) return { schema: `${spec} ${info.method} ${info.path}` };
  let here: Located | undefined = root;
  let nearest: Located = root;
  for (const segment of segmentsOf(pattern)) {
    here = child(files, here, segment);
    if (!here) break;
    nearest = here;
  }
  // A schema rule is about the node's own constraint: its annotation, else the first definition it
  // leads to that has one. A check (pagination, filter, consistency...) is about the field in its
  // container: the definition that holds the field. Either way, the holding definition is the fallback.
  const holder = holdingDefinition(nearest);
  const order = schemaRule ? [...expansions(files, nearest), ...(holder ? [holder] : [])] : [...(holder ? [holder] : []), ...expansions(files, nearest)];
  for (const l of order) {
    const document = documentOf(l.node[SOURCE_KEYWORD]);
    if (document) return { schema: schemaAddress(l), document };
  }
  return { schema: schemaAddress(nearest) };
}

/** The `$defs` entry a node sits in (`#/$defs/ListMeta/properties/x` -> `#/$defs/ListMeta`). */
function holdingDefinition(l: Located): Located | undefined {
  const m = /^\/\$defs\/[^/]+/.exec(l.pointer);
  if (!m) return undefined;
  const node = valueAt(l.file.schema, m[0]);
  return isNode(node) ? { file: l.file, pointer: m[0], node } : undefined;
}

/** A memoised `sourceOf` for a ProblemSet. */
export function provenanceOf(catalog: Catalog): (f: Fingerprint) => ConstraintSource | undefined {
  const memo = new Map<string, ConstraintSource | undefined>();
  const schemaRules = new Set(catalog.rules().filter((r) => r.source === 'schema').map((r) => r.id));
  return (f) => {
    const schemaRule = schemaRules.has(f.rule);
    const key = `${f.operation} ${f.pattern} ${schemaRule}`;
    if (!memo.has(key)) memo.set(key, sourceOfPattern(catalog, f.operation, f.pattern, schemaRule));
    return memo.get(key);
  };
}

/** The resolver over the reports' shared catalog (src/catalog/shared.ts). */
export async function provenanceResolver(): Promise<(f: Fingerprint) => ConstraintSource | undefined> {
  return provenanceOf(await sharedCatalog());
}

/** A source as one line: `schemas/x.schema.json#/$defs/Y (seed 001: "quote")`. */
export function sourceText(s: ConstraintSource | undefined): string {
  if (!s) return '(unknown)';
  const d = s.document;
  const doc = d ? (d.seed ? `seed ${d.seed}${d.quote ? `: "${d.quote}"` : ''}` : d.notes ? `${packagePathShown('specs/NOTES.md')} ${d.notes}${d.quote ? `: "${d.quote}"` : ''}` : '') : '';
  // The stored address is the package's (schemas/…, specs/…); the text names the file where the user finds it.
  const schema = packagePathsShown(s.schema);
  return doc ? `${schema} (${doc})` : schema;
}
