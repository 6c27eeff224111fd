/**
 * A case as every reporter derives it from vitest's TestCase and rollcall's meta: its own module, so
 * that json.ts, junit.ts and evidence.ts all read it without importing one another.
 */
import type { TestCase, TestResult } from 'vitest/node';
import type { CaseMeta } from '../src/report-types/case-meta.js';

export interface JsonCase {
  id: string;
  operation: string;
  group: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  /** Why vitest skipped it (`ctx.skip(reason)`, or the name of an `it.skip` case), when it says. */
  skipReason?: string;
  violations: CaseMeta['violations'];
  exchanges: number;
  durationMs: number;
  transportError?: string;
  error?: string;
  measurements?: CaseMeta['measurements'];
}

/**
 * A case's state from vitest's result: `passed` and `failed` as vitest says, everything else (skipped
 * with `skip`, `ctx.skip()`, `todo`, or never run: `pending`) is `skipped`, never `passed`. The
 * console (src/run/collector.ts) and every reporter count states through this one function.
 */
export function caseState(result: TestResult): 'passed' | 'failed' | 'skipped' {
  return result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
}

/**
 * Why a skipped case was skipped, as the console says it (src/run/collector.ts): the case's own reason
 * (CaseMeta.skipReason), else vitest's note (`ctx.skip(note)`), else the reason an `it.skip` standing for
 * a whole suite gives in its name (`OPERATION: skipped, REASON`).
 */
export function skipReasonOf(testCase: TestCase): string | undefined {
  const result = testCase.result();
  if (result.state !== 'skipped') return undefined;
  const meta = testCase.meta().rollcall as { skipReason?: unknown } | undefined;
  const own = typeof meta?.skipReason === 'string' ? meta.skipReason : undefined;
  return own ?? result.note ?? (meta ? undefined : /: skipped, (.*)$/.exec(testCase.name)?.[1]);
}

/** The fields of a case every reporter derives the same way. */
export function caseOf(testCase: TestCase): JsonCase {
  const meta = testCase.meta().rollcall as CaseMeta | undefined;
  const result = testCase.result();
  const operation = meta?.operation ?? testCase.module.moduleId.replace(/^.*\//, '').replace(/\.suite\.ts$/, '');
  const group = testCase.parent.type === 'suite' ? testCase.parent.name : '';
  const state = caseState(result);
  const skipReason = skipReasonOf(testCase);
  const first = result.errors?.[0];
  return {
    id: [operation, group, testCase.name].filter(Boolean).join(' > '),
    operation,
    group,
    name: testCase.name,
    state,
    ...(skipReason ? { skipReason } : {}),
    violations: meta?.violations ?? [],
    exchanges: meta?.exchanges ?? 0,
    durationMs: testCase.diagnostic()?.duration ?? 0,
    ...(meta?.transportError ? { transportError: meta.transportError } : {}),
    ...(meta?.measurements?.length ? { measurements: meta.measurements } : {}),
    ...(state === 'failed' && first && first.name !== 'ConformanceError' && !meta?.transportError ? { error: first.message } : {}),
  };
}
