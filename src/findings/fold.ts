/**
 * What fails a case, and how a case folds repeated violations: shared by a run's cases
 * (src/run/outcome.ts) and the proxy's (src/proxy/cases.ts), so both count and fail alike.
 */
import type { Violation } from '../types.js';
import { INFORMATIONAL_RULES } from '../checks/walk/informational.js';

/** Errors (and warnings under --strict, informational rules aside) that a baseline does not know or waive. */
export function failingOf(violations: readonly Violation[], strict: boolean): Violation[] {
  return violations.filter((v) => !v.baseline && (v.severity === 'error' || (strict && v.severity === 'warning' && !INFORMATIONAL_RULES.has(v.rule))));
}

/** One key's fold: how many violations were kept whole, and the entry the rest are counted on. */
export interface Fold {
  kept: number;
  into?: Violation;
  /** Item indices already counted on `into` (a run's fold only). */
  items?: Set<number>;
}

/**
 * Keeps the first `whole` violations of each key whole in `out`, and counts the rest on one entry per
 * key (Violation.repeat), which is pushed to `out` when it is made.
 */
export class Folds {
  private readonly folds = new Map<string, Fold>();

  constructor(
    private readonly whole: number,
    private readonly out: Violation[],
  ) {}

  /** undefined: `v` was kept whole. Else the key's fold, `v` counted on its entry (`made` when this call made it). */
  add(key: string, v: Violation): { fold: Fold & { into: Violation }; made: boolean } | undefined {
    let fold = this.folds.get(key);
    if (!fold) this.folds.set(key, (fold = { kept: 0 }));
    if (fold.kept < this.whole) {
      fold.kept++;
      this.out.push(v);
      return undefined;
    }
    const made = !fold.into;
    if (!fold.into) {
      fold.into = { ...v, repeat: 0 };
      this.out.push(fold.into);
    }
    fold.into.repeat = (fold.into.repeat ?? 0) + (v.repeat ?? 1);
    return { fold: fold as Fold & { into: Violation }, made };
  }
}
