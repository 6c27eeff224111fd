/**
 * One row per JSON Schema keyword our schemas validate with: the rule an Ajv error of that keyword
 * becomes (unless the failing node's `x-rule` annotation names another), and how it reads. A keyword
 * without a row, or a row without a rule on a node without an annotation, is refused when the
 * catalog loads (assertKeywordsCovered): no error can reach a report under a rule nobody defined.
 */
import type { ErrorObject } from 'ajv';
import type { Severity } from '../types.js';
import type { JsonSchema, SchemaFile } from '../schemas.js';
import { URL_FORMAT_DESCRIPTION } from './url-format.js';
import { RULE_KEYWORD } from './ajv.js';
import { undocumentedField } from '../drift/rules/undocumented-field.js';
import { escapeSegment } from '../json-pointer.js';
import { packagePathShown } from '../paths.js';

type Schema = Record<string, unknown>;

/** What every row gets besides the error: the failing node, the field's name and rendered value. */
export interface KeywordContext {
  parent: Schema;
  path: string;
  field: string;
  actual: unknown;
  /** ` (the schema's description)` or ''. */
  description: string;
  /** The path also accepts null (a nullable `anyOf`). */
  nullable: boolean;
}

export interface KeywordDraft {
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
  hint: string;
}

export interface KeywordRow {
  /** The rule when the node carries no `x-rule`; undefined: every node using the keyword must carry one. */
  rule?: string;
  severity: Severity;
  description?: string;
  draft(e: ErrorObject, c: KeywordContext): KeywordDraft;
}

/** A short, JSON-safe rendering of an actual value. */
export function describeActual(value: unknown): unknown {
  if (value === undefined) return '(missing)';
  if (Array.isArray(value)) return `(array of ${value.length})`;
  if (value !== null && typeof value === 'object') return '(object)';
  if (typeof value === 'string' && value.length > 200) return value.slice(0, 200) + '…';
  return value;
}

export function boundsText(schema: Schema): string {
  const parts: string[] = [];
  if (typeof schema.pattern === 'string') parts.push(schema.pattern);
  if (schema.minLength !== undefined && schema.minLength === schema.maxLength) parts.push(`${String(schema.minLength)} characters`);
  else {
    if (schema.minLength !== undefined) parts.push(`at least ${String(schema.minLength)} characters`);
    if (schema.maxLength !== undefined) parts.push(`at most ${String(schema.maxLength)} characters`);
  }
  if (schema.minimum !== undefined && schema.maximum !== undefined) parts.push(`${String(schema.minimum)}..${String(schema.maximum)}`);
  else if (schema.minimum !== undefined) parts.push(`>= ${String(schema.minimum)}`);
  else if (schema.maximum !== undefined) parts.push(`<= ${String(schema.maximum)}`);
  if (schema.exclusiveMinimum !== undefined) parts.push(`> ${String(schema.exclusiveMinimum)}`);
  if (schema.exclusiveMaximum !== undefined) parts.push(`< ${String(schema.exclusiveMaximum)}`);
  if (schema.minItems !== undefined) parts.push(`at least ${String(schema.minItems)} items`);
  if (schema.maxItems !== undefined) parts.push(`at most ${String(schema.maxItems)} items`);
  if (schema.const !== undefined) parts.push(JSON.stringify(schema.const));
  return parts.join(', ');
}

const typeText = (type: unknown): string => (Array.isArray(type) ? type : String(type).split(',')).join(' | ');

const FORMAT_HINTS: Record<string, string> = {
  uri: 'Return an absolute http(s) URL with a resolvable host name (letters, digits and hyphens per label); a client cannot follow this one.',
  'date-time': 'Return an ISO 8601 / RFC 3339 timestamp with a time zone, e.g. 2017-07-30T20:00:00Z.',
  date: 'Return a calendar date YYYY-MM-DD.',
  uuid: 'Return a lowercase RFC 4122 UUID, e.g. 7b61621f-62e0-4aad-ab11-9fd19e272e73.',
};

const patternOrLength: KeywordRow['draft'] = (_e, c) => ({
  path: c.path, expected: boundsText(c.parent), actual: c.actual,
  message: `${c.field} does not match ${boundsText(c.parent)}.`,
  hint: 'Return a value that matches the documented pattern and length.',
});

const bound: KeywordRow = {
  rule: 'schema.bounds',
  severity: 'error',
  description: 'A number, string length or array size is outside its documented bounds.',
  draft: (_e, c) => ({
    path: c.path, expected: boundsText(c.parent), actual: c.actual,
    message: `${c.field} ${JSON.stringify(c.actual)} is outside its documented bounds ${boundsText(c.parent)}${c.description}.`,
    hint: `Keep ${c.field} within ${boundsText(c.parent)}.`,
  }),
};

export const KEYWORD_ROWS: Readonly<Record<string, KeywordRow>> = {
  required: {
    rule: 'schema.required',
    severity: 'error',
    description: 'A documented field is missing.',
    draft: (e, c) => {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      return {
        path: `${c.path}/${escapeSegment(missing)}`, expected: 'present', actual: '(missing)',
        message: `${missing} is documented but missing from ${c.field}.`,
        hint: 'Return every documented field (null where the document allows null); if the API dropped it, the document is out of date.',
      };
    },
  },
  // The same rule as rollcall drift's (one definition, src/drift/rules/undocumented-field.ts), seen in one body.
  additionalProperties: {
    rule: undocumentedField.id,
    severity: 'warning',
    description: undocumentedField.description,
    draft: (e, c) => {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      return {
        path: `${c.path}/${escapeSegment(extra)}`, expected: 'absent (not documented)', actual: describeActual((e.data as Record<string, unknown> | null)?.[extra]),
        message: `${extra} is not a documented field of ${c.field}.`,
        hint: 'Document the field in the spec if the API really returns it, or stop relying on it.',
      };
    },
  },
  type: {
    rule: 'schema.type',
    severity: 'error',
    description: 'A value has a type the document does not allow.',
    draft: (e, c) => {
      const expected = typeText((e.params as { type: unknown }).type) + (c.nullable ? ' | null' : '');
      return {
        path: c.path, expected, actual: c.actual,
        message: `${c.field} is ${Array.isArray(e.data) ? 'an array' : e.data === null ? 'null' : `a ${typeof e.data}`}, not ${expected}.`,
        hint: `Return ${c.field} as ${expected}; a changed type breaks clients that parse it.`,
      };
    },
  },
  enum: {
    rule: 'schema.enum',
    severity: 'error',
    description: 'A value is not one of the documented enum values.',
    draft: (e, c) => {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return {
        path: c.path, expected: c.nullable ? [...allowed, null] : allowed, actual: c.actual,
        message: `${c.field} ${JSON.stringify(c.actual)} is not one of the documented values${c.description}.`,
        hint: `Use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}; if the API really returns this value, the enum in ${packagePathShown('schemas/')} is out of date.`,
      };
    },
  },
  // A fixed value is always a fact with a name of its own (meta.key, record_type): annotate it.
  const: {
    severity: 'error',
    draft: (e, c) => {
      const allowed = (e.params as { allowedValue: unknown }).allowedValue;
      return {
        path: c.path, expected: allowed, actual: c.actual,
        message: `${c.field} is ${JSON.stringify(c.actual)}, not the documented ${JSON.stringify(allowed)}.`,
        hint: `Return ${JSON.stringify(allowed)} here.`,
      };
    },
  },
  format: {
    rule: 'schema.format',
    severity: 'error',
    description: 'A string is not in its documented format (date-time, date, uri, uuid).',
    draft: (e, c) => {
      const format = String((e.params as { format: string }).format);
      return {
        path: c.path, expected: format === 'uri' ? URL_FORMAT_DESCRIPTION : format, actual: c.actual,
        message: `${c.field} is not a valid ${format}.`,
        hint: FORMAT_HINTS[format] ?? `Return a valid ${format}.`,
      };
    },
  },
  pattern: { rule: 'schema.pattern', severity: 'error', description: 'A string does not match its documented pattern.', draft: patternOrLength },
  minLength: { ...bound, draft: patternOrLength },
  maxLength: { ...bound, draft: patternOrLength },
  minimum: bound,
  maximum: bound,
  minItems: bound,
};

/** The keyword rules a catalog can report (annotation-only keywords have none of their own). */
export const KEYWORD_RULE_INFO: ReadonlyArray<{ id: string; severity: Severity; description: string }> = [
  ...new Map(Object.values(KEYWORD_ROWS).filter((r) => r.rule).map((r) => [r.rule as string, { id: r.rule as string, severity: r.severity, description: r.description ?? '' }])).values(),
];

/**
 * Keywords that only shape or annotate (no error of their own), and the applicators Ajv reports
 * through their children. `if`/`then`/`else` choose one of two shapes of a body (a vendor's error
 * body, old or new): the chosen branch's errors say what is wrong, and the adapter drops Ajv's
 * summary error of `if` ("must match then schema").
 */
const STRUCTURAL = new Set(['$schema', '$id', '$ref', '$defs', '$comment', 'title', 'description', 'default', 'examples', 'properties', 'items', 'anyOf', 'if', 'then', 'else', 'deprecated', 'readOnly', 'writeOnly', RULE_KEYWORD]);

/** Keywords whose Ajv error only summarises errors reported by a subschema. */
export const SUMMARY_KEYWORDS: ReadonlySet<string> = new Set(['if']);

/**
 * Refuses, naming file and node, a schema that validates with a keyword the table cannot turn into
 * a rule: an unknown keyword, a keyword whose row needs an `x-rule` on a node without one, or an
 * `anyOf` other than the nullable form `[X, {type: null}]` (the adapter folds only that one).
 */
export function assertKeywordsCovered(files: readonly SchemaFile[]): void {
  const problems: string[] = [];
  const visit = (node: unknown, where: string, inProperties: boolean): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}/${i}`, false));
    if (!node || typeof node !== 'object') return;
    const schema = node as JsonSchema;
    for (const [k, v] of Object.entries(schema)) {
      const at = `${where}/${escapeSegment(k)}`;
      if (inProperties) {
        visit(v, at, false);
        continue;
      }
      // x-* keywords annotate (Ajv is told of each in ajv.ts): they never fail a value, and their contents are data, not schemas.
      if (k.startsWith('x-')) {
        if (k === RULE_KEYWORD && typeof v !== 'string') problems.push(`${where}: ${RULE_KEYWORD} must be a rule id`);
        continue;
      }
      if (k === 'properties' || k === '$defs') visit(v, at, true);
      else if (k === 'enum' || k === 'examples' || k === 'default' || k === 'required' || k === 'const') {
        if (k === 'const' && typeof schema[RULE_KEYWORD] !== 'string') problems.push(`${where}: const needs an ${RULE_KEYWORD} annotation naming its rule`);
      } else if (k === 'anyOf') {
        const branches = Array.isArray(v) ? (v as JsonSchema[]) : [];
        if (branches.length !== 2 || !branches.some((b) => b.type === 'null')) problems.push(`${where}: anyOf is only supported as [X, {type: null}]`);
        visit(v, at, false);
      } else if (k === 'additionalProperties' && typeof v === 'object') visit(v, at, false);
      else if (!STRUCTURAL.has(k) && !KEYWORD_ROWS[k] && k !== 'additionalProperties') problems.push(`${where}: keyword ${k} has no row in src/catalog/keywords.ts`);
      else if (typeof v === 'object') visit(v, at, false);
    }
  };
  for (const f of files) visit(f.schema, `schemas/${f.file}#`, false);
  if (problems.length) throw new Error(`rollcall: schemas/ uses keywords no rule can report:\n  ${problems.join('\n  ')}`);
}
