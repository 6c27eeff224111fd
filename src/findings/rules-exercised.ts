/**
 * Rules exercised: how many of the rules a run can report had something to judge on this target.
 * Each case records the rules it offered input to and those that ran on input they could judge
 * (CaseMeta.rules, written where the checks are dispatched: the catalog, the walk loop, the cases'
 * multi-exchange checks, src/checks/inputs.ts); the run's figure is the union over its cases, so a
 * merge of shards counts what the unsharded run counts. The console, the JSON report and the coverage
 * report all print this one computation.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { RulesReached } from '../report-types/evidence.js';
import { needsOf, ruleApplies } from '../checks/inputs.js';

/**
 * Why a rule judged nothing: `never reached`, no case offered it an answer of its kind (its cases were
 * skipped, or none ran for its operations); `no input of its kind`, it was offered answers but none
 * held what it judges (a filter never sent, a list of one page, no disconnected participant).
 */
export type UnexercisedReason = 'never reached' | 'no input of its kind';

export interface UnexercisedRule {
  rule: string;
  reason: UnexercisedReason;
  /** What the target must offer before the rule judges anything. */
  needs: string;
}

export interface RulesExercised {
  /** The rules this run could exercise: those of the catalog (but `rollcall drift`'s own) that judge an operation the run had cases for. */
  total: number;
  exercised: number;
  /** The exercised rule ids, sorted. */
  rules: string[];
  /** Every other rule, with why it judged nothing and what would exercise it; sorted by rule. */
  unexercised: UnexercisedRule[];
}

/** The catalog as rules exercised reads it. */
export type RuleCatalog = Pick<Catalog, 'rules' | 'operations' | 'schemaRules'>;

/**
 * The rules a run over `operations` could exercise: every rule of the catalog but `rollcall drift`'s
 * own that judges one of them (an API the run did not select is not held against the target).
 */
export function rulesInScope(catalog: RuleCatalog, operations: ReadonlySet<string>): string[] {
  const ops = catalog.operations.filter((o) => operations.has(o.id));
  const schema = new Set(ops.flatMap((o) => catalog.schemaRules(o.id)));
  const ids = new Set(catalog.rules().filter((r) => r.source !== 'drift').map((r) => r.id));
  return [...ids].filter((id) => ops.some((o) => ruleApplies(id, o) ?? schema.has(id))).sort();
}

/**
 * The run's rules exercised: the union of its cases' (skipped cases too: what a case judged before it
 * stopped counts, as its violations do), over the rules of the operations it had cases for.
 */
export function rulesExercised(catalog: RuleCatalog, cases: ReadonlyArray<{ operation: string; rules?: RulesReached }>): RulesExercised {
  const reached = new Set<string>();
  const judged = new Set<string>();
  for (const c of cases) {
    for (const r of c.rules?.reached ?? []) reached.add(r);
    for (const r of c.rules?.judged ?? []) judged.add(r);
  }
  const scope = rulesInScope(catalog, new Set(cases.map((c) => c.operation)));
  const exercised = scope.filter((id) => judged.has(id));
  const unexercised = scope
    .filter((id) => !judged.has(id))
    .map((rule): UnexercisedRule => ({ rule, reason: reached.has(rule) ? 'no input of its kind' : 'never reached', needs: needsOf(rule) }));
  return { total: scope.length, exercised: exercised.length, rules: exercised, unexercised };
}

/**
 * The run's rules exercised, or undefined when its cases do not all say which rules they reached
 * (CaseMeta.rules on every case that sent a request): reports rebuilt from an older run's cases
 * would otherwise call every rule idle.
 */
export function runRulesExercised(catalog: RuleCatalog, cases: ReadonlyArray<{ operation: string; exchanges: number; rules?: RulesReached }>): RulesExercised | undefined {
  const recorded = cases.some((c) => c.rules) && cases.every((c) => c.exchanges === 0 || c.rules !== undefined);
  return recorded ? rulesExercised(catalog, cases) : undefined;
}

/** The headline, the same words in every view: `rules exercised: 61 of 80 (19 had nothing to judge on this target)`. */
export function rulesExercisedHeadline(r: RulesExercised): string {
  const idle = r.unexercised.length;
  return `rules exercised: ${r.exercised} of ${r.total}${idle > 0 ? ` (${idle} had nothing to judge on this target)` : ''}`;
}

/** The rules that judged nothing, grouped by what they need (and why), largest group first: what to add to the target. */
export function unexercisedGroups(r: RulesExercised): Array<{ needs: string; reason: UnexercisedReason; rules: string[] }> {
  const groups = new Map<string, { needs: string; reason: UnexercisedReason; rules: string[] }>();
  for (const u of r.unexercised) {
    const key = `${u.reason}\u0000${u.needs}`;
    const g = groups.get(key) ?? { needs: u.needs, reason: u.reason, rules: [] };
    g.rules.push(u.rule);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => b.rules.length - a.rules.length || a.needs.localeCompare(b.needs));
}
