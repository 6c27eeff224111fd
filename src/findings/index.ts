/**
 * Findings: violation -> fingerprint -> problem -> fold. The one model the run, the console, the
 * baseline, `rollcall validate` and every reporter count by (see README.md beside this file).
 */
export { firstIndex, fingerprintKey, fingerprintOf, isValueShape, NAMED_VALUES, OTHER_VALUES, pathPattern, placeOf, problemId, valueShape, ValueShapes, type Fingerprint } from './fingerprint.js';
export { compareProblems, type ConstraintSource, type Occurrence, type Problem, type ProblemCounts, type ProblemTotals, type RequestSample } from './problem.js';
export { countsPhrase, problemTotals, weight } from './counts.js';
export { otherValuesTitle, problemTitle } from './titles.js';
export { excerptAt } from './excerpt.js';
export { markConsequences, type ConsequenceInput } from './consequences.js';
export { DEFAULT_MAX_SAMPLES, ProblemSet, type OccurrenceContext, type ProblemSetOptions } from './problem-set.js';
export { firstCases, problemIdsOf, problemsOfCases, type ProblemCase } from './cases.js';
export { documentOf, provenanceOf, provenanceResolver, SOURCE_KEYWORD, sourceOfPattern, sourceText } from './provenance.js';
export { failingOf, Folds, type Fold } from './fold.js';
