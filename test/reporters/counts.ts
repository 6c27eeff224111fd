/**
 * Reading counts back from the reports, for the tests that compare every view with the problem list
 * (other-values-views.test.ts; one-count.test.ts has its own copies of these and could share them).
 */

export interface Counts {
  violations: number;
  items: number;
  cases: number;
  exchanges: number;
}

const num = (text: string | undefined): number => Number((text ?? 'NaN').replace(/,/g, ''));

/** countsPhrase (src/findings/counts.ts) read back: `7,253 violations on 7,251 items in 41 cases, 179 exchanges`. */
const PHRASE = /(\d[\d,]*) violations?(?: on (\d[\d,]*) items?)?(?: in (\d[\d,]*) cases?)?, (\d[\d,]*) exchanges?/;

export function phrase(text: string): Counts | undefined {
  const m = PHRASE.exec(text);
  return m ? { violations: num(m[1]), items: m[2] === undefined ? 0 : num(m[2]), cases: m[3] === undefined ? 0 : num(m[3]), exchanges: num(m[4]) } : undefined;
}

export const unescapeHtml = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** The JSON report's cases summed per problem id: its violations and the cases that saw it. */
export function perProblemOfCases(cases: ReadonlyArray<{ problems: ReadonlyArray<{ id: string; violations: number }> }>): Map<string, { violations: number; cases: number }> {
  const out = new Map<string, { violations: number; cases: number }>();
  for (const c of cases) {
    for (const x of c.problems) {
      const e = out.get(x.id) ?? { violations: 0, cases: 0 };
      e.violations += x.violations;
      e.cases++;
      out.set(x.id, e);
    }
  }
  return out;
}
