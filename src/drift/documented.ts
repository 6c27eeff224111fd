/**
 * What schemas/ documents about each field of an operation's success response, as a tree the
 * aggregator walks in step with each observed body. Derived by following the schema with
 * resolveNode (sibling keywords of a `$ref` merged), never written down a second time.
 */
import { resolveNode, type JsonSchema, type SchemaFile } from '../schemas.js';
import type { OperationInfo } from '../catalog/specs.js';
import { isDate, isDateTime, isHttpUrl, isUuid } from '../catalog/url-format.js';
import type { DocumentedField } from './types.js';
import { escapeSegment } from '../json-pointer.js';

/** Formats checked as the catalog checks them (src/catalog/url-format.ts); others are shown, not checked. */
const FORMAT_CHECKS: Record<string, (value: string) => boolean> = {
  'date-time': isDateTime,
  date: isDate,
  uuid: isUuid,
  uri: isHttpUrl,
};

export interface DocNode {
  /** Index into the per-operation counters. */
  id: number;
  path: string;
  doc: DocumentedField;
  properties?: Map<string, DocNode>;
  items?: DocNode;
  /** The value schema of a map (`additionalProperties: {schema}`, no properties). */
  values?: DocNode;
  patternRe?: RegExp;
  formatCheck?: (value: string) => boolean;
  /** Documented enum values as value keys (see valueKey). */
  enumKeys?: Set<string>;
}

export interface DocumentedOperation {
  operation: OperationInfo;
  status: number;
  schemaRef: string;
  root: DocNode;
  /** Every node, indexed by id, in document order. */
  nodes: DocNode[];
}

/** How a value is counted in `values`: strings as they are, anything else as JSON. */
export function valueKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
}

const MAX_DEPTH = 32;

function typesOf(node: JsonSchema): { types: string[]; nullable: boolean } {
  const raw = node.type;
  const list = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' ? [raw] : [];
  return { types: list.filter((t) => t !== 'null'), nullable: list.includes('null') };
}

/** `anyOf`/`oneOf` with a `{type: null}` branch means nullable; a single other branch is the field's schema. */
function unwrapNullable(node: JsonSchema, baseFile: string, files: SchemaFile[]): { node: JsonSchema; baseFile: string; nullable: boolean } {
  const branches = (Array.isArray(node.anyOf) ? node.anyOf : Array.isArray(node.oneOf) ? node.oneOf : undefined) as JsonSchema[] | undefined;
  if (!branches) return { node, baseFile, nullable: false };
  const nonNull = branches.filter((b) => b.type !== 'null');
  const nullable = nonNull.length < branches.length;
  if (nonNull.length !== 1) return { node, baseFile, nullable };
  const { anyOf: _a, oneOf: _o, ...rest } = node;
  const branch = resolveNode(nonNull[0] as JsonSchema, baseFile, files);
  return { node: { ...branch.node, ...rest }, baseFile: branch.baseFile, nullable };
}

class Builder {
  readonly nodes: DocNode[] = [];
  constructor(private readonly files: SchemaFile[], private readonly where: string) {}

  build(raw: JsonSchema, baseFile: string, path: string, required: boolean, depth: number): DocNode {
    if (depth > MAX_DEPTH) throw new Error(`rollcall drift: ${this.where}: schema nesting deeper than ${MAX_DEPTH} at ${path} (a recursive schema?)`);
    const resolved = resolveNode(raw, baseFile, this.files);
    const unwrapped = unwrapNullable(resolved.node, resolved.baseFile, this.files);
    const node = unwrapped.node;
    const file = unwrapped.baseFile;
    const { types, nullable: typeNullable } = typesOf(node);
    const doc: DocumentedField = { types, nullable: typeNullable || unwrapped.nullable, required };
    if (typeof node.format === 'string') doc.format = node.format;
    if (typeof node.pattern === 'string') doc.pattern = node.pattern;
    if (Array.isArray(node.enum)) {
      doc.enum = node.enum.filter((v) => v !== null);
      if (node.enum.includes(null)) doc.nullable = true;
    } else if (node.const !== undefined) doc.enum = [node.const];
    const self: DocNode = { id: this.nodes.length, path, doc };
    this.nodes.push(self);
    if (doc.pattern) {
      try {
        self.patternRe = new RegExp(doc.pattern);
      } catch (err) {
        throw new Error(`rollcall drift: ${this.where}: pattern at ${path} does not compile: ${(err as Error).message}`);
      }
    }
    if (doc.format) self.formatCheck = FORMAT_CHECKS[doc.format];
    if (doc.enum) self.enumKeys = new Set(doc.enum.map(valueKey));

    const properties = node.properties as Record<string, JsonSchema> | undefined;
    const additional = node.additionalProperties;
    if (properties && typeof properties === 'object') {
      doc.shape = 'object';
      const requiredKeys = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
      self.properties = new Map();
      for (const [key, child] of Object.entries(properties)) {
        self.properties.set(key, this.build(child, file, `${path}/${escapeSegment(key)}`, requiredKeys.has(key), depth + 1));
      }
    } else if (additional && typeof additional === 'object') {
      doc.shape = 'map';
      self.values = this.build(additional as JsonSchema, file, `${path}/{key}`, false, depth + 1);
    } else if (types.includes('object')) {
      doc.shape = 'free-form';
    }
    if (node.items && typeof node.items === 'object' && !Array.isArray(node.items)) {
      self.items = this.build(node.items as JsonSchema, file, `${path}/*`, true, depth + 1);
    }
    return self;
  }
}

/** The documented tree of an operation's success (2xx) response; undefined when it has no JSON schema. */
export function documentOperation(operation: OperationInfo, files: SchemaFile[]): DocumentedOperation | undefined {
  const success = operation.responses.find((r) => r.status >= 200 && r.status < 300 && r.schemaRef);
  if (!success?.schemaRef) return undefined;
  const builder = new Builder(files, `${operation.id} ${success.status}`);
  const root = builder.build({ $ref: success.schemaRef }, '', '', true, 0);
  return { operation, status: success.status, schemaRef: success.schemaRef, root, nodes: builder.nodes };
}
