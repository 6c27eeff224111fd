import type { ErrorObject } from 'ajv';
import type { Violation, Severity } from '../types.js';
import { RULE_KEYWORD } from './ajv.js';
import { URL_FORMAT_DESCRIPTION } from './url-format.js';

/**
 * The one place Ajv errors become Violations. Rule ids: an `x-rule` annotation on the failing
 * schema node wins (e.g. `twilio.sid-pattern` on the SID definitions); otherwise the keyword
 * decides (`schema.type`, `schema.enum`, `schema.format`, `schema.required`, `schema.bounds`...).
 */

type Schema = Record<string, unknown>;

export interface SchemaRule {
  id: string;
  severity: Severity;
  description: string;
}

/** Rules the adapter can emit by keyword (x-rule ids are listed by the catalog from schemas/). */
export const SCHEMA_RULES: SchemaRule[] = [
  { id: 'schema.type', severity: 'error', description: 'A value has a type the document does not allow.' },
  { id: 'schema.enum', severity: 'error', description: 'A value is not one of the documented enum values.' },
  { id: 'schema.const', severity: 'error', description: 'A value differs from the one fixed value the document gives.' },
  { id: 'schema.format', severity: 'error', description: 'A string is not in its documented format (date-time, date, uri, uuid).' },
  { id: 'schema.pattern', severity: 'error', description: 'A string does not match its documented pattern.' },
  { id: 'schema.required', severity: 'error', description: 'A documented field is missing.' },
  { id: 'schema.bounds', severity: 'error', description: 'A number, string length or array size is outside its documented bounds.' },
  { id: 'schema.any-of', severity: 'error', description: 'A value matches none of the documented alternatives.' },
  { id: 'drift.undocumented-field', severity: 'warning', description: 'A field the document does not describe.' },
];

const BOUND_KEYWORDS = new Set(['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties']);

function fieldName(path: string): string {
  const last = path.split('/').pop() ?? '';
  return last === '' ? 'the body' : /^\d+$/.test(last) ? `item ${last}` : last;
}

/** A short, JSON-safe rendering of an actual value. */
export function describeActual(value: unknown): unknown {
  if (value === undefined) return '(missing)';
  if (Array.isArray(value)) return `(array of ${value.length})`;
  if (value !== null && typeof value === 'object') return '(object)';
  if (typeof value === 'string' && value.length > 200) return value.slice(0, 200) + '…';
  return value;
}

function boundsText(schema: Schema): string {
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

function typeText(type: unknown): string {
  return (Array.isArray(type) ? type : String(type).split(',')).join(' | ');
}

interface Draft {
  rule: string;
  severity: Severity;
  path: string;
  expected: unknown;
  actual: unknown;
  message: string;
  hint: string;
}

function fromError(e: ErrorObject, nullable: boolean): Draft | undefined {
  const parent = (e.parentSchema ?? {}) as Schema;
  const annotated = typeof parent[RULE_KEYWORD] === 'string' ? (parent[RULE_KEYWORD] as string) : undefined;
  const path = e.instancePath;
  const field = fieldName(path);
  const actual = describeActual(e.data);
  const description = typeof parent.description === 'string' ? ` (${parent.description.replace(/\.$/, '')})` : '';
  switch (e.keyword) {
    case 'required': {
      const missing = String((e.params as { missingProperty: string }).missingProperty);
      const at = `${path}/${missing.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      return {
        rule: 'schema.required', severity: 'error', path: at, expected: 'present', actual: '(missing)',
        message: `${missing} is documented but missing from ${field}.`,
        hint: 'Return every documented field (null where the document allows null); if the API dropped it, the document is out of date.',
      };
    }
    case 'additionalProperties': {
      const extra = String((e.params as { additionalProperty: string }).additionalProperty);
      const at = `${path}/${extra.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const value = (e.data as Record<string, unknown> | null)?.[extra];
      return {
        rule: 'drift.undocumented-field', severity: 'warning', path: at, expected: 'absent (not documented)', actual: describeActual(value),
        message: `${extra} is not a documented field of ${field}.`,
        hint: 'Document the field in the spec if the API really returns it, or stop relying on it.',
      };
    }
    case 'type': {
      const expected = typeText((e.params as { type: unknown }).type) + (nullable ? ' | null' : '');
      return {
        rule: 'schema.type', severity: 'error', path, expected, actual,
        message: `${field} is ${Array.isArray(e.data) ? 'an array' : e.data === null ? 'null' : `a ${typeof e.data}`}, not ${expected}.`,
        hint: `Return ${field} as ${expected}; a changed type breaks clients that parse it.`,
      };
    }
    case 'enum': {
      const allowed = (e.params as { allowedValues: unknown[] }).allowedValues;
      return {
        rule: annotated ?? 'schema.enum', severity: 'error', path, expected: nullable ? [...allowed, null] : allowed, actual,
        message: `${field} ${JSON.stringify(actual)} is not one of the documented values${description}.`,
        hint: `Use one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}; if the API really returns this value, the enum in schemas/ is out of date.`,
      };
    }
    case 'const':
      return {
        rule: annotated ?? 'schema.const', severity: 'error', path, expected: (e.params as { allowedValue: unknown }).allowedValue, actual,
        message: `${field} is ${JSON.stringify(actual)}, not the documented ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}.`,
        hint: `Return ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)} here.`,
      };
    case 'format': {
      const format = String((e.params as { format: string }).format);
      const expected = format === 'uri' ? URL_FORMAT_DESCRIPTION : format;
      return {
        rule: annotated ?? 'schema.format', severity: 'error', path, expected, actual,
        message: `${field} is not a valid ${format}.`,
        hint: format === 'uri'
          ? 'Return an absolute http(s) URL with a resolvable host name (letters, digits and hyphens per label); a client cannot follow this one.'
          : format === 'date-time' ? 'Return an ISO 8601 / RFC 3339 timestamp with a time zone, e.g. 2017-07-30T20:00:00Z.'
          : format === 'date' ? 'Return a calendar date YYYY-MM-DD.'
          : 'Return a lowercase RFC 4122 UUID, e.g. 7b61621f-62e0-4aad-ab11-9fd19e272e73.',
      };
    }
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return {
        rule: annotated ?? (e.keyword === 'pattern' ? 'schema.pattern' : 'schema.bounds'), severity: 'error', path,
        expected: boundsText(parent), actual,
        message: annotated === 'twilio.sid-pattern'
          ? `${field} is not a well-formed SID${description}.`
          : `${field} does not match ${boundsText(parent)}.`,
        hint: annotated === 'twilio.sid-pattern'
          ? 'A Twilio SID is its two-letter prefix and 32 hex digits, 34 characters in all; a placeholder such as "string" means the example or the data was never real.'
          : 'Return a value that matches the documented pattern and length.',
      };
    default:
      if (BOUND_KEYWORDS.has(e.keyword)) {
        return {
          rule: annotated ?? 'schema.bounds', severity: 'error', path, expected: boundsText(parent), actual,
          message: `${field} ${JSON.stringify(actual)} is outside its documented bounds ${boundsText(parent)}${description}.`,
          hint: `Keep ${field} within ${boundsText(parent)}.`,
        };
      }
      return {
        rule: annotated ?? `schema.${e.keyword.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`, severity: 'error', path,
        expected: e.params, actual,
        message: `${field} breaks the documented ${e.keyword} constraint.`,
        hint: 'Compare the value with the schema in schemas/.',
      };
  }
}

/**
 * Turns Ajv's errors into Violations. A nullable field is written `anyOf: [X, {type: null}]`:
 * its failure shows as X's errors + "must be null" + "must match a schema in anyOf"; only X's
 * errors say something, so the other two are dropped and a type error says "| null".
 * At one path a type error says all: other keyword errors there are dropped. Duplicates (same
 * rule and path, e.g. a SID both too long and off-pattern) are reported once.
 */
export function ajvErrorsToViolations(errors: ErrorObject[] | null | undefined, operation: string): Violation[] {
  if (!errors || errors.length === 0) return [];
  const nullBranches: string[] = [];
  const nullablePaths = new Set<string>();
  const general: ErrorObject[] = [];
  for (const e of errors) {
    if (e.keyword !== 'anyOf') continue;
    const branches = (Array.isArray(e.schema) ? e.schema : []) as Schema[];
    const nullIndex = branches.findIndex((b) => b.type === 'null');
    if (nullIndex >= 0 && branches.length === 2) {
      nullBranches.push(`${e.schemaPath}/${nullIndex}/`);
      nullablePaths.add(e.instancePath);
    } else general.push(e);
  }
  const typePaths = new Set(errors.filter((e) => e.keyword === 'type' && !nullBranches.some((p) => e.schemaPath.startsWith(p))).map((e) => e.instancePath));
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const e of errors) {
    if (e.keyword === 'anyOf' && !general.includes(e)) continue;
    if (nullBranches.some((p) => e.schemaPath.startsWith(p))) continue;
    if (e.keyword !== 'type' && e.keyword !== 'required' && e.keyword !== 'additionalProperties' && typePaths.has(e.instancePath)) continue;
    const draft = fromError(e, nullablePaths.has(e.instancePath));
    if (!draft) continue;
    const key = `${draft.rule} ${draft.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...draft, operation });
  }
  return out;
}
