/**
 * The problems section of the HTML report: every problem, causes first, each a <details> that opens
 * to its fingerprint, source, hint and samples; a sample opens to its request (method, URL, form
 * body, curl line) and the response body around the value, the value at the sample's JSON pointer
 * highlighted (<mark class="offending">; for a missing field, the object that lacks it). No script.
 */
import { formatValue } from './aggregate.js';
import { html } from './html-chart.js';
import { countsPhrase, type Occurrence, type Problem } from './problems.js';
import { sourceText } from './provenance.js';
import { segmentsOf } from '../src/json-pointer.js';

export const PROBLEM_STYLE = `
#problems details.problem{border:1px solid var(--line);border-left:4px solid var(--bad);border-radius:4px;margin:6px 0;padding:4px 8px}
#problems details.problem.sev-warning{border-left-color:var(--warn)}#problems details.problem.consequence{margin-left:28px;opacity:.9}
#problems summary{cursor:pointer}#problems summary .counts{color:#666;font-size:12px;margin-left:6px}
#problems dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:6px 0}#problems dl.facts dt{color:#666}#problems dl.facts dd{margin:0}
details.sample{margin:6px 0 6px 12px;border-top:1px dashed var(--line);padding-top:4px}
pre.json,pre.curl{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f7f7f7;padding:6px;overflow:auto;max-height:420px;margin:4px 0}
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

function sampleHtml(o: Occurrence, index: number): string {
  const request = o.request
    ? `<dt>request</dt><dd><code class="request">${html(o.request.method)} ${html(o.request.url)}</code>${o.request.body ? ` body <code>${html(o.request.body)}</code>` : ''}</dd>`
    : '';
  const facts = [
    o.case ? `<dt>case</dt><dd>${html(o.case)}</dd>` : '',
    `<dt>path</dt><dd><code>${html(o.path || '(body)')}</code></dd>`,
    `<dt>expected</dt><dd><code>${html(formatValue(o.expected, 300))}</code></dd>`,
    `<dt>actual</dt><dd><code>${html(formatValue(o.actual, 300))}</code></dd>`,
    `<dt>message</dt><dd>${html(o.message)}</dd>`,
    request,
    o.baseline ? `<dt>baseline</dt><dd>${html(o.baseline)}</dd>` : '',
  ].join('');
  const curl = o.curl ? `<pre class="curl">${html(o.curl)}</pre>` : '';
  const body = o.body !== undefined ? `<div class="response"><div class="note">response body around <code>${html(o.path)}</code> (other items elided as null)</div><pre class="json">${jsonWithMark(o.body, o.path)}</pre></div>` : '<p class="note">The response body was not kept for this occurrence.</p>';
  return `<details class="sample" data-sample="${index}"><summary>sample ${index + 1}: <code>${html(o.path || '(body)')}</code> actual <code>${html(formatValue(o.actual, 60))}</code>${o.case ? ` <span class="note">in ${html(formatValue(o.case, 120))}</span>` : ''}</summary><dl class="facts">${facts}</dl>${curl}${body}</details>`;
}

function problemHtml(p: Problem, problems: readonly Problem[], firstIn?: string): string {
  const cause = p.consequenceOf ? problems.find((r) => r.id === p.consequenceOf?.id) : undefined;
  const facts = [
    `<dt>rule</dt><dd><code>${html(p.fingerprint.rule)}</code> (${p.severity})</dd>`,
    `<dt>where</dt><dd><code>${html(p.fingerprint.operation)}</code> <code>${html(p.fingerprint.pattern || '(body)')}</code>, value ${html(p.fingerprint.shape)}</dd>`,
    `<dt>counts</dt><dd>${html(countsPhrase(p.counts))}${p.counts.known + p.counts.waived > 0 ? `; baseline: ${p.counts.new} new, ${p.counts.known} known, ${p.counts.waived} waived` : ''}</dd>`,
    firstIn ? `<dt>first in</dt><dd class="first-in">${html(firstIn)}</dd>` : '',
    `<dt>source</dt><dd class="source"><code>${html(sourceText(p.source))}</code></dd>`,
    `<dt>hint</dt><dd>${html(p.hint)}</dd>`,
    p.consequenceOf ? `<dt>consequence of</dt><dd><a href="#${html(p.consequenceOf.id)}">${html(p.consequenceOf.id)}</a>: ${html(p.consequenceOf.reason)}</dd>` : '',
  ].join('');
  const mark = p.severity === 'error' ? '✗' : '⚠';
  const label = cause ? ` <span class="note">consequence of ${html(cause.id)}</span>` : '';
  return `<details class="problem sev-${p.severity}${p.consequenceOf ? ' consequence' : ''}" id="${html(p.id)}" data-problem="${html(p.id)}"><summary><span class="sev-${p.severity}">${mark}</span> <strong>${html(p.title)}</strong> <code>${html(p.fingerprint.operation)}</code><span class="counts">${html(countsPhrase(p.counts))}</span>${label}</summary><dl class="facts">${facts}</dl>${p.samples.map(sampleHtml).join('')}</details>`;
}

/** Causes first, each followed by its consequences; `firstIn`: problem id -> the first case that saw it (aggregate.ts firstCases). */
export function problemsSection(problems: readonly Problem[], firstIn: ReadonlyMap<string, string> = new Map()): string {
  if (problems.length === 0) return '<section id="problems"><h2>Problems</h2><p class="note">No problems.</p></section>';
  const causes = problems.filter((p) => !p.consequenceOf || !problems.some((r) => r.id === p.consequenceOf?.id));
  const items: string[] = [];
  for (const c of causes) {
    items.push(problemHtml(c, problems, firstIn.get(c.id)));
    for (const q of problems.filter((x) => x.consequenceOf?.id === c.id)) items.push(problemHtml(q, problems, firstIn.get(q.id)));
  }
  const n = causes.length;
  return `<section id="problems"><h2>Problems</h2><p>${problems.length} problem${problems.length === 1 ? '' : 's'}: ${n} cause${n === 1 ? '' : 's'}, ${problems.length - n} consequence${problems.length - n === 1 ? '' : 's'}. Open one for its samples: the request and the response body, the offending value highlighted.</p>${items.join('\n')}</section>`;
}
