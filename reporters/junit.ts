/**
 * JUnit XML for CI, in `<reportDir>/rollcall-junit.xml`: a <testsuite> per operation, a <testcase>
 * per case (classname `operation > group`). A failing case has one <failure> whose text lists its
 * violations, grouped by rule and path pattern, each with rule, path, expected, actual, message and
 * hint; the case's other violations (warnings of a failing or passing case, whatever a skipped case
 * saw, those a baseline knows) go to <system-out>, so that each problem's blocks add up to its count;
 * a transport or tool error is an <error>; a skipped case has <skipped/> with its reason.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Violation } from '../src/types.js';
import { byOperation, caseTotals, formatValue, pathPattern } from './aggregate.js';
import { fingerprintOf, problemId, problemIdsOf, weight } from '../src/findings/index.js';
import { caseOf, type JsonCase } from './case.js';
import type { ReporterOptions } from './types.js';
import { forTerminal, forXml } from '../src/sanitize.js';

export interface JunitReporterOptions {
  /** File name inside the report directory. Default `rollcall-junit.xml`. */
  outputFile?: string;
  /** Rule/path groups written out per case; the rest are counted. Default 25. */
  maxGroupsPerCase?: number;
}

export const JUNIT_DEFAULTS: Required<JunitReporterOptions> = { outputFile: 'rollcall-junit.xml', maxGroupsPerCase: 25 };

/**
 * Text in XML (src/sanitize.ts forXml): always valid XML 1.0, control and invisible characters shown
 * as escapes. `multiline` keeps rollcall's own line feeds (a failure's blocks); text from the target
 * is put into such a block one line each (forTerminal).
 */
export function xmlEscape(text: string, options: { multiline?: boolean } = {}): string {
  return forXml(text, options);
}

function attrs(values: Record<string, string | number | undefined>): string {
  return Object.entries(values)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** A violation's problem id; `problemIdsOf` (src/findings) gives the run's, as the problem list names them. */
type ProblemIdOf = (v: Violation) => string;
const ownProblemId: ProblemIdOf = (v) => problemId(fingerprintOf(v));

/** The violations of one case as text: one block per rule and path pattern, its first occurrence in full. */
export function violationText(violations: readonly Violation[], maxGroups: number, idOf: ProblemIdOf = ownProblemId): string {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    // One block per problem of the case (src/findings): the same grouping as every other report.
    const key = idOf(v);
    const list = groups.get(key);
    if (list) list.push(v);
    else groups.set(key, [v]);
  }
  const blocks: string[] = [];
  for (const [id, list] of [...groups.entries()].slice(0, maxGroups)) {
    const v = list[0] as Violation;
    const count = list.reduce((n, x) => n + weight(x), 0);
    const more = count > 1 ? ` (and ${count - 1} more at ${pathPattern(v.path)})` : '';
    blocks.push(
      [
        `${v.rule} (${v.severity}) at ${forTerminal(v.path || '(body)')}${forTerminal(more)} [problem ${id}]`,
        `  expected: ${forTerminal(formatValue(v.expected, 300))}`,
        `  actual:   ${forTerminal(formatValue(v.actual, 300))}`,
        `  message:  ${forTerminal(v.message)}`,
        `  hint:     ${forTerminal(v.hint)}`,
        ...(v.request ? [`  request:  ${v.request.method} ${forTerminal(v.request.url)}`] : []),
      ].join('\n'),
    );
  }
  if (groups.size > maxGroups) blocks.push(`... and ${groups.size - maxGroups} more problems (see rollcall-report.json)`);
  return blocks.join('\n\n');
}

/**
 * What a case is in JUnit, decided once for its element and for the counts: `skipped` (vitest skipped
 * it: never passed), `error` (a failed case whose cause is a transport or tool error), `failure`
 * (a failed case: violations), or `passed`.
 */
export function junitKind(c: JsonCase): 'skipped' | 'error' | 'failure' | 'passed' {
  if (c.state === 'skipped') return 'skipped';
  if (c.state === 'failed') return c.transportError || c.error ? 'error' : 'failure';
  return 'passed';
}

function testcase(c: JsonCase, maxGroups: number, idOf: ProblemIdOf): string {
  const open = `    <testcase${attrs({ classname: [c.operation, c.group].filter(Boolean).join(' > '), name: c.name, time: seconds(c.durationMs) })}`;
  const body: string[] = [];
  const kind = junitKind(c);
  let failing: Violation[] = [];
  if (kind === 'skipped') body.push(c.skipReason ? `      <skipped${attrs({ message: c.skipReason })}/>` : '      <skipped/>');
  else if (kind === 'error') {
    const message = c.transportError ?? c.error ?? '';
    // A transport error is one line that may quote the target; a tool error's lines are its own.
    body.push(`      <error${attrs({ message: message.split('\n')[0], type: c.transportError ? 'transport' : 'tool' })}>${xmlEscape(message, { multiline: !c.transportError })}</error>`);
  } else if (kind === 'failure') {
    // The failing violations: errors, or warnings under --strict (a failed case with no error).
    const errors = c.violations.filter((v) => v.severity === 'error');
    failing = errors.length > 0 ? errors : c.violations.filter((v) => v.severity === 'warning');
    const rules = [...new Set(failing.map((v) => v.rule))];
    const message = `${failing.reduce((n, v) => n + weight(v), 0)} violation(s): ${rules.join(', ')}`;
    body.push(`      <failure${attrs({ message, type: rules[0] ?? 'violation' })}>${xmlEscape(violationText(failing, maxGroups, idOf), { multiline: true })}</failure>`);
  }
  const shown = new Set(failing);
  const rest = c.violations.filter((v) => !shown.has(v));
  if (rest.length > 0) body.push(`      <system-out>${xmlEscape(violationText(rest, maxGroups, idOf), { multiline: true })}</system-out>`);
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

export function junitXml(cases: readonly JsonCase[], run: ReporterOptions['run'], maxGroups = JUNIT_DEFAULTS.maxGroupsPerCase): string {
  const all = caseTotals(cases);
  // In the run's order, before the cases are grouped by operation.
  const idOf = problemIdsOf(cases);
  const errorsOf = (list: readonly JsonCase[]): number => list.filter((c) => junitKind(c) === 'error').length;
  const failuresOf = (list: readonly JsonCase[]): number => list.filter((c) => junitKind(c) === 'failure').length;
  const properties = [
    ['target', run.target],
    ['kind', run.kind],
    ['faults', run.faults.join(',')],
    ['seed', run.seed === undefined ? undefined : String(run.seed)],
    ['strict', String(run.strict)],
    ['rollcall', run.rollcallVersion],
    ...(run.shard ? [['shard', run.shard]] : []),
  ].filter((p): p is [string, string] => p[1] !== undefined);
  const suites: string[] = [];
  for (const [operation, list] of byOperation(cases)) {
    const t = caseTotals(list);
    suites.push(
      [
        `  <testsuite${attrs({ name: operation, tests: t.cases, failures: failuresOf(list), errors: errorsOf(list), skipped: t.skipped, time: seconds(t.durationMs), timestamp: run.startedAt.replace(/\.\d+Z$/, '') })}>`,
        '    <properties>',
        ...properties.map(([name, value]) => `      <property${attrs({ name, value })}/>`),
        '    </properties>',
        ...list.map((c) => testcase(c, maxGroups, idOf)),
        '  </testsuite>',
      ].join('\n'),
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs({ name: 'rollcall', tests: all.cases, failures: failuresOf(cases), errors: errorsOf(cases), skipped: all.skipped, time: seconds(all.durationMs) })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

export default class JunitReporter implements Reporter {
  private readonly cases: JsonCase[] = [];
  private readonly own: Required<JunitReporterOptions>;

  constructor(private readonly options: ReporterOptions, own: JunitReporterOptions = {}) {
    this.own = { ...JUNIT_DEFAULTS, ...own };
  }

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(caseOf(testCase));
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    fs.writeFileSync(path.join(this.options.reportDir, this.own.outputFile), junitXml(this.cases, this.options.run, this.own.maxGroupsPerCase));
  }
}
