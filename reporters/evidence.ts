/**
 * A case as the reporters see it: `caseOf` plus whatever evidence its meta carries (the requests it
 * sent, what its success bodies held), read through the guarded readers of src/report-types/evidence.ts.
 */
import type { TestCase } from 'vitest/node';
import { caseOf, type JsonCase } from './case.js';
import { evidenceFromMeta, type CaseEvidence } from '../src/report-types/evidence.js';

export function evidenceOf(testCase: TestCase): CaseEvidence {
  return evidenceFromMeta(testCase.meta().rollcall);
}

/** A case as the reporters see it: `caseOf` plus whatever evidence its meta carries. */
export interface ReportCase extends JsonCase {
  evidence: CaseEvidence;
}

export function reportCaseOf(testCase: TestCase): ReportCase {
  return { ...caseOf(testCase), evidence: evidenceOf(testCase) };
}
