/**
 * The problems section of the HTML report: every problem, causes first, each a <details> that opens
 * to its fingerprint, source, hint and samples; a sample opens to its request (method, URL, form
 * body, curl line) and the response body around the value, the value at the sample's JSON pointer
 * highlighted (<mark class="offending">; for a missing field, the object that lacks it). A cause's
 * consequences sit under it, indented, in a box that says they follow from it. A problem lists the
 * cases that saw it and a sample names its case, both linked to the case list (html-cases.ts); a
 * sample's anchor is `<problem id>-s<index>`. The curl line is shown whole, with a copy button.
 */
import { formatValue } from './aggregate.js';
import { html } from './html-chart.js';
import { curlBlock } from './html-script.js';
import { countsPhrase, sourceText, type Occurrence, type Problem } from '../src/findings/index.js';
import { segmentsOf } from '../src/json-pointer.js';

export const PROBLEM_STYLE = `
#problems details.problem{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:4px;margin:6px 0;padding:4px 8px;color:#222;font-weight:400}
#problems details.problem.sev-warning{border-left-color:var(--warn)}
#problems .consequences{margin:0 0 10px 26px;padding:2px 0 2px 12px;border-left:3px dotted var(--line)}
#problems .consequences-title{margin:2px 0;color:#666;font-size:12px}
#problems details.problem.consequence{border-left-width:2px;background:#fcfcfc;color:#444}#problems details.problem.consequence > summary strong{font-weight:500}
#problems dl.facts ul.problem-cases{margin:0;padding-left:16px}
#problems summary{cursor:pointer}#problems summary .counts{color:#666;font-size:12px;margin-left:6px}#problems summary .note{font-size:12px}
#problems dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}#problems dl.facts dt{color:#666}#problems dl.facts dd{margin:0}
details.sample{margin:6px 0 6px 12px;border-top:1px dashed var(--line);padding-top:4px}
pre.json,pre.curl{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f7f7f7;padding:6px;overflow:auto;max-height:420px;margin:4px 0}
pre.curl{white-space:pre-wrap;overflow-wrap:anywhere;word-break:break-all;padding-right:60px}
mark.offending{background:#ffd54f;outline:2px solid var(--bad);border-radius:2px}
`;

/** The longest prefix of the pointer that exists in the value: what can be highlighted. */
function existingDepth(value: unknown, segments: string[]): number {
  let node = value;
  for (let i = 0; i < segments.length; i++) {
    const key = segments[i] as string;
    if (Array.isArray(node) && /^\d+$/.test(key) && Number(key) < node.length) node = node[Number(key)];
    else if (node && typeof node === 'object' && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, key)) node = (node as Record<string, unknown>)[key];
    else return i;
  }
  return segments.length;
}

/** Pretty JSON as HTML, the node at `target` (segments) wrapped in a mark; null items elided by excerptAt show as `null`. */
export function jsonWithMark(value: unknown, pointer: string): string {
  const segments = segmentsOf(pointer);
  const depth = existingDepth(value, segments);
  const target = segments.slice(0, depth);
  const render = (node: unknown, path: string[], indent: string): string => {
    const onTarget = path.length === target.length && path.every((s, i) => s === target[i]);
    let text: string;
    if (node === null || typeof node !== 'object') text = html(JSON.stringify(node) ?? 'null');
    else if (Array.isArray(node)) {
      if (node.length === 0) text = '[]';
      else text = `[\n${node.map((v, i) => `${indent}  ${render(v, [...path, String(i)], `${indent}  `)}`).join(',\n')}\n${indent}]`;
    } else {
      const entries = Object.entries(node);
      if (entries.length === 0) text = '{}';
      else text = `{\n${entries.map(([k, v]) => `${indent}  ${html(JSON.stringify(k))}: ${render(v, [...path, k], `${indent}  `)}`).join(',\n')}\n${indent}}`;
    }
    return onTarget ? `<mark class="offending" data-pointer="${html('/' + target.join('/'))}">${text}</mark>` : text;
  };
  return render(value, [], '');
}

/** What links a problem to the case list: case id -> its row's anchor, problem id -> the cases that saw it (run order). */
export interface CaseLinks {
  anchors: ReadonlyMap<string, string>;
  casesOf: ReadonlyMap<string, readonly string[]>;
}

/** Cases listed by name under a problem; the rest are reached through the search box (their count says so). */
const CASES_SHOWN = 8;

function caseLink(id: string, links?: CaseLinks, max = 300): string {
  const anchor = links?.anchors.get(id);
  return anchor ? `<a href="#${html(anchor)}">${html(formatValue(id, max))}</a>` : html(formatValue(id, max));
}

function sampleHtml(p: Problem, o: Occurrence, index: number, links?: CaseLinks): string {
  const request = o.request
    ? `<dt>request</dt><dd><code class="request">${html(o.request.method)} ${html(o.request.url)}</code>${o.request.body ? ` body <code>${html(o.request.body)}</code>` : ''}</dd>`
    : '';
  const facts = [
    o.case ? `<dt>case</dt><dd>${caseLink(o.case, links)}</dd>` : '',
    `<dt>path</dt><dd><code>${html(o.path || '(body)')}</code></dd>`,
    `<dt>expected</dt><dd><code>${html(formatValue(o.expected, 300))}</code></dd>`,
    `<dt>actual</dt><dd><code>${html(formatValue(o.actual, 300))}</code></dd>`,
    `<dt>message</dt><dd>${html(o.message)}</dd>`,
    request,
    o.baseline ? `<dt>baseline</dt><dd>${html(o.baseline)}</dd>` : '',
  ].join('');
  const curl = o.curl ? curlBlock(o.curl) : '';
  const body = o.body !== undefined ? `<div class="response"><div class="note">response body around <code>${html(o.path)}</code> (other items elided as null)</div><pre class="json">${jsonWithMark(o.body, o.path)}</pre></div>` : '<p class="note">The response body was not kept for this occurrence.</p>';
  return `<details class="sample" id="${html(`${p.id}-s${index}`)}" data-sample="${index}"><summary>sample ${index + 1}: <code>${html(o.path || '(body)')}</code> actual <code>${html(formatValue(o.actual, 60))}</code>${o.case ? ` <span class="note">in ${html(formatValue(o.case, 120))}</span>` : ''}</summary><dl class="facts">${facts}</dl>${curl}${body}</details>`;
}

function casesFact(p: Problem, links?: CaseLinks): string {
  const ids = links?.casesOf.get(p.id) ?? [];
  if (ids.length === 0) return '';
  const more = ids.length > CASES_SHOWN ? `<li class="note">and ${ids.length - CASES_SHOWN} more: search for <code>${html(p.id)}</code> to list them all in the case list</li>` : '';
  return `<dt>cases</dt><dd><ul class="problem-cases">${ids.slice(0, CASES_SHOWN).map((id) => `<li>${caseLink(id, links, 160)}</li>`).join('')}${more}</ul></dd>`;
}

function problemHtml(p: Problem, problems: readonly Problem[], firstIn?: string, links?: CaseLinks): string {
  const cause = p.consequenceOf ? problems.find((r) => r.id === p.consequenceOf?.id) : undefined;
  const facts = [
    `<dt>rule</dt><dd><code>${html(p.fingerprint.rule)}</code> (${p.severity})</dd>`,
    `<dt>where</dt><dd><code>${html(p.fingerprint.operation)}</code> <code>${html(p.fingerprint.pattern || '(body)')}</code>, value ${html(p.fingerprint.shape)}</dd>`,
    `<dt>counts</dt><dd>${html(countsPhrase(p.counts))}${p.counts.known + p.counts.waived > 0 ? `; baseline: ${p.counts.new} new, ${p.counts.known} known, ${p.counts.waived} waived` : ''}</dd>`,
    firstIn ? `<dt>first in</dt><dd class="first-in">${html(firstIn)}</dd>` : '',
    casesFact(p, links),
    `<dt>source</dt><dd class="source"><code>${html(sourceText(p.source))}</code></dd>`,
    `<dt>hint</dt><dd>${html(p.hint)}</dd>`,
    p.consequenceOf ? `<dt>consequence of</dt><dd><a href="#${html(p.consequenceOf.id)}">${html(p.consequenceOf.id)}</a>: ${html(p.consequenceOf.reason)}</dd>` : '',
  ].join('');
  const mark = p.severity === 'error' ? '✗' : '⚠';
  const label = cause ? ` <span class="note">↳ consequence of ${html(cause.id)}</span>` : '';
  return `<details class="problem sev-${p.severity}${p.consequenceOf ? ' consequence' : ''}" id="${html(p.id)}" data-problem="${html(p.id)}"><summary><span class="sev-${p.severity}">${mark}</span> <strong>${html(p.title)}</strong> <code>${html(p.fingerprint.operation)}</code><span class="counts">${html(countsPhrase(p.counts))}</span>${label}</summary><dl class="facts">${facts}</dl>${p.samples.map((o, i) => sampleHtml(p, o, i, links)).join('')}</details>`;
}

/**
 * Causes first, each followed by its consequences (and theirs) in a box under it; `firstIn`: problem
 * id -> the first case that saw it (aggregate.ts firstCases); `links`: to the case list.
 */
export function problemsSection(problems: readonly Problem[], firstIn: ReadonlyMap<string, string> = new Map(), links?: CaseLinks): string {
  if (problems.length === 0) return '<section id="problems"><h2>Problems</h2><p class="note">No problems.</p></section>';
  const ids = new Set(problems.map((p) => p.id));
  const causes = problems.filter((p) => !p.consequenceOf || !ids.has(p.consequenceOf.id));
  const placed = new Set<string>();
  const tree = (p: Problem): string => {
    placed.add(p.id);
    const own = problems.filter((x) => x.consequenceOf?.id === p.id && !placed.has(x.id));
    const below = own.length
      ? `<div class="consequences" data-of="${html(p.id)}"><p class="consequences-title">↳ ${own.length} consequence${own.length === 1 ? '' : 's'} of ${html(p.id)}: ${own.length === 1 ? 'it follows' : 'they follow'} from it; fix it first.</p>${own.map(tree).join('\n')}</div>`
      : '';
    return `<div class="cause-group">${problemHtml(p, problems, firstIn.get(p.id), links)}${below}</div>`;
  };
  const items = causes.map(tree);
  // A cycle of consequences (none is a cause): listed as they come, so that no problem is left out.
  for (const p of problems) if (!placed.has(p.id)) items.push(tree(p));
  const n = causes.length;
  return `<section id="problems"><h2>Problems</h2><p>${problems.length} problem${problems.length === 1 ? '' : 's'}: ${n} cause${n === 1 ? '' : 's'}, ${problems.length - n} consequence${problems.length - n === 1 ? '' : 's'}. Causes first; a cause's consequences are listed under it. Open one for the cases that saw it and its samples: the request, a curl line to copy and the response body, the offending value highlighted.</p>${items.join('\n')}</section>`;
}
