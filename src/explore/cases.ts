/**
 * `--explore N`: N generated cases per list operation, one vitest test each, in a group of their
 * own. The first ones cover the operation's classes (cover.ts), the same for every seed, so any seed
 * finds what another finds within the same N; the rest sample at random. Each case is one fast-check run (fc.check, numRuns 1) with its own seed, derived from the
 * run's seed, the operation and the case's index: the same seed gives the same cases. A failing
 * case is shrunk by fast-check while it still fails with one of the rules it first failed with, and
 * reports the shrunk request's violations, each with the command that replays exactly that request
 * (fast-check's counterexample path: `--replay-case OPERATION/INDEX/PATH`).
 */
import type * as FC from 'fast-check';
import type { Session } from '../run/session.js';
import { Outcome } from '../run/outcome.js';
import { HttpFailure } from '../run/probe.js';
import type { Case, CaseGroup } from '../run/cases/common.js';
import { isList } from '../checks/check.js';
import type { ExploreSettings } from '../run/target.js';
import { paramSpace, type ParamSpace } from './space.js';
import { parentsOf, universeOf, type Parent, type Universe } from './universe.js';
import { COVER_NAME, coverArbitrary, coverClasses, describeClass, filterSlots, isCoverRecipe, resolveCover, type CoverRecipe } from './cover.js';
import { describeResolved, recipeArbitrary, resolve, type Recipe, type Resolved } from './recipe.js';
import { execute } from './execute.js';
import { caseSeed, formatCaseId, parseCaseId } from './ids.js';
import { statefulGroups } from './stateful.js';

export { caseSeed, formatCaseId, parseCaseId, type CaseId } from './ids.js';

/** Shrinking stops after this many runs of a failing case (each run sends requests). */
export const SHRINK_RUNS = 60;
/** Distinct failures (sets of rules) shrunk per operation; a later case failing the same way reports unshrunk and names the shrunk one. */
export const SHRUNK_PER_OPERATION = 8;

interface Run {
  resolved: Resolved;
  outcome: Outcome;
}

/** What the operation's worker has shrunk so far: a failure's rules -> the shrunk case's id. */
const shrunk = new Map<string, Map<string, string>>();

async function loadFastCheck(): Promise<typeof FC> {
  try {
    return await import('fast-check');
  } catch {
    throw new Error('rollcall: --explore needs the fast-check package (npm i fast-check)');
  }
}

function generatedCase(s: Session, fc: typeof FC, space: ParamSpace, parents: Parent[], explore: ExploreSettings, index: number, arbitrary: FC.Arbitrary<Recipe | CoverRecipe>, label: string, path: string | undefined): Case {
  const seed = caseSeed(explore.seed, space.operationId, index);
  return {
    name: `#${index} ${label}${path ? ` (replay ${path})` : ''}`,
    run: async (o) => {
      const strict = s.target.settings.strict;
      // Per run (seed and N): an in-process caller may explore one target under several seeds.
      const shrunkKey = `${explore.seed} ${explore.cases} ${space.operationId}`;
      const seen = shrunk.get(shrunkKey) ?? new Map<string, string>();
      shrunk.set(shrunkKey, seen);
      let first: Run | undefined;
      let last: Run | undefined;
      let rules: Set<string> | undefined;
      let alreadyShrunk: string | undefined;
      let runs = 0;
      let fatal: unknown;
      const property = fc.asyncProperty(arbitrary, async (r) => {
        if (fatal !== undefined) return true;
        // Past the budget (or when this failure was shrunk by an earlier case), every smaller candidate "passes": fast-check keeps the last failure.
        if (rules && (runs >= SHRINK_RUNS || alreadyShrunk)) return true;
        runs++;
        const inner = new Outcome(s, space.operationId);
        let resolved: Resolved | undefined;
        try {
          let universe: Universe;
          if (isCoverRecipe(r)) ({ resolved, universe } = await resolveCover(s.catalog, space, parents, (p) => universeOf(s, space, p), r));
          else {
            universe = await universeOf(s, space, parents[r.parent % parents.length] as Parent);
            resolved = resolve(r, space, parents, universe);
          }
          await execute(s, inner, space, universe, resolved);
        } catch (err) {
          if (err instanceof HttpFailure) inner.addFinding(err.finding.rule, err.finding.severity, err.finding);
          else {
            fatal = err;
            return true;
          }
        } finally {
          o.exchanges += inner.exchanges;
          o.requests.push(...inner.requests);
        }
        const run: Run = { resolved: resolved as Resolved, outcome: inner };
        first ??= run;
        const failing = inner.failing(strict).map((v) => v.rule);
        if (failing.length === 0) return true;
        if (!rules) {
          rules = new Set(failing);
          alreadyShrunk = seen.get([...rules].sort().join(' '));
          if (!alreadyShrunk && seen.size >= SHRUNK_PER_OPERATION) alreadyShrunk = '(the shrink budget of this operation is spent)';
        } else if (!failing.some((rule) => rules?.has(rule))) return true;
        last = run;
        return false;
      });
      const details = await fc.check(property, { seed, numRuns: 1, ...(path ? { path, endOnFailure: true } : {}) });
      if (fatal !== undefined) throw fatal;
      const shown = details.failed && last ? last : first;
      if (!shown) return;
      for (const [url, curl] of shown.outcome.curls) o.curls.set(url, curl);
      if (!details.failed || !last) {
        o.violations.push(...shown.outcome.violations);
        return;
      }
      const id = formatCaseId({ operationId: space.operationId, index, path: details.counterexamplePath ?? '0' });
      if (rules && !alreadyShrunk) seen.set([...rules].sort().join(' '), id);
      const command = `${explore.command} --api ${space.api} --replay-case ${id}`;
      const from = first && describeResolved(first.resolved) !== describeResolved(last.resolved) ? ` shrunk from "${describeResolved(first.resolved)}"` : '';
      const note = `Generated case ${id} (seed ${explore.seed}): "${describeResolved(last.resolved)}"${from}${alreadyShrunk ? `, not shrunk (the same rules were shrunk in ${alreadyShrunk})` : ''}; replay it with: ${command}`;
      for (const v of last.outcome.violations) o.violations.push({ ...v, hint: `${v.hint} ${note}` });
    },
  };
}

/** The generated cases of a list operation (none for other operations); with --replay-case, only that case. */
export async function exploreGroups(s: Session, operationId: string): Promise<CaseGroup[]> {
  const explore = s.target.settings.explore;
  if (!explore) return [];
  const replay = explore.replayCase ? parseCaseId(explore.replayCase) : undefined;
  if (replay && replay.operationId !== operationId) return [];
  // An operation that changes the room gets stateful sequences where mutations are allowed.
  if (s.catalog.operation(operationId).method.toUpperCase() !== 'GET') return statefulGroups(s, await loadFastCheck(), operationId, replay);
  if (!isList(s.catalog.operation(operationId))) return [];
  const space = paramSpace(s.catalog, operationId);
  const parents = parentsOf(s, space);
  if (parents.length === 0 || (!replay && explore.cases === 0)) return [];
  const fc = await loadFastCheck();
  const arbitrary = recipeArbitrary(fc, space, parents.length);
  // The covering classes come first, the same for every seed; the rest of N samples at random.
  const classes = coverClasses(space);
  const indexes = replay ? [replay.index] : Array.from({ length: explore.cases }, (_, i) => i);
  const cases = indexes.map((i) => {
    const c = classes[i];
    if (c) return generatedCase(s, fc, space, parents, explore, i, coverArbitrary(fc, i, filterSlots(c), c.kind !== 'negative'), `${COVER_NAME}${describeClass(space, c)}`, replay?.path);
    // The recipe fc.check will draw first for this seed: its kind and parent name the test.
    const [recipe] = fc.sample(arbitrary, { seed: caseSeed(explore.seed, operationId, i), numRuns: 1 }) as [Recipe];
    const parent = parents[recipe.parent % parents.length] as Parent;
    return generatedCase(s, fc, space, parents, explore, i, arbitrary, `${recipe.kind}, ${parent.id}`, replay?.path);
  });
  return [{ name: `explore (seed ${explore.seed})`, cases }];
}
