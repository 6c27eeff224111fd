import fs from 'node:fs';
import { forTerminal } from '../sanitize.js';
import type { Violation } from '../types.js';
import { loadCatalog, UnknownOperationError } from '../catalog/catalog.js';
import { fitFor, formatViolation, plural } from './format.js';
import { countsPhrase, DEFAULT_MAX_SAMPLES, excerptAt, ProblemSet, provenanceOf } from '../findings/index.js';
import { UsageError, type Io, parseCommandLine } from './io.js';
import { usageLine } from './help.js';

export const VALIDATE_USAGE = usageLine('validate');

/** Violations printed in full (`violations` of --format json, the list of --format text); beyond them, problems and totals stay exact. */
const DEFAULT_MAX_VIOLATIONS = 1000;

/** `rollcall validate`: checks one captured response body. Exit 0 clean, 1 violations, 2 usage. */
export async function runValidateCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('validate', args);
  const { values, positionals } = parsed;
  const catalog = await loadCatalog();
  const ids = catalog.operations.map((o) => o.id);
  if (!values.operation) throw new UsageError(`--operation is required; valid operations: ${ids.join(', ')}\n${VALIDATE_USAGE}`);
  if (!ids.includes(values.operation)) throw new UsageError(new UnknownOperationError(values.operation, ids).message);
  if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format must be json or text, not "${values.format}"`);
  let status: number | undefined;
  if (values.status !== undefined) {
    status = Number(values.status);
    if (!/^\d{3}$/.test(values.status)) throw new UsageError(`--status must be an HTTP status such as 200, not "${values.status}"`);
  }
  const requestUrl = values['request-url'];
  if (requestUrl !== undefined && !URL.canParse(requestUrl)) throw new UsageError(`--request-url must be an absolute URL, not "${requestUrl}"`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one FILE, or - for stdin\n${VALIDATE_USAGE}`);
  const source = positionals[0] as string;
  let text: string;
  if (source === '-') text = await io.readStdin();
  else {
    try {
      text = fs.readFileSync(source, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const count = (name: string, raw: string | undefined, fallback: number): number => {
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw)) throw new UsageError(`--${name} must be a whole number, not "${raw}"`);
    return Number(raw);
  };
  const maxSamples = Math.max(1, count('max-samples', values['max-samples'], DEFAULT_MAX_SAMPLES));
  const maxViolations = count('max-violations', values['max-violations'], DEFAULT_MAX_VIOLATIONS);
  // One parse: the body the checks read is the one the samples quote.
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: the catalog reports it (http.body-json).
  }
  text = '';
  const operation = values.operation;
  const json = body;
  const excerpt = typeof json === 'object' && json !== null ? (pointer: string) => excerptAt(json, pointer) : undefined;
  // Violations stream into problems: memory follows the body, not the number of violations.
  const problems = new ProblemSet({ maxSamples, sourceOf: provenanceOf(catalog) });
  const violations: Violation[] = [];
  let errors = 0;
  let warnings = 0;
  catalog.validate(operation, body, {
    status,
    requestUrl,
    onViolation: (v) => {
      if (v.severity === 'error') errors++;
      else warnings++;
      problems.add(v, excerpt ? { excerpt } : {});
      if (violations.length < maxViolations) violations.push(v);
    },
  });
  const total = errors + warnings;
  const list = problems.list();
  const where = source === '-' ? 'stdin' : source;
  if (values.format === 'json') {
    const totals = { violations: total, errors, warnings, problems: list.length, causes: list.filter((p) => !p.consequenceOf).length, violationsShown: violations.length };
    io.stdout(JSON.stringify({ operation, violations, problems: list, totals }, null, 2) + '\n');
  } else if (total === 0) {
    io.stdout(fitFor(io, `${operation}: no violations in ${forTerminal(where)}\n`));
  } else {
    const lines = [`${operation}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${forTerminal(where)}: ${plural(list.length, 'problem')}`, ''];
    for (const p of list) lines.push(`  ${p.severity === 'error' ? '✗' : '!'} ${p.id} ${forTerminal(p.title)}: ${countsPhrase(p.counts)}${p.consequenceOf ? ` (consequence: ${forTerminal(p.consequenceOf.reason)})` : ''}`);
    lines.push('', violations.map(formatViolation).join('\n\n'));
    if (total > violations.length) lines.push('', `... and ${total - violations.length} more violations (every one is counted in the problems above; --max-violations N prints more)`);
    io.stdout(fitFor(io, lines.join('\n') + '\n'));
  }
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}
