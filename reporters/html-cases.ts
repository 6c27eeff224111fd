/**
 * The HTML report's case list and the links between cases and problems: every case of the run, one
 * row each (state, name, operation and group, duration, exchanges, and why: its problems with links
 * to their samples, its error, or its skip reason), filtered in the page by status and by the search
 * box (html-script.ts). A case's problems are read from its violations with the fingerprint every
 * view uses (src/findings), so that the links agree with the problem list.
 */
import { formatValue } from './aggregate.js';
import type { ReportCase } from './evidence.js';
import { html } from './html-chart.js';
import { fingerprintOf, problemId, problemIdsOf, weight, type Problem } from '../src/findings/index.js';

export const CASE_STYLE = `
#cases .case-box{max-height:640px;overflow:auto;border:1px solid var(--line);border-radius:4px}
table.cases{margin:0;table-layout:fixed}table.cases thead th{position:sticky;top:0;z-index:1}
table.cases col.state{width:28px}table.cases col.ms{width:80px}table.cases col.ex{width:44px}table.cases col.why{width:44%}
table.cases td{overflow-wrap:anywhere}table.cases tr.case:target{background:#fff8e1}
.case-name .name{display:block;font-weight:600}.case-name .where{display:block;color:#666;font-size:12px}
td.state-passed{color:var(--ok)}td.state-failed{color:var(--bad)}td.state-skipped{color:var(--never)}
ul.case-problems{margin:0;padding:0;list-style:none}ul.case-problems li{margin:0 0 2px}
.skip-reason{color:#555;font-style:italic}.case-error{color:var(--bad)}
.tag{font-size:11px;border:1px solid var(--line);border-radius:8px;padding:0 5px;color:#666;margin-left:4px}
`;

/** FNV-1a, 32 bits, hex: a short anchor that stays the same for the same case id across runs. */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Case id -> its row's anchor (`case-` + hash of the id; a second id with the same hash gets a suffix). */
export function caseAnchors(cases: ReadonlyArray<{ id: string }>): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Set<string>();
  for (const c of cases) {
    if (out.has(c.id)) continue;
    let anchor = `case-${hash(c.id)}`;
    for (let n = 2; taken.has(anchor); n++) anchor = `case-${hash(c.id)}-${n}`;
    taken.add(anchor);
    out.set(c.id, anchor);
  }
  return out;
}

/** A violation's problem id: the run's (src/findings problemIdsOf), else its own fingerprint's. */
type ProblemIdOf = (v: ReportCase['violations'][number]) => string;

/** A case's problems: problem id -> its violations in the case, in the order the case saw them. */
export function problemsOfCase(c: Pick<ReportCase, 'violations'>, idOf: ProblemIdOf = (v) => problemId(fingerprintOf(v))): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of c.violations) {
    const id = idOf(v);
    out.set(id, (out.get(id) ?? 0) + weight(v));
  }
  return out;
}

/** Problem id -> the ids of the cases that saw it, in the order given (the run's: the first is its "first in"). */
export function casesByProblem(cases: ReadonlyArray<Pick<ReportCase, 'id' | 'violations'>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const idOf = problemIdsOf(cases);
  for (const c of cases) {
    for (const id of problemsOfCase(c, idOf).keys()) {
      const list = out.get(id) ?? [];
      list.push(c.id);
      out.set(id, list);
    }
  }
  return out;
}

/** A duration for a reader: `840 ms`, `3.2 s`, `2 min 05 s`; wrapped so that tests can tell it from the rest. */
export function duration(ms: number): string {
  let text: string;
  if (ms < 1000) text = `${Math.round(ms)} ms`;
  else if (ms < 60_000) text = `${(ms / 1000).toFixed(1)} s`;
  else text = `${Math.floor(ms / 60_000)} min ${String(Math.round((ms % 60_000) / 1000)).padStart(2, '0')} s`;
  return `<span class="ms" data-ms="${Math.round(ms)}">${text}</span>`;
}

const MARK: Record<ReportCase['state'], string> = { passed: '✓', failed: '✗', skipped: '−' };

/** Samples of the problems kept from each case: case id -> [problem id, sample index]. */
function samplesByCase(problems: readonly Problem[]): Map<string, Array<[string, number]>> {
  const out = new Map<string, Array<[string, number]>>();
  for (const p of problems) {
    p.samples.forEach((s, i) => {
      if (!s.case) return;
      const list = out.get(s.case) ?? [];
      list.push([p.id, i]);
      out.set(s.case, list);
    });
  }
  return out;
}

function whyCell(c: ReportCase, byId: ReadonlyMap<string, Problem>, samples: ReadonlyArray<[string, number]>, idOf?: ProblemIdOf): string {
  const parts: string[] = [];
  if (c.state === 'skipped') parts.push(`<span class="skip-reason">${html(c.skipReason ? `skipped: ${c.skipReason}` : 'skipped (no reason given)')}</span>`);
  if (c.transportError) parts.push(`<span class="case-error">transport error: ${html(formatValue(c.transportError, 300))}</span>`);
  if (c.error) parts.push(`<span class="case-error">error: ${html(formatValue(c.error, 300))}</span>`);
  const own = problemsOfCase(c, idOf);
  if (own.size > 0) {
    const items = [...own].map(([id, n]) => {
      const p = byId.get(id);
      const links = samples.filter(([pid]) => pid === id).map(([pid, i]) => `<a href="#${html(`${pid}-s${i}`)}">sample ${i + 1}</a>`);
      const what = p ? ` <code>${html(p.fingerprint.rule)}</code> at <code>${html(p.fingerprint.pattern || '(body)')}</code>${p.consequenceOf ? ' <span class="tag">consequence</span>' : ''}` : '';
      return `<li><a href="#${html(id)}">${html(id)}</a>${what} <span class="note">×${n}</span>${links.length ? ` ${links.join(' ')}` : ''}</li>`;
    });
    parts.push(`<ul class="case-problems">${items.join('')}</ul>`);
  }
  return parts.join(' ');
}

/** The case list: every case, sorted by operation, group and name; `idOf`: problemIdsOf the cases in the run's order. */
export function casesSection(sorted: readonly ReportCase[], problems: readonly Problem[], anchors: ReadonlyMap<string, string>, idOf?: ProblemIdOf): string {
  const byId = new Map(problems.map((p) => [p.id, p]));
  const samples = samplesByCase(problems);
  const rows = sorted.map((c) => {
    const where = [c.operation, c.group].filter(Boolean).join(' › ');
    return (
      `<tr class="case" id="${html(anchors.get(c.id) ?? '')}" data-status="${c.state}">` +
      `<td class="state-${c.state}" title="${c.state}">${MARK[c.state]}</td>` +
      `<td class="case-name"><span class="name">${html(c.name)}</span> <span class="where">${html(where)}</span></td>` +
      `<td class="n">${duration(c.durationMs)}</td><td class="n">${c.exchanges}</td>` +
      `<td class="why">${whyCell(c, byId, samples.get(c.id) ?? [], idOf)}</td></tr>`
    );
  });
  const head = '<thead><tr><th></th><th>case</th><th class="n">time</th><th class="n" title="exchanges">req.</th><th>problems, error or skip reason</th></tr></thead>';
  const cols = '<colgroup><col class="state"><col class="name"><col class="ms"><col class="ex"><col class="why"></colgroup>';
  return [
    '<section id="cases"><h2>Cases</h2>',
    `<p class="note">Every case of the run (${sorted.length}), by operation, group and name; filter them by status and with the search box. A failing case links to its problems and to the samples it gave them; a skipped case says why.</p>`,
    sorted.length ? `<div class="case-box"><table class="cases">${cols}${head}<tbody>${rows.join('')}</tbody></table></div>` : '<p class="note">No case ran.</p>',
    '<p class="note" id="no-case" hidden>No case matches the filter.</p>',
    '</section>',
  ].join('\n');
}
