/**
 * The constraints a run can exercise, derived from the catalog (specs/ + schemas/), never listed by
 * hand: query parameters (deepObject keys one by one), enum values of parameters and of form
 * fields, numeric bounds of parameters and the probes just outside them, documented statuses, and
 * enum values of success-body fields.
 */
import path from 'node:path';
import type { Catalog } from '../src/catalog/catalog.js';
import { sharedCatalog } from '../src/catalog/shared.js';
import type { OperationInfo } from '../src/catalog/specs.js';
import { ROOT } from '../src/paths.js';
import type { JsonSchema } from '../src/schemas.js';
import { escapeSegment } from '../src/json-pointer.js';
import { schemaFileOf, schemaRefs } from '../src/schemas.js';
import { splitRef } from '../src/ref/resolver.js';

export type ConstraintKind = 'query-parameter' | 'parameter-value' | 'parameter-bound' | 'request-body-value' | 'response-status' | 'response-enum-value';

export type BoundProbe = 'minimum' | 'maximum' | 'below-minimum' | 'above-maximum' | 'default' | 'not-an-integer';

export interface Constraint {
  /** `operation kind subject[=value]`: stable, for diffs between runs. */
  id: string;
  operation: string;
  kind: ConstraintKind;
  /** The query key, the form field, the status, or the response field's pointer pattern. */
  subject: string;
  /** The enum value, the bound probe's label (`minimum 1`), or the status. */
  value?: string;
  /** Where it is written: a definition of schemas/, or the spec file. */
  source: string;
  bound?: { probe: BoundProbe; limit?: number };
}

/** One catalog for every reporter of the process (loading compiles every schema once): the one provenance reads too. */
export const reportCatalog: () => Promise<Catalog> = sharedCatalog;

const KIND_ORDER: ConstraintKind[] = ['query-parameter', 'parameter-value', 'parameter-bound', 'request-body-value', 'response-status', 'response-enum-value'];

function isSchema(v: unknown): v is JsonSchema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** `https://rollcall.dev/schemas/x.schema.json#/$defs/Y` -> `schemas/x.schema.json#/$defs/Y`. */
function sourceOf(catalog: Catalog, ref: string): string {
  const { fragment } = splitRef(ref);
  return `schemas/${schemaFileOf(ref, undefined, catalog.schemaFiles)}${fragment ? `#${fragment}` : ''}`;
}

function specSource(op: OperationInfo): string {
  const rel = path.relative(ROOT, op.specFile);
  return rel.startsWith('..') ? op.specFile : rel.split(path.sep).join('/');
}

function boundProbes(schema: JsonSchema): Array<{ probe: BoundProbe; limit?: number; label: string }> {
  const out: Array<{ probe: BoundProbe; limit?: number; label: string }> = [];
  const { minimum, maximum } = schema;
  if (typeof minimum === 'number') out.push({ probe: 'minimum', limit: minimum, label: `minimum ${minimum}` }, { probe: 'below-minimum', limit: minimum, label: `below minimum (< ${minimum})` });
  if (typeof maximum === 'number') out.push({ probe: 'maximum', limit: maximum, label: `maximum ${maximum}` }, { probe: 'above-maximum', limit: maximum, label: `above maximum (> ${maximum})` });
  if (out.length === 0) return out;
  if (typeof schema.default === 'number') out.push({ probe: 'default', limit: schema.default, label: `default ${schema.default} (sent or omitted)` });
  if (schema.type === 'integer') out.push({ probe: 'not-an-integer', label: 'not an integer' });
  return out;
}

/**
 * Visits every node of a schema with the pointer pattern of the instance it describes. `$ref`s are
 * resolved through the catalog; a relative one against the file of the node that holds it.
 */
function walkSchema(catalog: Catalog, node: JsonSchema, file: string, source: string, pointer: string, visit: (pointer: string, node: JsonSchema, source: string) => void, depth = 0): void {
  if (depth > 24) return;
  const { $ref, ...own } = node;
  if (typeof $ref === 'string') {
    const ref = schemaRefs(catalog.schemaFiles).absolute($ref, file);
    walkSchema(catalog, catalog.resolve(ref), schemaFileOf(ref, file, catalog.schemaFiles), sourceOf(catalog, ref), pointer, visit, depth + 1);
  }
  visit(pointer, own, source);
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    const branches = own[key];
    if (Array.isArray(branches)) for (const b of branches) if (isSchema(b)) walkSchema(catalog, b, file, source, pointer, visit, depth + 1);
  }
  if (isSchema(own.properties)) {
    for (const [name, sub] of Object.entries(own.properties)) {
      if (isSchema(sub)) walkSchema(catalog, sub, file, source, `${pointer}/${escapeSegment(name)}`, visit, depth + 1);
    }
  }
  if (isSchema(own.items)) walkSchema(catalog, own.items, file, source, `${pointer}/*`, visit, depth + 1);
}

function enumValues(node: JsonSchema): string[] {
  return Array.isArray(node.enum) ? node.enum.filter((v) => v !== null).map((v) => (typeof v === 'string' ? v : JSON.stringify(v))) : [];
}

export function listConstraints(catalog: Catalog): Constraint[] {
  const out = new Map<string, Constraint>();
  const add = (c: Omit<Constraint, 'id'>): void => {
    const id = `${c.operation} ${c.kind} ${c.subject}${c.value !== undefined ? `=${c.value}` : ''}`;
    if (!out.has(id)) out.set(id, { id, ...c });
  };
  for (const op of catalog.operations) {
    const operation = op.id;
    for (const p of op.parameters.filter((q) => q.in === 'query')) {
      const schema = catalog.parameterSchema(operation, p.name) ?? p.schema;
      const source = typeof schema.$ref === 'string' ? sourceOf(catalog, schema.$ref) : specSource(op);
      const keys = (p.style === 'deepObject' || schema.type === 'object') && isSchema(schema.properties) ? Object.keys(schema.properties).map((k) => `${p.name}[${k}]`) : [p.name];
      for (const key of keys) add({ operation, kind: 'query-parameter', subject: key, source });
      for (const value of enumValues(schema)) add({ operation, kind: 'parameter-value', subject: p.name, value, source });
      for (const b of boundProbes(schema)) add({ operation, kind: 'parameter-bound', subject: p.name, value: b.label, source, bound: { probe: b.probe, ...(b.limit !== undefined ? { limit: b.limit } : {}) } });
    }
    if (op.requestBody) {
      walkSchema(catalog, op.requestBody.schema, '', specSource(op), '', (pointer, node, source) => {
        for (const value of enumValues(node)) add({ operation, kind: 'request-body-value', subject: pointer.slice(1), value, source });
      });
    }
    for (const r of op.responses) add({ operation, kind: 'response-status', subject: String(r.status), source: specSource(op) });
    const success = op.responses.find((r) => r.status >= 200 && r.status < 300 && r.schemaRef);
    if (success?.schemaRef) {
      walkSchema(catalog, { $ref: success.schemaRef }, '', specSource(op), '', (pointer, node, source) => {
        for (const value of enumValues(node)) add({ operation, kind: 'response-enum-value', subject: pointer, value, source });
      });
    }
  }
  return [...out.values()].sort((a, b) => a.operation.localeCompare(b.operation) || KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.subject.localeCompare(b.subject, 'en', { numeric: true }));
}
