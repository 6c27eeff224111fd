/**
 * How a suite file registers its cases with vitest: one describe per fixture (room, conference,
 * session), one test per case, generated at collection time from the schemas and the target.
 */
import fs from 'node:fs';
import { describe, inject, it } from 'vitest';
import type { Violation } from '../types.js';
import { caseGroups } from './cases/index.js';
import { Outcome } from './outcome.js';
import { BudgetSpent, HttpFailure, TransportError, withCaseBudget } from './probe.js';
import { DEFAULT_SETTINGS } from './target.js';
import { session } from './session.js';
import { Unmet } from './needs.js';
import { isMutating } from './spec-operations.js';
import type { CaseMeta } from '../report-types/case-meta.js';

// What a case hands the reporters: defined with the other report types (src/report-types), named here for the suites.
export type { CaseMeta };

/** A case that found violations fails with this error: its message is the readable report. */
export class ConformanceError extends Error {
  override name = 'ConformanceError';
}

export async function defineOperationSuite(operationId: string): Promise<void> {
  const s = await session();
  const operation = s.catalog.operation(operationId);
  const api = operation.api;
  // A mutating suite sharing its vitest with the read-only ones starts when they have all ended (src/run/runner.ts WritesGate).
  const gate = isMutating(operation) ? inject('rollcallWritesGate') : undefined;
  if (gate) {
    const word = await opened(gate);
    if (word !== 'go') return;
  }
  const skip = s.skipReason(api);
  const groups = skip ? [] : await caseGroups(s, operationId);
  if (groups.length === 0) {
    const why = skip ?? (operationId === 'twilio-video.updateRoomParticipant' ? 'mutations are not allowed on this target (see --allow-mutations)' : 'nothing to probe on this target');
    it.skip(`${operationId}: skipped, ${why}`, () => undefined);
    return;
  }
  // Rows as [name, value] and a `%s` title: vitest prints the name whole, without quotes or truncation.
  describe.each(groups.map((g) => [g.name, g] as const))('%s', (_name, group) => {
    it.for(group.cases.map((c) => [c.name, c] as const))('%s', async ([, c], { task, skip }) => {
      const outcome = new Outcome(s, operationId);
      const meta: CaseMeta = { operation: operationId, violations: outcome.violations, exchanges: 0, requests: outcome.requests, measurements: outcome.measurements };
      task.meta.rollcall = meta;
      const settle = () => {
        meta.exchanges = outcome.exchanges;
        // Field tallies keep short string values from bodies: redacted like everything else that leaves the case.
        meta.fields = s.redactor.json(outcome.fields.list());
        meta.rules = { reached: [...outcome.rules.reached].sort(), judged: [...outcome.rules.judged].sort() };
      };
      const skipFor = (because: 'budget' | 'unmet', reason: string) => {
        meta.skippedBecause = because;
        meta.skipReason = s.redactor.text(reason);
        return skip(meta.skipReason);
      };
      try {
        // The case's own deadline (settings.caseBudgetMs): every request it makes ends by it (src/run/probe.ts).
        await withCaseBudget(s.target.settings.caseBudgetMs ?? DEFAULT_SETTINGS.caseBudgetMs, () => c.run(outcome));
      } catch (err) {
        settle();
        if (err instanceof BudgetSpent) return skipFor('budget', err.message);
        // The target lacks what the case needs: skipped with the reason, unless what it did check already failed.
        if (err instanceof Unmet && outcome.failing(s.target.settings.strict).length === 0) return skipFor('unmet', err.message);
        if (err instanceof Unmet) {
          const failing = outcome.failing(s.target.settings.strict);
          throw new ConformanceError(`${failing.length} violation(s)\n${outcome.describe(failing)}`);
        }
        if (err instanceof HttpFailure) {
          // No usable answer: the case's violation, not a crash.
          outcome.addFinding(err.finding.rule, err.finding.severity, err.finding);
        } else {
          if (err instanceof TransportError) meta.transportError = s.redactor.text(err.message);
          // Whatever the error, its message reaches reports redacted; the stack never does.
          const safe = new (err instanceof TransportError ? TransportError : Error)(s.redactor.text((err as Error).message));
          safe.stack = safe.message;
          throw safe;
        }
      }
      settle();
      // A case that sent nothing and found nothing checked nothing: skipped, never passed.
      if (outcome.exchanges === 0 && outcome.violations.length === 0) return skipFor('unmet', 'the target gave this case nothing to check');
      const failing = outcome.failing(s.target.settings.strict);
      if (failing.length > 0) throw new ConformanceError(`${failing.length} violation(s)\n${outcome.describe(failing)}`);
    });
  });
}

/** What the gate file says once it exists: `go`, or `stop` and why. */
async function opened(file: string): Promise<string> {
  for (;;) {
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (text) return text;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
