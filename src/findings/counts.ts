/** Counting violations and problems: the one arithmetic the console and every report print. */
import type { Violation } from '../types.js';
import type { Problem, ProblemCounts, ProblemTotals } from './problem.js';

/** How many violations a violation stands for (Violation.repeat): what every count adds. */
export function weight(v: Pick<Violation, 'repeat'>): number {
  return v.repeat ?? 1;
}

/** Total violations, problems and consequences of a list of problems (what the console and every report print). */
export function problemTotals(problems: readonly Problem[]): ProblemTotals {
  let violations = 0;
  let errors = 0;
  let fresh = 0;
  for (const p of problems) {
    violations += p.counts.violations;
    fresh += p.counts.new;
    // A problem's severity is its strongest; count its violations by that (an override applies to a rule as a whole).
    if (p.severity === 'error') errors += p.counts.violations;
  }
  return { problems: problems.length, causes: problems.filter((p) => !p.consequenceOf).length, violations, errors, warnings: violations - errors, new: fresh };
}

/** A problem's counts as one phrase: `7,253 violations on 7,253 items in 41 cases (130 exchanges)`. */
export function countsPhrase(c: ProblemCounts): string {
  const n = (x: number) => x.toLocaleString('en-US');
  const items = c.items > 0 ? ` on ${n(c.items)} item${c.items === 1 ? '' : 's'}` : '';
  const cases = c.cases > 0 ? ` in ${n(c.cases)} case${c.cases === 1 ? '' : 's'}` : '';
  return `${n(c.violations)} violation${c.violations === 1 ? '' : 's'}${items}${cases}, ${n(c.exchanges)} exchange${c.exchanges === 1 ? '' : 's'}`;
}
