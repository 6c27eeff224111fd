/**
 * The overview at the top of the HTML report: per API and operation, its cases (passed, failed,
 * skipped, with a bar), its problems (of which causes), their error and warning violations, and the
 * time its cases took. Case counts come from the cases' states, every other number from the one
 * problem list (aggregate.ts totalsOf, problemTotals), as in every other view.
 */
import { caseTotals, problemsOf, totalsOf } from './aggregate.js';
import type { ReportCase } from './evidence.js';
import { duration } from './html-cases.js';
import { html } from './html-chart.js';
import { problemTotals, type Problem } from '../src/findings/index.js';

export const OVERVIEW_STYLE = `
table.overview td,table.overview th{padding:4px 8px}table.overview tr.api th{background:#eef3f8;text-align:left}
table.overview tr.op td:first-child{padding-left:22px}table.overview tfoot td{font-weight:600;border-top:2px solid var(--line)}
table.overview a.count{color:inherit;text-decoration:none}table.overview a.count:hover{text-decoration:underline}table.overview td.failed a.count{color:var(--bad);font-weight:600}table.overview .zero{color:#aaa}
.states{display:inline-flex;width:140px;height:10px;border-radius:3px;overflow:hidden;background:#eee;vertical-align:middle}
.states span{display:block;height:100%}.states .passed{background:var(--ok)}.states .failed{background:var(--bad)}.states .skipped{background:var(--never)}
`;

/** `twilio-video.listRoomParticipants` -> `twilio-video`: the API is the id's prefix. */
export const apiOf = (operation: string): string => operation.slice(0, Math.max(0, operation.indexOf('.'))) || operation;

/** A case count that opens the case list filtered to it (html-script.ts reads data-status and data-q). */
function count(n: number, status: string, query: string): string {
  if (n === 0) return '<span class="zero">0</span>';
  return `<a class="count" href="#cases" data-status="${status}" data-q="${html(query)}">${n}</a>`;
}

function statesBar(passed: number, failed: number, skipped: number): string {
  const total = passed + failed + skipped;
  if (total === 0) return '';
  const part = (n: number, cls: string): string => (n > 0 ? `<span class="${cls}" style="width:${((n / total) * 100).toFixed(2)}%"></span>` : '');
  return `<span class="states" role="img" aria-label="${passed} passed, ${failed} failed, ${skipped} skipped">${part(passed, 'passed')}${part(failed, 'failed')}${part(skipped, 'skipped')}</span>`;
}

/** One row's cells after its name: cases, passed, failed, skipped, bar, problems, causes, errors, warnings, time. */
function cells(cases: readonly ReportCase[], problems: readonly Problem[], query: string): string {
  const t = totalsOf(cases, problems);
  const p = problemTotals(problems);
  return [
    `<td class="n">${count(t.cases, 'all', query)}</td>`,
    `<td class="n">${count(t.passed, 'passed', query)}</td>`,
    `<td class="n failed">${count(t.failed, 'failed', query)}</td>`,
    `<td class="n">${count(t.skipped, 'skipped', query)}</td>`,
    `<td>${statesBar(t.passed, t.failed, t.skipped)}</td>`,
    `<td class="n">${p.problems}</td>`,
    `<td class="n">${p.causes}</td>`,
    `<td class="n">${t.errors}</td>`,
    `<td class="n">${t.warnings}</td>`,
    `<td class="n">${duration(caseTotals(cases).durationMs)}</td>`,
  ].join('');
}

/**
 * The overview: an API row (its operations summed), then a row per operation linking to its section;
 * a last row for the whole run. `operations` are every operation of the run, sorted.
 */
export function overviewSection(operations: readonly string[], byOp: ReadonlyMap<string, readonly ReportCase[]>, problems: readonly Problem[], anchorOf: (operation: string) => string): string {
  const apis = [...new Set(operations.map(apiOf))];
  const rows: string[] = [];
  for (const api of apis) {
    const ops = operations.filter((o) => apiOf(o) === api);
    const cases = ops.flatMap((o) => byOp.get(o) ?? []);
    const own = problems.filter((p) => ops.includes(p.fingerprint.operation));
    rows.push(`<tr class="api" data-api="${html(api)}"><th scope="row">${html(api)}</th>${cells(cases, own, `${api}.`)}</tr>`);
    for (const o of ops) {
      rows.push(`<tr class="op" data-operation="${html(o)}"><td><a href="#${html(anchorOf(o))}">${html(o.slice(api.length + 1) || o)}</a></td>${cells(byOp.get(o) ?? [], problemsOf(problems, o), o)}</tr>`);
    }
  }
  const all = operations.flatMap((o) => byOp.get(o) ?? []);
  const head = '<thead><tr><th>API / operation</th><th class="n">cases</th><th class="n">passed</th><th class="n">failed</th><th class="n">skipped</th><th></th><th class="n">problems</th><th class="n">causes</th><th class="n">errors</th><th class="n">warnings</th><th class="n" title="the sum of its cases\' durations">time</th></tr></thead>';
  return [
    '<section id="overview"><h2>Overview</h2>',
    `<table class="overview">${head}<tbody>${rows.join('')}</tbody><tfoot><tr class="total"><td>all</td>${cells(all, problems, '')}</tr></tfoot></table>`,
    '<p class="note">A count opens the case list filtered to it. Problems are counted under the operation they are about; time is the sum of the cases\' durations.</p>',
    '</section>',
  ].join('\n');
}
