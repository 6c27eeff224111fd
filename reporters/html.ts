/**
 * One self-contained HTML file, `<reportDir>/rollcall-report.html`: inline CSS, one inline script
 * (html-script.ts: search, status filter, anchors, copy buttons), inline SVG charts; no resource from
 * the network. From the top: the verdict and the run; the overview per API and operation
 * (html-overview.ts); a sticky toolbar (search, case status filter, links); the problems
 * (html-problems.ts), causes first with their consequences under them, each expandable to the cases
 * that saw it and its samples with request, curl line and highlighted body; every case of the run
 * (html-cases.ts) with its state, duration, problems and samples, error or skip reason; then per
 * operation: its rules with counts, its violations grouped by path pattern with up to 3 sample
 * values, a chart per field of what was observed (observations.ts) and its constraint coverage
 * (coverage.ts), both folded.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { byOperation, firstCases, formatValue, groupViolations, problemsOf, ruleCounts, totalsOf, type ViolationGroup } from './aggregate.js';
import { coverageOrReason, type Coverage, type OperationCoverage } from './coverage.js';
import { rulesExercisedHeadline, unexercisedGroups } from '../src/findings/rules-exercised.js';
import { reportCaseOf, type ReportCase } from './evidence.js';
import { barChart, html, proportionBar, type Bar } from './html-chart.js';
import { observationsOf, type FieldObservation, type FieldObservationProvider } from './observations.js';
import type { ReporterOptions, RunMeta } from './types.js';
import { problemIdsOf, problemsOfCases, provenanceResolver, type ConstraintSource, type Fingerprint, type Problem } from '../src/findings/index.js';
import { PROBLEM_STYLE, problemsSection } from './html-problems.js';
import { CASE_STYLE, caseAnchors, casesByProblem, casesSection } from './html-cases.js';
import { OVERVIEW_STYLE, overviewSection } from './html-overview.js';
import { SCRIPT, TOOLBAR_STYLE, toolbar } from './html-script.js';
import { hasKey, setKey } from '../src/json-safe.js';

export interface HtmlReporterOptions {
  /** File name inside the report directory. Default `rollcall-report.html`. */
  outputFile?: string;
  /** Sample values per violation group. Default 3. */
  samples?: number;
  /** Field observations from elsewhere (the drift engine); see observations.ts. Default none. */
  observations?: FieldObservationProvider;
}

export const HTML_DEFAULTS = { outputFile: 'rollcall-report.html', samples: 3 };

const STYLE = `
:root{--ok:#2e7d32;--bad:#c62828;--warn:#b26a00;--never:#9e9e9e;--info:#1565c0;--line:#ddd}
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:1200px;padding:16px;color:#222;overflow-wrap:break-word}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 6px;border-bottom:2px solid var(--line)}h3{font-size:15px;margin:16px 0 6px}
.verdict.failed{color:var(--bad)}.verdict.passed{color:var(--ok)}
dl.run{display:grid;grid-template-columns:max-content minmax(0,1fr) max-content minmax(0,1fr);gap:2px 12px;margin:8px 0}dl.run dt{color:#666}dl.run dd{margin:0}
table{border-collapse:collapse;margin:4px 0 8px;width:100%}th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f5}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f3f3f3;padding:0 3px;border-radius:3px;word-break:break-all}
.sev-error{color:var(--bad);font-weight:600}.sev-warning{color:var(--warn);font-weight:600}
.state-exercised{color:var(--ok)}.state-never{color:var(--bad)}.state-unknown{color:var(--never)}
.fields{display:flex;flex-wrap:wrap;gap:10px}figure.field{margin:0;border:1px solid var(--line);border-radius:4px;padding:6px;min-width:380px;max-width:100%;overflow-x:auto}
figure.field figcaption{font-weight:600;margin-bottom:4px}.charts{display:flex;flex-wrap:wrap;gap:4px 16px}.chart-title{font-size:12px;color:#666}figure.field small{font-weight:400;color:#666}
svg text{font:11px system-ui,sans-serif;fill:#333}
rect.bar.ok{fill:var(--ok)}rect.bar.bad{fill:var(--bad)}rect.bar.info{fill:var(--info)}rect.bar.never{fill:none;stroke:var(--never);stroke-dasharray:2 1}
svg.proportion rect.bar.never{fill:var(--bad);stroke:none}svg.proportion rect.bar.info{fill:var(--never)}
.note{color:#666}
details.fold{margin:8px 0}details.fold > summary{cursor:pointer;font-weight:600;font-size:15px}
`;

const anchor = (operation: string): string => `op-${operation.replace(/[^A-Za-z0-9-]/g, '-')}`;

function header(cases: readonly ReportCase[], problems: readonly Problem[], run: RunMeta): string {
  const t = totalsOf(cases, problems);
  const rows: Array<[string, string]> = [
    ['target', run.target],
    ['kind', run.kind],
    ['faults', run.faults.join(', ') || '(none)'],
    ['seed', run.seed === undefined ? 'default' : String(run.seed)],
    ['strict', String(run.strict)],
    ['started', run.startedAt],
    ['versions', `rollcall ${run.rollcallVersion}, vitest ${run.vitestVersion}, node ${run.node}`],
    ...(run.shard ? ([['shard', run.shard]] as Array<[string, string]>) : []),
    ...(run.interrupted ? ([['interrupted', run.interrupted]] as Array<[string, string]>) : []),
  ];
  return [
    '<header>',
    '<h1>rollcall report</h1>',
    `<p class="verdict ${t.failed > 0 ? 'failed' : 'passed'}">${t.failed > 0 ? `✗ ${t.failed} of ${t.cases} cases failed` : `✓ ${t.passed} of ${t.cases} cases passed`}: ${t.errors} errors, ${t.warnings} warnings, ${t.exchanges} exchanges (${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped).</p>`,
    `<dl class="run">${rows.map(([k, v]) => `<dt>${html(k)}</dt><dd>${html(v)}</dd>`).join('')}</dl>`,
    '</header>',
  ].join('\n');
}

function rulesTable(problems: readonly Problem[], cases: readonly ReportCase[]): string {
  const rows = ruleCounts(problems, cases);
  if (rows.length === 0) return '<p class="note">No violations.</p>';
  return `<table class="rules"><thead><tr><th>rule</th><th class="n">errors</th><th class="n">warnings</th><th class="n">cases</th></tr></thead><tbody>${rows
    .map((r) => `<tr><td class="${r.errors > 0 ? 'sev-error' : 'sev-warning'}">${html(r.rule)}</td><td class="n">${r.errors}</td><td class="n">${r.warnings}</td><td class="n">${r.cases}</td></tr>`)
    .join('')}</tbody></table>`;
}

function groupsTable(groups: readonly ViolationGroup[]): string {
  if (groups.length === 0) return '';
  return `<table class="groups"><thead><tr><th>path pattern</th><th>rule</th><th class="n">count</th><th class="n">cases</th><th>sample values</th><th>expected</th></tr></thead><tbody>${groups
    .map((g) => {
      const samples = g.samples.map((v) => `<code title="${html(v.path)}">${html(formatValue(v.actual, 60))}</code>`).join(' ');
      const links = g.problems.map((id) => `<a href="#${html(id)}">${html(id)}</a>`).join(' ');
      return `<tr><td><code>${html(g.pattern || '(body)')}</code></td><td class="sev-${g.severity}">${html(g.rule)}</td><td class="n">${g.count}</td><td class="n">${g.cases}</td><td>${samples} <span class="note">${links}</span></td><td><code>${html(formatValue(g.samples[0]?.expected, 80))}</code></td></tr>`;
    })
    .join('')}</tbody></table>`;
}

function chartBox(title: string, body: string): string {
  return body ? `<div class="chart-box"><div class="chart-title">${html(title)}</div>${body}</div>` : '';
}

function fieldFigure(o: FieldObservation): string {
  const charts: string[] = [];
  const fromViolations = o.basis === 'violations';
  const types = Object.entries(o.types).sort(([a], [b]) => a.localeCompare(b));
  if (types.length > 0) {
    const tone = (t: string): Bar['tone'] => (fromViolations || t === '(missing)' ? 'bad' : 'info');
    charts.push(chartBox(fromViolations ? 'types that broke the schema' : 'types seen', barChart(`types at ${o.pointer}`, types.map(([label, value]) => ({ label, value, tone: tone(label) })))));
  }
  const documented = o.documented ?? [];
  const bars: Bar[] = [];
  // Documented values are counted only when the bodies are known; otherwise only undocumented ones are.
  if (!fromViolations) for (const d of documented) {
    const seen = hasKey(o.values, d) ? (o.values[d] as number) : 0;
    bars.push({ label: d, value: seen, tone: seen > 0 ? 'ok' : 'never' });
  }
  for (const [label, value] of Object.entries(o.values).sort(([, a], [, b]) => b - a)) {
    if (!documented.includes(label) && (documented.length > 0 || fromViolations)) bars.push({ label, value, tone: 'bad' });
  }
  if (bars.length > 0) charts.push(chartBox(documented.length ? 'enum values: documented vs seen' : 'undocumented values', barChart(`values at ${o.pointer}`, bars.slice(0, 12))));
  const rules = Object.entries(o.rules).sort(([, a], [, b]) => b - a);
  if (rules.length > 0) charts.push(chartBox('violations by rule', barChart(`violations at ${o.pointer}`, rules.map(([label, value]) => ({ label, value, tone: 'bad' })))));
  const enumNote = fromViolations && documented.length ? `<p class="note">documented: ${documented.map((d) => `<code>${html(d)}</code>`).join(' ')}</p>` : '';
  const nulls = o.nullRate === undefined ? '' : `, null rate ${(o.nullRate * 100).toFixed(1)} %`;
  const basis = fromViolations ? 'from violations only' : `${o.present ?? 0} occurrences${nulls}`;
  return `<figure class="field" data-pointer="${html(o.pointer)}" data-basis="${o.basis}"><figcaption><code>${html(o.pointer)}</code> <small>${html(basis)}</small></figcaption><div class="charts">${charts.join('')}</div>${enumNote}</figure>`;
}

/** Keys are values from a body ("constructor", "__proto__"): own properties only. */
const bump = (record: Record<string, number>, key: string, n: number): void => {
  setKey(record, key, (hasKey(record, key) ? (record[key] as number) : 0) + n);
};

/**
 * A field's violation counts taken from the problems at its pointer, so that a chart adds up to the
 * problems list: violations by rule; without the bodies, also the types and the undocumented values
 * that broke a rule (a value the problems keep by kind only, such as a long string, shows as its kind).
 */
export function withProblemCounts(o: FieldObservation, problems: readonly Problem[]): FieldObservation {
  const rules: Record<string, number> = {};
  const types: Record<string, number> = {};
  const values: Record<string, number> = {};
  for (const p of problems) {
    const { operation, pattern, rule, shape } = p.fingerprint;
    if (operation !== o.operation || pattern !== o.pointer) continue;
    const n = p.counts.violations;
    bump(rules, rule, n);
    if (rule === 'schema.required') bump(types, '(missing)', n);
    else if (rule === 'schema.type' || rule === 'drift.undocumented-field') bump(types, shape.startsWith('"') ? 'string' : shape, n);
    if (rule === 'schema.enum') bump(values, shape.startsWith('"') ? (JSON.parse(shape) as string) : `(${shape})`, n);
  }
  return o.basis === 'responses' ? { ...o, rules } : { ...o, rules, types, values };
}

/** The observations with their violation counts from the problems; a field only the problems know gets one. */
export function fieldsOf(observations: readonly FieldObservation[], problems: readonly Problem[]): FieldObservation[] {
  const out = observations.map((o) => withProblemCounts(o, problems));
  const known = new Set(out.map((o) => `${o.operation} ${o.pointer}`));
  for (const p of problems) {
    const { operation, pattern } = p.fingerprint;
    if (!pattern.startsWith('/') || known.has(`${operation} ${pattern}`)) continue;
    known.add(`${operation} ${pattern}`);
    out.push(withProblemCounts({ operation, pointer: pattern, basis: 'violations', types: {}, values: {}, rules: {} }, problems));
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation) || a.pointer.localeCompare(b.pointer));
}

/** Without the bodies, a field with nothing that broke has nothing to chart; containers only hold fields. */
function worthCharting(o: FieldObservation): boolean {
  if (Object.keys(o.rules).length > 0 || o.documented) return true;
  return o.basis === 'responses' && Object.keys(o.types).some((t) => t !== 'object' && t !== 'array');
}

function coverageTable(op: OperationCoverage | undefined): string {
  if (!op) return '<p class="note">No constraint of this operation is documented.</p>';
  const bar = proportionBar(`${op.exercised} exercised, ${op.never} never, ${op.unknown} unknown`, [
    { label: 'exercised', value: op.exercised, tone: 'ok' },
    { label: 'never', value: op.never, tone: 'never' },
    { label: 'unknown', value: op.unknown, tone: 'info' },
  ]);
  return `<p>${bar} ${op.exercised} exercised, ${op.never} never, ${op.unknown} unknown</p><table class="coverage"><thead><tr><th>kind</th><th>subject</th><th>value</th><th>state</th><th class="n">count</th><th>source</th></tr></thead><tbody>${op.constraints
    .map((c) => `<tr><td>${html(c.kind)}</td><td><code>${html(c.subject)}</code></td><td>${c.value === undefined ? '' : `<code>${html(c.value)}</code>`}</td><td class="state-${c.state}">${c.state}</td><td class="n">${c.state === 'unknown' ? '–' : c.count}</td><td><code>${html(c.source)}</code></td></tr>`)
    .join('')}</tbody></table>`;
}

function coverageNote(coverage: Coverage | string): string {
  if (typeof coverage === 'string') return `<p class="note">Constraint coverage could not be computed: ${html(coverage)}</p>`;
  const t = coverage.totals;
  const missing = coverage.evidence.missingMeta.length
    ? ` The cases did not send ${coverage.evidence.missingMeta.map((m) => `CaseMeta.${m}`).join(' and ')}: only the requests named by violations are known, so a constraint they do not show is <em>unknown</em>, and field charts show only what violated a rule.`
    : '';
  const notRun = coverage.operationsNotRun.length ? ` Not run: ${coverage.operationsNotRun.map((o) => `<code>${html(o)}</code>`).join(', ')}.` : '';
  const rules = coverage.rulesExercised;
  // Rule ids and what they need are rollcall's own words; escaped all the same.
  const idle = rules
    ? unexercisedGroups(rules).map((g) => `<li>${html(g.reason)}, needs ${html(g.needs)}: ${g.rules.map((r) => `<code>${html(r)}</code>`).join(', ')}</li>`).join('')
    : '';
  const rulesNote = rules ? `<p class="note">${html(rulesExercisedHeadline(rules))}.</p>${idle ? `<ul class="note">${idle}</ul>` : ''}` : '';
  return `<p class="note">Constraint coverage: ${t.exercised} of ${t.constraints} exercised, ${t.never} never, ${t.unknown} unknown.${missing}${notRun}</p>${rulesNote}`;
}

export function htmlReport(cases: readonly ReportCase[], run: RunMeta, coverage: Coverage | string, observations: readonly FieldObservation[], samples = HTML_DEFAULTS.samples, sourceOf?: (f: Fingerprint) => ConstraintSource | undefined): string {
  const byOp = byOperation(cases);
  // Every number below is summed from this one list, the list the console and every report count from.
  const problems = problemsOfCases(cases, { maxSamples: samples, sourceOf }).list();
  const charted = fieldsOf(observations, problems);
  // A problem's operation may have no case of its own (a consistency case of one suite fetches with another operation).
  const operations = [...new Set([...byOp.keys(), ...problems.map((p) => p.fingerprint.operation)])].sort((a, b) => a.localeCompare(b));
  const anchors = caseAnchors(cases);
  const sections: string[] = [];
  for (const operation of operations) {
    const list = byOp.get(operation) ?? [];
    const own = problemsOf(problems, operation);
    const t = totalsOf(list, own);
    const fields = charted.filter((o) => o.operation === operation && worthCharting(o));
    const opCoverage = typeof coverage === 'string' ? undefined : coverage.operations.find((o) => o.operation === operation);
    sections.push(
      [
        `<section class="operation" id="${anchor(operation)}" data-operation="${html(operation)}">`,
        `<h2>${html(operation)}</h2>`,
        `<p>${t.cases} cases: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped; ${t.exchanges} exchanges. Its problems: ${t.errors} errors, ${t.warnings} warnings.</p>`,
        '<h3>Rules</h3>',
        rulesTable(own, cases),
        '<h3>Violations by path pattern</h3>',
        '<p class="note">The problems above of this operation, summed per rule and path pattern (whichever suite\'s case saw them).</p>',
        groupsTable(groupViolations(own, cases, samples)) || '<p class="note">No violations.</p>',
        fields.length
          ? `<details class="fold field-charts"><summary>Fields: ${fields.length} charted (types, values, violations by rule)</summary><div class="fields">${fields.map(fieldFigure).join('')}</div></details>`
          : '<h3>Fields</h3><p class="note">No field observation.</p>',
        typeof coverage === 'string'
          ? ''
          : `<details class="fold coverage"><summary>Constraint coverage${opCoverage ? `: ${opCoverage.exercised} exercised, ${opCoverage.never} never, ${opCoverage.unknown} unknown` : ''}</summary>${coverageTable(opCoverage)}</details>`,
        '</section>',
      ].join('\n'),
    );
  }
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>rollcall report: ${html(run.target)}</title>`,
    `<style>${STYLE}${OVERVIEW_STYLE}${TOOLBAR_STYLE}${PROBLEM_STYLE}${CASE_STYLE}</style></head><body>`,
    header(cases, problems, run),
    overviewSection(operations, byOp, problems, anchor),
    toolbar(totalsOf(cases, problems), operations, anchor),
    problemsSection(problems, firstCases(cases), { anchors, casesOf: casesByProblem(cases) }),
    casesSection([...byOp.values()].flat(), problems, anchors, problemIdsOf(cases)),
    coverageNote(coverage),
    ...sections,
    `<footer class="note">Written by rollcall ${html(run.rollcallVersion)}; this file loads nothing from the network.</footer>`,
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

export default class HtmlReporter implements Reporter {
  private readonly cases: ReportCase[] = [];
  private readonly own: typeof HTML_DEFAULTS & { observations?: FieldObservationProvider };

  constructor(private readonly options: ReporterOptions, own: HtmlReporterOptions = {}) {
    this.own = { ...HTML_DEFAULTS, ...own };
  }

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(reportCaseOf(testCase));
  }

  async onTestRunEnd(_modules: ReadonlyArray<TestModule>): Promise<void> {
    const coverage = await coverageOrReason(this.cases);
    const observations = await observationsOf(this.cases, typeof coverage === 'string' ? undefined : coverage, this.own.observations);
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    const samples = this.options.maxSamples ?? this.own.samples;
    fs.writeFileSync(path.join(this.options.reportDir, this.own.outputFile), htmlReport(this.cases, this.options.run, coverage, observations, samples, await provenanceResolver()));
  }
}
