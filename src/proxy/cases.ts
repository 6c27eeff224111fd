/**
 * What the proxy saw, as the cases a run hands its console and reporters: one case per exchange of a
 * known operation (or per request the proxy refused or could not forward), one per judged walk.
 * Each case is handed over in the shape of vitest's TestCase that rollcall's reporters read (its
 * meta, result, module, parent, name and diagnostic: reporters/case.ts, src/run/collector.ts), so
 * the live lines, the summary, the exit code and every report are the run's own code.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { Violation } from '../types.js';
import type { CaseMeta } from '../report-types/case-meta.js';
import type { CaseRequest, FieldTally } from '../report-types/evidence.js';
import { INFORMATIONAL_RULES } from '../checks/walk/informational.js';
import type { Redactor } from '../run/redact.js';

export interface ProxyCase {
  operation: string;
  /** `exchanges`, `walks` or `refused`: the case's group, as a run's describe block. */
  group: string;
  name: string;
  violations: Violation[];
  exchanges: number;
  durationMs: number;
  requests: CaseRequest[];
  /** What the case's success bodies held, field by field (the reports' field charts). */
  fields?: FieldTally[];
}

/** What fails a case: errors, and under --strict warnings that report more than what the data did (as a run's Outcome.failing). */
export function failingOf(violations: readonly Violation[], strict: boolean): Violation[] {
  return violations.filter((v) => !v.baseline && (v.severity === 'error' || (strict && v.severity === 'warning' && !INFORMATIONAL_RULES.has(v.rule))));
}

/** The case as vitest's TestCase, as far as rollcall's reporters and collector read one. */
export function asTestCase(c: ProxyCase, strict: boolean): TestCase {
  const failing = failingOf(c.violations, strict);
  const meta: CaseMeta = {
    operation: c.operation,
    violations: c.violations,
    exchanges: c.exchanges,
    requests: c.requests,
    ...(c.fields ? { fields: c.fields } : {}),
  };
  const view = {
    id: `${c.operation} > ${c.group} > ${c.name}`,
    name: c.name,
    fullName: `${c.group} > ${c.name}`,
    module: { moduleId: `proxy/${c.operation}` },
    parent: { type: 'suite', name: c.group },
    meta: () => ({ rollcall: meta }),
    result: () =>
      failing.length > 0
        ? { state: 'failed', errors: [{ name: 'ConformanceError', message: `${failing.length} violation(s)` }] }
        : { state: 'passed', errors: [] },
    diagnostic: () => ({ duration: c.durationMs }),
  };
  // Only the members above are read (reporters/case.ts caseOf, evidence.ts, src/run/collector.ts): the rest of TestCase is vitest's runner state.
  return view as unknown as TestCase;
}

/** Hands each case to the reporters as it is made, and ends their run. */
export class CaseSink {
  readonly cases: ProxyCase[] = [];
  readonly errors: string[] = [];

  constructor(private readonly reporters: readonly Reporter[], private readonly strict: boolean, private readonly redactor: () => Redactor) {}

  add(c: ProxyCase): void {
    const redact = this.redactor();
    // Everything that leaves the proxy for a report or a line is redacted: violations, requests, field values.
    const safe: ProxyCase = { ...c, violations: redact.json(c.violations), requests: redact.json(c.requests), ...(c.fields ? { fields: redact.json(c.fields) } : {}) };
    this.cases.push(safe);
    const view = asTestCase(safe, this.strict);
    for (const r of this.reporters) r.onTestCaseResult?.(view);
  }

  /** A tool error of the proxy itself (not a finding): the run's verdict makes it exit 2. */
  note(message: string): void {
    this.errors.push(this.redactor().text(message));
  }

  async end(): Promise<void> {
    for (const r of this.reporters) await r.onTestRunEnd?.([] as ReadonlyArray<TestModule>, [], 'passed');
  }
}
