/**
 * The cases of the suites that first see each problem of a run under `--faults enum-drift,next-page-loop`, as a
 * `--grep` pattern (measured on whole runs: the 11 problems of twilio-video, 2 causes and 9 consequences in all
 * three operations and both passes, the kick being a mutation; the 4 of twilio-insights). Every kind of problem,
 * in every room, at a fraction of the cases: the rest of the suites only add to the counts.
 * Used by test/problems-run.test.ts and test/reporters/one-count.test.ts.
 */
export const FIRST_SEEN = [
  'first page, no parameters',
  'walk every page at PageSize=50',
  'Status=connected: walk every page',
  'Status lists partition the participants',
  'each connected participant equals its fetch',
  'Identity of a participant',
  'kick a connected participant, then kick it again',
].join('|');
