/**
 * JSON report: every case with its violations, plus the run's metadata, in
 * `<reportDir>/rollcall-report.json`. The shape scripts read; keep it stable.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseMeta } from '../src/run/suite.js';
import type { ReporterOptions } from './types.js';

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
    ...(state === 'failed' && first && first.name !== 'ConformanceError' && !meta?.transportError ? { error: first.message } : {}),
  };
}

export default class JsonReporter implements Reporter {
  private readonly cases: JsonCase[] = [];
  constructor(private readonly options: ReporterOptions) {}

  onTestCaseResult(testCase: TestCase): void {
    this.cases.push(caseOf(testCase));
  }

  onTestRunEnd(_modules: ReadonlyArray<TestModule>): void {
    fs.mkdirSync(this.options.reportDir, { recursive: true });
    const cases = [...this.cases].sort((a, b) => a.id.localeCompare(b.id));
    const report = { ...this.options.run, cases };
    fs.writeFileSync(path.join(this.options.reportDir, 'rollcall-report.json'), JSON.stringify(report, null, 2) + '\n');
  }
}
