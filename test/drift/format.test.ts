/**
 * `rollcall drift`'s text and Markdown group findings as `rollcall run` groups violations: one problem per
 * operation, rule and path, with its count and what differs between its findings; a rule's hint once.
 */
import { describe, expect, it } from 'vitest';
import { driftProblems, formatDriftMarkdown, formatDriftText } from '../../src/drift/format.js';
import type { DriftFinding, DriftReport } from '../../src/drift/types.js';

const OP = 'twilio-video.fetchRoomParticipant';
const UNSEEN_HINT = 'Record a run that reaches this state.';
const unseen = (value: string, operation = OP): DriftFinding => ({
  rule: 'drift.enum-value-unseen', severity: 'info', operation, path: '/status', expected: value, actual: '(never observed)',
  message: `status was never "${value}" in 63 non-null observations.`, hint: UNSEEN_HINT,
});
const typeObserved: DriftFinding = {
  rule: 'drift.type-observed', severity: 'error', operation: OP, path: '/start_time', expected: 'string | null', actual: { integer: 63 },
  message: 'start_time was integer in 63 of 63 (100%) observations, not string | null.', hint: 'Update schemas/.',
};

function report(findings: DriftFinding[]): DriftReport {
  const ops = [...new Set(findings.map((f) => f.operation))];
  return {
    tool: 'rollcall drift', version: 1, sources: ['rec'],
    totals: { exchanges: 10, analysed: 10, malformed: 0, unknownOperations: {}, notObserved: [] },
    operations: ops.map((id) => ({ id, exchanges: 5, analysed: 0, skipped: { otherStatus: 0, notJson: 0 }, status: 200, schemaRef: '#', fields: [], undocumentedOverflow: 0 })),
    findings,
    summary: { errors: findings.filter((f) => f.severity === 'error').length, warnings: 0, infos: findings.filter((f) => f.severity === 'info').length },
  };
}

describe('driftProblems', () => {
  it('one problem per operation, rule and path; errors first; what differs listed', () => {
    const problems = driftProblems([unseen('connected'), typeObserved, unseen('disconnected'), unseen('reconnecting'), unseen('connected', 'twilio-video.listRoomParticipants')]);
    expect(problems.map((p) => [p.operation, p.rule, p.path, p.count, p.others])).toEqual([
      [OP, 'drift.type-observed', '/start_time', 1, []],
      [OP, 'drift.enum-value-unseen', '/status', 3, ['disconnected', 'reconnecting']],
      ['twilio-video.listRoomParticipants', 'drift.enum-value-unseen', '/status', 1, []],
    ]);
  });

  it('findings that differ in more than one field are counted, not listed', () => {
    const a = unseen('connected');
    const b = { ...unseen('disconnected'), actual: 'something else' };
    expect(driftProblems([a, b]).map((p) => [p.count, p.others])).toEqual([[2, []]]);
  });
});

describe('formatDriftText', () => {
  const text = formatDriftText(report([unseen('connected'), typeObserved, unseen('disconnected'), unseen('reconnecting'), unseen('connected', 'twilio-video.listRoomParticipants')]));

  it('prints one block per problem with its count, not one per finding', () => {
    expect(text).toMatch(/; 1 error, 0 warnings, 4 infos in 3 problems\n/);
    expect(text).toContain('  info    drift.enum-value-unseen  /status  (3 findings)\n          status was never "connected" in 63 non-null observations. The same for "disconnected", "reconnecting".\n');
    expect(text.match(/drift\.enum-value-unseen/g)).toHaveLength(2);
    expect(text.indexOf('drift.type-observed')).toBeLessThan(text.indexOf('drift.enum-value-unseen'));
  });

  it('prints each rule\'s hint once', () => {
    expect(text.split(`hint: ${UNSEEN_HINT}`)).toHaveLength(2);
    expect(text.split('hint: Update schemas/.')).toHaveLength(2);
  });

  it('an ungrouped report reads as before: no count, no "in N problems"', () => {
    const single = formatDriftText(report([typeObserved]));
    expect(single).toMatch(/; 1 error, 0 warnings, 0 infos\n/);
    expect(single).toContain('  error   drift.type-observed  /start_time\n          start_time was integer');
    expect(single).not.toMatch(/findings\)/);
  });
});

describe('formatDriftMarkdown', () => {
  it('one row per problem with its count', () => {
    const md = formatDriftMarkdown(report([unseen('connected'), unseen('disconnected'), typeObserved]));
    const rows = md.split('\n').filter((l) => l.startsWith('| error') || l.startsWith('| info'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatch(/^\| info \| `drift\.enum-value-unseen` \| `\/status` \| 2 \| status was never &quot;connected&quot; .* The same for &quot;disconnected&quot;\\\. \|$/);
  });
});
