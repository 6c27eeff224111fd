/**
 * The HTML report's toolbar and its one inline script. The toolbar (sticky under the overview) holds
 * the search box, the case status filter and links to the sections. The script, the page's only one
 * (test/safety/hostile-output.test.ts counts it), adds no markup from data and sets no handler
 * attribute:
 *   - the search box hides the problems, the case rows and the rows of the per-operation tables whose
 *     text does not contain what was typed; the status buttons hide the cases of other states;
 *   - a count in the overview (data-status, data-q) sets both and goes to the case list;
 *   - going to an anchor (a link, or a URL with #...) opens the <details> around it, and shows a
 *     case row the filter had hidden;
 *   - a copy button selects its curl line and copies it to the clipboard when the browser allows.
 */
import { html } from './html-chart.js';

export const TOOLBAR_STYLE = `
#toolbar{position:sticky;top:0;z-index:5;background:#fff;border-bottom:1px solid var(--line);padding:6px 0;display:flex;flex-wrap:wrap;gap:6px 12px;align-items:center}
#filter{padding:4px 8px;width:380px;max-width:100%}
.status-filter button{font:inherit;border:1px solid var(--line);background:#fafafa;border-radius:12px;padding:1px 10px;cursor:pointer}
.status-filter button[aria-pressed="true"]{background:#263238;color:#fff;border-color:#263238}
#shown{color:#666;font-size:12px}#toolbar nav a{margin-right:10px}
[id]{scroll-margin-top:64px}
div.curl{position:relative}button.copy{position:absolute;top:4px;right:4px;font:12px system-ui,sans-serif;padding:1px 8px;border:1px solid var(--line);border-radius:3px;background:#fff;cursor:pointer}
`;

export interface StatusCounts {
  cases: number;
  passed: number;
  failed: number;
  skipped: number;
}

/** The toolbar: search, status filter (with the run's counts), and links to the sections and operations. */
export function toolbar(t: StatusCounts, operations: readonly string[], anchorOf: (operation: string) => string): string {
  const button = (status: string, label: string, n: number, pressed = false): string =>
    `<button type="button" data-status="${status}" aria-pressed="${pressed}">${label} ${n}</button>`;
  const links = [
    '<a href="#overview">Overview</a>',
    '<a href="#problems">Problems</a>',
    '<a href="#cases">Cases</a>',
    ...(operations.length ? [`<a href="#${html(anchorOf(operations[0] as string))}">Operations</a>`] : []),
  ];
  return [
    '<div id="toolbar" role="search">',
    '<input id="filter" type="search" placeholder="Search cases and problems" title="Text in a case (name, group, problem id, skip reason) or a problem (rule, path, value, id)" aria-label="Search cases and problems">',
    `<span class="status-filter" role="group" aria-label="Case status">${button('all', 'all', t.cases, true)}${button('failed', '✗ failed', t.failed)}${button('passed', '✓ passed', t.passed)}${button('skipped', '− skipped', t.skipped)}</span>`,
    '<output id="shown" for="filter"></output>',
    `<nav>${links.join('')}</nav>`,
    '</div>',
  ].join('\n');
}

/** A curl line, shown whole (it wraps), with a button that copies it. */
export function curlBlock(curl: string): string {
  return `<div class="curl"><pre class="curl">${html(curl)}</pre><button type="button" class="copy" aria-label="Copy the curl line">copy</button></div>`;
}

export const SCRIPT = `
(function () {
  var search = document.getElementById('filter');
  var shown = document.getElementById('shown');
  var none = document.getElementById('no-case');
  var status = 'all';
  var cases = [].slice.call(document.querySelectorAll('tr.case'));
  var problems = [].slice.call(document.querySelectorAll('#problems details.problem'));
  var rows = [].slice.call(document.querySelectorAll('section.operation tbody tr'));
  var text = function (el) { return (el.__text || (el.__text = el.textContent.toLowerCase())); };
  function apply() {
    var q = search.value.trim().toLowerCase();
    var match = function (el) { return q === '' || text(el).indexOf(q) >= 0; };
    var nCases = 0, nProblems = 0;
    cases.forEach(function (tr) {
      var on = (status === 'all' || tr.getAttribute('data-status') === status) && match(tr);
      tr.hidden = !on;
      if (on) nCases++;
    });
    problems.forEach(function (d) {
      var on = match(d);
      d.hidden = !on;
      if (on) nProblems++;
    });
    document.querySelectorAll('#problems .consequences').forEach(function (c) {
      c.hidden = !c.querySelector('details.problem:not([hidden])');
    });
    rows.forEach(function (tr) { tr.hidden = !match(tr); });
    document.querySelectorAll('.status-filter button').forEach(function (b) {
      b.setAttribute('aria-pressed', String(b.getAttribute('data-status') === status));
    });
    if (none) none.hidden = nCases > 0;
    shown.textContent = nCases + ' of ' + cases.length + ' cases, ' + nProblems + ' of ' + problems.length + ' problems shown';
  }
  search.addEventListener('input', apply);
  document.querySelectorAll('.status-filter button').forEach(function (b) {
    b.addEventListener('click', function () { status = b.getAttribute('data-status'); apply(); });
  });
  document.querySelectorAll('a.count[data-status]').forEach(function (a) {
    a.addEventListener('click', function () { status = a.getAttribute('data-status'); search.value = a.getAttribute('data-q') || ''; apply(); });
  });
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) return;
    if (el.hidden && el.classList.contains('case')) { status = 'all'; search.value = ''; apply(); }
    if (el.hidden) { search.value = ''; apply(); }
    for (var p = el; p; p = p.parentElement) if (p.tagName === 'DETAILS') p.open = true;
    if (el.tagName === 'DETAILS') el.open = true;
    el.scrollIntoView();
  }
  window.addEventListener('hashchange', reveal);
  reveal();
  document.addEventListener('click', function (e) {
    var b = e.target.closest && e.target.closest('button.copy');
    if (!b) return;
    var pre = b.parentElement.querySelector('pre.curl');
    var range = document.createRange();
    range.selectNodeContents(pre);
    var sel = window.getSelection();
    sel.removeAllRanges();
    sel.addRange(range);
    var done = function (ok) { b.textContent = ok ? 'copied' : 'selected: press Ctrl+C'; };
    if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(pre.textContent).then(function () { done(true); }, function () { done(document.execCommand('copy')); });
    else done(document.execCommand('copy'));
  });
  apply();
})();
`;
