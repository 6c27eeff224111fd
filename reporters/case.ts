/**
 * A case as every reporter derives it from vitest's TestCase and rollcall's meta: its own module, so
 * that json.ts, junit.ts and evidence.ts all read it without importing one another.
 */
import type { TestCase } from 'vitest/node';
import type { CaseMeta } from '../src/run/suite.js';

export interface JsonCase {
  id: string;
  operation: string;
  group: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  violations: CaseMeta['violations'];
  exchanges: number;
  durationMs: number;
  transportError?: string;
  error?: string;
  measurements?: CaseMeta['measurements'];
}

/** The fields of a case every reporter derives the same way. */
export function caseOf(testCase: TestCase): JsonCase {
  const meta = testCase.meta().rollcall as CaseMeta | undefined;
  const result = testCase.result();
  const operation = meta?.operation ?? testCase.module.moduleId.replace(/^.*\//, '').replace(/\.suite\.ts$/, '');
  const group = testCase.parent.type === 'suite' ? testCase.parent.name : '';
  const state = result.state === 'passed' ? 'passed' : result.state === 'failed' ? 'failed' : 'skipped';
  const first = result.errors?.[0];
  return {
    id: [operation, group, testCase.name].filter(Boolean).join(' > '),
    operation,
    group,
    name: testCase.name,
    state,
    violations: meta?.violations ?? [],
    exchanges: meta?.exchanges ?? 0,
    durationMs: testCase.diagnostic()?.duration ?? 0,
    ...(meta?.transportError ? { transportError: meta.transportError } : {}),
    ...(meta?.measurements?.length ? { measurements: meta.measurements } : {}),
    ...(state === 'failed' && first && first.name !== 'ConformanceError' && !meta?.transportError ? { error: first.message } : {}),
  };
}
