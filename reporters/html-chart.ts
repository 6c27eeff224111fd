/** Small inline SVG charts and HTML escaping for the HTML report: no script, no external resource. */
import { forHtml } from '../src/sanitize.js';

/**
 * The HTML report's one escaper (src/sanitize.ts forHtml): markup's five characters as entities, and
 * control, bidi and other invisible characters shown as escapes (`\u202e`), never rendered.
 */
export function html(text: string | number): string {
  return forHtml(String(text));
}

export interface Bar {
  label: string;
  value: number;
  /** ok: documented and seen; bad: a violation; never: documented, not seen; info: neutral. */
  tone: 'ok' | 'bad' | 'never' | 'info';
}

const ROW = 16;
const LABEL_WIDTH = 190;
const BAR_WIDTH = 150;

/**
 * A horizontal bar chart: one row per bar, its length proportional to the largest value. A bar
 * whose value is 0 is drawn as a hollow stub (documented but never seen), never as nothing.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  if (bars.length === 0) return '';
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * ROW + 4;
  const width = LABEL_WIDTH + BAR_WIDTH + 60;
  const rows = bars.map((b, i) => {
    const y = i * ROW + 2;
    const w = b.value > 0 ? Math.max(2, Math.round((b.value / max) * BAR_WIDTH)) : 6;
    const label = b.label.length > 30 ? `${b.label.slice(0, 29)}…` : b.label;
    return (
      `<g class="row"><title>${html(`${b.label}: ${b.value}`)}</title>` +
      `<text x="${LABEL_WIDTH - 6}" y="${y + 11}" text-anchor="end">${html(label)}</text>` +
      `<rect class="bar ${b.tone}" data-value="${b.value}" x="${LABEL_WIDTH}" y="${y + 2}" width="${w}" height="${ROW - 5}" rx="2"/>` +
      `<text class="n" x="${LABEL_WIDTH + w + 4}" y="${y + 11}">${b.value}</text></g>`
    );
  });
  return `<svg class="chart" role="img" aria-label="${html(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}"><title>${html(title)}</title>${rows.join('')}</svg>`;
}

/** A single horizontal proportion bar (exercised / never / unknown), with a legend in the title. */
export function proportionBar(title: string, parts: ReadonlyArray<{ label: string; value: number; tone: Bar['tone'] }>): string {
  const total = parts.reduce((n, p) => n + p.value, 0);
  const width = 300;
  let x = 0;
  const rects = parts
    .filter((p) => p.value > 0)
    .map((p) => {
      const w = Math.max(1, Math.round((p.value / Math.max(1, total)) * width));
      const r = `<rect class="bar ${p.tone}" data-value="${p.value}" x="${x}" y="0" width="${w}" height="12"><title>${html(`${p.label}: ${p.value}`)}</title></rect>`;
      x += w;
      return r;
    });
  return `<svg class="proportion" role="img" aria-label="${html(title)}" viewBox="0 0 ${width} 12" width="${width}" height="12"><title>${html(title)}</title>${rects.join('')}</svg>`;
}
