/**
 * Stateful sequences, where mutations are allowed (the mock's own copy; a live room named by
 * --allow-mutations): fast-check's model-based testing drives sequences of the commands an API's spec
 * gives (stateful-ops.ts, stateful-model.ts: list, fetch, kick, kick again) against a model of the room
 * read from the room at the start of each sequence. Each case is one `fc.check` with its own seed
 * (derived from the run's seed, the operation and the case's index) over several sequences; a failing
 * one is shrunk by fast-check to the fewest commands that still fail with one of the rules it first
 * failed with, and its hint carries the line that replays exactly that sequence:
 * `--replay-case OPERATION/INDEX/PATH/REPLAY` (fast-check's counterexample path, and the replayPath
 * that says which commands ran).
 *
 * On the embedded mock every sequence starts from the seeded room (`POST /__mock/reset` on its own
 * copy), so shrinking and replay see the same room each time. A live room is never reset: its
 * sequences run on the room as it is, fewer of them, and shrinking stops when a budget of kicks is
 * spent (each kick disconnects a real participant).
 */
import type * as FC from 'fast-check';
import type { Session } from '../run/session.js';
import { Outcome } from '../run/outcome.js';
import { HttpFailure } from '../run/probe.js';
import type { Case, CaseGroup } from '../run/cases/common.js';
import { targetOf } from '../run/spec-operations.js';
import { MOCK_RESET_PATH } from '../mock-reset.js';
import { caseSeed, formatCaseId, type CaseId } from './ids.js';
import { statefulOperations, type StatefulOperations } from './stateful-ops.js';
import { commandArbitraries, readModel, SequenceFailed, type Model, type Real } from './stateful-model.js';

/** Per target kind: cases (each its own seed), sequences tried per case, and the runs a failure may be shrunk with. */
export const STATEFUL_BUDGET = {
  mock: { cases: 5, sequences: 6, shrinkRuns: 60 },
  // A live room loses a participant to each kick: few sequences, and shrinking bounded by kicks.
  live: { cases: 2, sequences: 1, shrinkRuns: 6 },
} as const;
export const MAX_COMMANDS = 10;

interface Attempt {
  sequence: string;
  log: string[];
  outcome: Outcome;
}

/** Per session (a run's worker, or an in-process exploration) and operation: a failure's rules -> the case whose shrunk sequence reports them. */
const shrunkCases = new WeakMap<Session, Map<string, Map<string, string>>>();

function shrunkIn(s: Session, operationId: string): Map<string, string> {
  const bySession = shrunkCases.get(s) ?? new Map<string, Map<string, string>>();
  shrunkCases.set(s, bySession);
  const seen = bySession.get(operationId) ?? new Map<string, string>();
  bySession.set(operationId, seen);
  return seen;
}

/** The `replayPath` fast-check recorded for a commands counterexample (empty when it says none). */
function replayPathOf(counterexample: unknown): string | undefined {
  const meta = (counterexample as { metadataForReplay?: () => string } | undefined)?.metadataForReplay?.();
  return meta ? /replayPath="([^"]*)"/.exec(meta)?.[1] : undefined;
}

/** The commands that ran, as fast-check names them (`kick #0, list`). */
const sequenceOf = (cmds: Iterable<{ toString(): string; hasRan?: boolean }>) =>
  [...cmds].filter((c) => c.hasRan !== false).map((c) => c.toString()).join(', ');

function statefulCase(s: Session, fc: typeof FC, ops: StatefulOperations, operationId: string, index: number, replay: CaseId | undefined): Case {
  const explore = s.target.settings.explore as NonNullable<Session['target']['settings']['explore']>;
  const section = targetOf(s.target, ops.api);
  const mutations = section && 'mutations' in section ? section.mutations : undefined;
  const mock = s.target.kind === 'mock';
  const budget = STATEFUL_BUDGET[mock ? 'mock' : 'live'];
  const seed = caseSeed(explore.seed, operationId, index);
  const names = ['list', ...(ops.fetch ? ['fetch'] : []), ...(ops.kick ? ['kick', 'kick again'] : [])].join(' / ');
  return {
    name: `#${index} ${names} sequences${replay?.path ? ` (replay ${replay.path})` : ''}`,
    run: async (o) => {
      if (!mutations) return;
      const strict = s.target.settings.strict;
      // A replay shows its own case, whatever another case of the same session shrank.
      const seen = replay?.path ? new Map<string, string>() : shrunkIn(s, operationId);
      let first: Attempt | undefined;
      let firstFailing: Attempt | undefined;
      let last: Attempt | undefined;
      let rules: Set<string> | undefined;
      let alreadyShrunk: string | undefined;
      let shrinkRuns = 0;
      let fatal: unknown;
      // A fresh arbitrary per check: fast-check's commands arbitrary keeps the replay path of its shrinks.
      // The kicks are in: this case runs only where mutations are allowed (the mock's own copy, or the room --allow-mutations names).
      const arbitrary = fc.commands(commandArbitraries(fc, ops, true), { maxCommands: MAX_COMMANDS, ...(replay?.replay ? { replayPath: replay.replay } : {}) });
      const property = fc.asyncProperty(arbitrary, async (cmds) => {
        if (fatal !== undefined) return true;
        // Past the budget (or when an earlier case shrank this failure), every smaller candidate "passes": fast-check keeps the last failure.
        if (rules && (shrinkRuns >= budget.shrinkRuns || alreadyShrunk)) return true;
        if (rules) shrinkRuns++;
        const inner = new Outcome(s, operationId);
        const real: Real = { s, o: inner, ops, baseUrl: mutations.baseUrl, parent: mutations.room.sid, strict, log: [] };
        try {
          await fc.asyncModelRun(async () => {
            if (mock) await resetMock(mutations.baseUrl);
            return { model: (await readModel(real)).model as Model, real };
          }, cmds);
        } catch (err) {
          if (err instanceof HttpFailure) inner.addFinding(err.finding.rule, err.finding.severity, err.finding);
          else if (!(err instanceof SequenceFailed)) {
            fatal = err;
            return true;
          }
        } finally {
          o.exchanges += inner.exchanges;
          o.requests.push(...inner.requests);
        }
        const attempt: Attempt = { sequence: sequenceOf(cmds as Iterable<{ toString(): string; hasRan?: boolean }>), log: real.log, outcome: inner };
        first ??= attempt;
        const failing = inner.failing(strict).map((v) => v.rule);
        if (failing.length === 0) return true;
        if (!rules) {
          firstFailing = attempt;
          rules = new Set(failing);
          alreadyShrunk = seen.get([...rules].sort().join(' '));
        } else if (!failing.some((rule) => rules?.has(rule))) return true;
        last = attempt;
        return false;
      });
      const details = await fc.check(property, { seed, numRuns: budget.sequences, ...(replay?.path ? { path: replay.path, endOnFailure: true } : {}) });
      if (fatal !== undefined) throw fatal;
      const shown = details.failed && last ? last : first;
      if (!shown) return;
      for (const [url, curl] of shown.outcome.curls) o.curls.set(url, curl);
      for (const m of shown.outcome.measurements) o.measure(m);
      if (!details.failed || !last) {
        o.violations.push(...shown.outcome.violations);
        return;
      }
      const path = details.counterexamplePath ?? '0';
      // Only a path with shrink steps needs the replayPath: without one, the generated sequence is replayed as generated.
      const replayPath = path.includes(':') ? replayPathOf(details.counterexample?.[0]) : undefined;
      const id = formatCaseId({ operationId, index, path, ...(replayPath ? { replay: replayPath } : {}) });
      if (rules && !alreadyShrunk) seen.set([...rules].sort().join(' '), id);
      const command = `${explore.command} --api ${ops.api} --replay-case ${id}`;
      const from = firstFailing && firstFailing.sequence !== last.sequence ? ` shrunk from "${firstFailing.sequence}"` : '';
      const note = `Generated sequence ${id} (seed ${explore.seed}): "${last.sequence}" (${last.log.join(', ')})${from}${alreadyShrunk ? `, not shrunk (the same rules were shrunk in ${alreadyShrunk})` : ''}; replay it with: ${command}`;
      for (const v of last.outcome.violations) o.violations.push({ ...v, hint: `${v.hint} ${note}` });
    },
  };
}

/** The embedded mock's copy back to its seeded room: every sequence, shrunk or replayed, starts from the same state. */
async function resetMock(baseUrl: string): Promise<void> {
  const res = await fetch(new URL(MOCK_RESET_PATH, baseUrl), { method: 'POST' });
  if (res.status !== 204) throw new Error(`rollcall: the embedded mock did not reset its room for a stateful sequence (${MOCK_RESET_PATH} answered ${res.status})`);
}

/** The stateful group of an operation that changes a parent (the kick of its API's spec); none where mutations are not allowed. */
export async function statefulGroups(s: Session, fc: typeof FC, operationId: string, replay?: CaseId): Promise<CaseGroup[]> {
  const explore = s.target.settings.explore;
  const ops = statefulOperations(s.catalog).find((o) => o.kick?.id === operationId);
  const section = ops ? targetOf(s.target, ops.api) : undefined;
  if (!explore || !ops || !section || !('mutations' in section) || !section.mutations) return [];
  const count = STATEFUL_BUDGET[s.target.kind === 'mock' ? 'mock' : 'live'].cases;
  const indexes = replay ? [replay.index] : Array.from({ length: count }, (_, i) => i);
  return [{ name: `explore, stateful (seed ${explore.seed})`, cases: indexes.map((i) => statefulCase(s, fc, ops, operationId, i, replay)) }];
}
