import type { ErrorObject } from 'ajv';
import type { Violation, Severity } from '../types.js';
import { RULE_KEYWORD } from './ajv.js';
import { describeActual, KEYWORD_ROWS, SUMMARY_KEYWORDS } from './keywords.js';
import { annotatedRule } from './schema-rules.js';

/**
 * The one place Ajv errors become Violations. Rule ids: an `x-rule` annotation on the failing
 * schema node wins (e.g. `twilio.sid-pattern` on the SID definitions, with its wording from
 * schema-rules.ts); otherwise the keyword's row in keywords.ts decides.
 */

type Schema = Record<string, unknown>;

export { describeActual } from './keywords.js';

function fieldName(path: string): string {
  const last = path.split('/').pop() ?? '';
  return last === '' ? 'the body' : /^\d+$/.test(last) ? `item ${last}` : last;
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
  const row = KEYWORD_ROWS[e.keyword];
  const parent = (e.parentSchema ?? {}) as Schema;
  const annotated = typeof parent[RULE_KEYWORD] === 'string' ? annotatedRule(parent[RULE_KEYWORD] as string) : undefined;
  // required and additionalProperties speak of a child of the annotated node, not of its value.
  const byAnnotation = annotated && e.keyword !== 'required' && e.keyword !== 'additionalProperties' && e.keyword !== 'type' ? annotated : undefined;
  const rule = byAnnotation?.id ?? row?.rule;
  // assertKeywordsCovered refuses such schemas at load; an error here is a keyword Ajv added on its own.
  if (!row || !rule) throw new Error(`rollcall: Ajv reported keyword "${e.keyword}" at ${e.schemaPath}, which no rule covers (src/catalog/keywords.ts)`);
  const description = typeof parent.description === 'string' ? ` (${parent.description.replace(/\.$/, '')})` : '';
  const field = fieldName(e.instancePath);
  const draft = row.draft(e, { parent, path: e.instancePath, field, actual: describeActual(e.data), description, nullable });
  return {
    rule,
    severity: byAnnotation?.severity ?? row.severity,
    ...draft,
    ...(byAnnotation?.message ? { message: byAnnotation.message(field, description) } : {}),
    ...(byAnnotation?.hint ? { hint: byAnnotation.hint } : {}),
  };
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
    if (SUMMARY_KEYWORDS.has(e.keyword)) continue;
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
