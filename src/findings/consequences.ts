/**
 * Marks the problems that follow from another, so that a reader fixes the cause first:
 * - an undocumented value (a problem whose shape is the value) is one cause wherever it shows: the
 *   same rule and value in another operation follows from the most widespread one;
 * - it explains the problems of other rules whose every value is that value (a filter or a
 *   consistency check tripping on it), or whose requests ask for it (a filter by the value);
 * - in one operation, among the walk rules (`pagination.*`), a problem explains another that it
 *   outnumbers and whose exchanges are (nearly: SHARED_EXCHANGES) all among its own (a last page that
 *   says another page follows also makes the walk loop, and fail "null at the end");
 * - before that heuristic, a rule's own declaration (WalkCheck.explains, below);
 * - in every case, only a problem at least as severe: a warning never explains (hides) an error;
 *   and never an informational rule (INFORMATIONAL_RULES: what the data did, nothing to fix).
 */
import { WALK_CHECKS } from '../checks/walk/walk.js';
import { INFORMATIONAL_RULES } from '../checks/walk/informational.js';
import { SEVERITY_ORDER, type Problem } from './problem.js';

/** What the consequences are told apart by: a problem, the exchanges it was seen in, and its token values. */
export interface ConsequenceInput {
  problem: Problem;
  /** Exchange key (`case \u0000 METHOD URL`) -> anything: only the keys are read. */
  exchanges: ReadonlyMap<string, unknown>;
  /** Distinct enum-like actual values (up to a cap). */
  values: ReadonlySet<string>;
  /** True when some value was not kept in `values` (past the cap, or not a token). */
  valuesOverflow: boolean;
}

/**
 * What a rule declares it explains (WalkCheck.explains): a loop back to a page already read is a
 * last page whose next_page_url is not null, which a single response shows as a short page that
 * says another follows. Applied when the explaining problem's responses are (nearly) all among the
 * other's: then they are one defect seen twice, and the declared rule names it.
 */
const EXPLAINS: ReadonlyMap<string, readonly string[]> = new Map(WALK_CHECKS.flatMap((c) => (c.explains ? [[c.id, c.explains] as const] : [])));
/** The share of a problem's exchanges another must also break to explain it (a walk may end on a full page, where only the loop shows). */
const SHARED_EXCHANGES = 0.8;
/** The rules that judge a walk of pages: one broken link shows in several of them. */
const WALK_AREA = 'pagination.';

function shared(e: ConsequenceInput, r: ConsequenceInput): number {
  let n = 0;
  for (const k of e.exchanges.keys()) if (r.exchanges.has(k)) n++;
  return n;
}

/** Sets (or clears) `consequenceOf` on every problem of the entries, their counts final. */
export function markConsequences(entries: readonly ConsequenceInput[]): void {
  for (const e of entries) delete e.problem.consequenceOf;
  const sorted = [...entries].sort((a, b) => b.problem.counts.violations - a.problem.counts.violations || a.problem.id.localeCompare(b.problem.id));
  const isValue = (e: ConsequenceInput) => e.problem.fingerprint.shape.startsWith('"');
  const mark = (e: ConsequenceInput, root: ConsequenceInput, reason: string) => {
    e.problem.consequenceOf = { id: root.problem.id, reason: `${reason} (${root.problem.id})` };
  };
  // A consequence is read after its cause and left out of the errors list: a warning must never hide
  // an error, and an informational rule (pagination.churn-observed, whose hint says there is nothing
  // to fix in the API) is the cause of nothing.
  const canExplain = (root: ConsequenceInput, e: ConsequenceInput) =>
    !INFORMATIONAL_RULES.has(root.problem.fingerprint.rule) && SEVERITY_ORDER[root.problem.severity] <= SEVERITY_ORDER[e.problem.severity];
  for (const e of sorted.filter(isValue)) {
    const f = e.problem.fingerprint;
    const same = sorted.find((r) => r !== e && isValue(r) && !r.problem.consequenceOf && canExplain(r, e) && r.problem.fingerprint.rule === f.rule && r.problem.fingerprint.shape === f.shape && sorted.indexOf(r) < sorted.indexOf(e));
    if (same) mark(e, same, `the same undocumented value ${f.shape}, seen first in ${same.problem.fingerprint.operation}`);
  }
  const values = sorted.filter((r) => isValue(r) && !r.problem.consequenceOf);
  const area = (rule: string) => rule.slice(0, rule.indexOf('.') + 1);
  for (const e of sorted) {
    const p = e.problem;
    if (isValue(e)) continue;
    const candidates = [...values].sort((a, b) => Number(b.problem.fingerprint.operation === p.fingerprint.operation) - Number(a.problem.fingerprint.operation === p.fingerprint.operation));
    const byValue = candidates.find((r) => {
      const value = JSON.parse(r.problem.fingerprint.shape) as string;
      if (r.problem.fingerprint.rule === p.fingerprint.rule || !canExplain(r, e)) return false;
      const allValues = !e.valuesOverflow && e.values.size > 0 && [...e.values].every((x) => x === value);
      const asked = [...e.exchanges.keys()].some((k) => new RegExp(`[?&][^=&]+=${value}(?:&|$)`).test(k.slice(k.indexOf('\u0000') + 1)));
      return allValues || asked;
    });
    if (byValue) {
      mark(e, byValue, `follows from the undocumented value ${byValue.problem.fingerprint.shape}`);
      continue;
    }
    const byDeclared = sorted.find(
      (r) =>
        r !== e &&
        !r.problem.consequenceOf &&
        canExplain(r, e) &&
        r.problem.fingerprint.operation === p.fingerprint.operation &&
        (EXPLAINS.get(r.problem.fingerprint.rule)?.includes(p.fingerprint.rule) ?? false) &&
        shared(r, e) >= SHARED_EXCHANGES * r.exchanges.size,
    );
    if (byDeclared) {
      mark(e, byDeclared, `${byDeclared.problem.fingerprint.rule} explains it: seen on the same responses`);
      continue;
    }
    const bySameRequests = sorted.find(
      (r) =>
        r !== e &&
        !isValue(r) &&
        !r.problem.consequenceOf &&
        canExplain(r, e) &&
        r.problem.fingerprint.operation === p.fingerprint.operation &&
        area(p.fingerprint.rule) === WALK_AREA &&
        area(r.problem.fingerprint.rule) === WALK_AREA &&
        r.problem.fingerprint.rule !== p.fingerprint.rule &&
        sorted.indexOf(r) < sorted.indexOf(e) &&
        shared(e, r) >= SHARED_EXCHANGES * e.exchanges.size,
    );
    if (bySameRequests) mark(e, bySameRequests, `seen on responses that also break ${bySameRequests.problem.fingerprint.rule}`);
  }
}
