/**
 * The schema-backed rules: each `x-rule` annotation in schemas/ names one of these ids, and this
 * table gives it what a schema cannot say (severity, description, and where the keyword's own
 * wording would not help, a message and a hint). Which schema nodes carry each rule is read from
 * schemas/ at load (annotatedNodes); test/catalog-compile.test.ts holds the two to each other: no
 * annotation without a row, no row without an annotation.
 */
import type { Severity } from '../types.js';
import type { JsonSchema, SchemaFile } from '../schemas.js';
import { RULE_KEYWORD } from './ajv.js';
import { escapeSegment } from '../json-pointer.js';

export interface SchemaRule {
  id: string;
  severity: Severity;
  description: string;
  /** The message, from the field's name and its schema description (` (…)` or ''); the keyword's own wording otherwise. */
  message?(field: string, description: string): string;
  /** An action; the keyword's own hint otherwise. */
  hint?: string;
}

export const ANNOTATED_RULES: readonly SchemaRule[] = [
  {
    id: 'twilio.sid-pattern',
    severity: 'error',
    description: 'A Twilio SID is its two-letter prefix and 32 hex digits (schemas/twilio.schema.json, the *Sid definitions).',
    message: (field, description) => `${field} is not a well-formed SID${description}.`,
    hint: 'A Twilio SID is its two-letter prefix and 32 hex digits, 34 characters in all; a placeholder such as "string" means the example or the data was never real.',
  },
  { id: 'twilio.duration-non-negative', severity: 'error', description: 'A participant\'s duration in seconds is never negative.' },
  { id: 'pagination.meta-key', severity: 'error', description: 'Twilio\'s meta.key names the list property of the page (participants).' },
  { id: 'pagination.page-size-bounds', severity: 'error', description: 'meta.page_size is within the documented page-size bounds.' },
  { id: 'pagination.page-non-negative', severity: 'error', description: 'Twilio\'s meta.page, the page index, is never negative.' },
  { id: 'pagination.page-number-bounds', severity: 'error', description: 'Telnyx\'s meta.page_number is within its documented bounds (from 1).' },
  { id: 'pagination.count-non-negative', severity: 'error', description: 'Telnyx\'s meta.total_pages and meta.total_results are never negative.' },
  { id: 'telnyx.record-type', severity: 'error', description: 'A Telnyx room participant\'s record_type is the documented constant.' },
];

export const annotatedRule = (id: string): SchemaRule | undefined => ANNOTATED_RULES.find((r) => r.id === id);

export interface AnnotatedNode {
  rule: string;
  /** `file.schema.json#/json/pointer` of the annotated node. */
  node: string;
}

/** Every `x-rule` annotation in schemas/, with the node that carries it: the generated half of the schema-rules table. */
export function annotatedNodes(files: readonly SchemaFile[]): AnnotatedNode[] {
  const out: AnnotatedNode[] = [];
  const visit = (node: unknown, file: string, pointer: string): void => {
    if (Array.isArray(node)) node.forEach((n, i) => visit(n, file, `${pointer}/${i}`));
    else if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node as JsonSchema)) {
        if (k === RULE_KEYWORD && typeof v === 'string') out.push({ rule: v, node: `${file}#${pointer}` });
        else visit(v, file, `${pointer}/${escapeSegment(k)}`);
      }
    }
  };
  for (const f of files) visit(f.schema, f.file, '');
  return out;
}

/**
 * The schema-backed rules as a Markdown table (specs/rules/schema-rules.md is this, generated):
 * each annotated rule with the schema nodes that carry it, then each keyword rule with its keywords.
 */
export function schemaRulesTable(files: readonly SchemaFile[], keywordRows: Readonly<Record<string, { rule?: string; severity: Severity }>>): string {
  const nodes = annotatedNodes(files);
  const lines = [
    '# Schema-backed rules',
    '',
    'Generated from schemas/ and src/catalog/{schema-rules,keywords}.ts by test/catalog-compile.test.ts',
    '(`ROLLCALL_WRITE_TABLES=1 npx vitest run test/catalog-compile.test.ts` rewrites it). Every other rule',
    'lives in `src/checks/<area>/<name>.ts` (see src/checks/README.md).',
    '',
    '| rule | severity | schema nodes (annotated with x-rule) |',
    '|---|---|---|',
    ...ANNOTATED_RULES.map((r) => `| \`${r.id}\` | ${r.severity} | ${nodes.filter((n) => n.rule === r.id).map((n) => `\`${n.node}\``).join('<br>')} |`),
    '',
    '| rule | severity | JSON Schema keywords (on a node without x-rule) |',
    '|---|---|---|',
  ];
  const byRule = new Map<string, { severity: Severity; keywords: string[] }>();
  for (const [keyword, row] of Object.entries(keywordRows)) {
    if (!row.rule) continue;
    const entry = byRule.get(row.rule) ?? { severity: row.severity, keywords: [] };
    entry.keywords.push(`\`${keyword}\``);
    byRule.set(row.rule, entry);
  }
  for (const [rule, { severity, keywords }] of byRule) lines.push(`| \`${rule}\` | ${severity} | ${keywords.join(', ')} |`);
  const annotationOnly = Object.entries(keywordRows).filter(([, r]) => !r.rule).map(([k]) => `\`${k}\``);
  if (annotationOnly.length) lines.push('', `Keywords that need an x-rule on every node using them: ${annotationOnly.join(', ')}.`);
  return lines.join('\n') + '\n';
}
