/**
 * The reports once the suite sends CaseMeta.requests and CaseMeta.fields (src/report-types/evidence.ts):
 * a fixture suite fills them as the suite is expected to (fixtures/evidence.fixture.ts), run through
 * vitest's Node API with every reporter against a mock with the enum-drift fault. Coverage is then
 * complete (no `unknown`), the field charts count every value, and annotations are capped.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from './support.js';

let dir: string;
const read = (file: string): string => fs.readFileSync(path.join(dir, file), 'utf8');

beforeAll(async () => {
  dir = tmpDir('evidence');
  await new Promise<void>((resolve, reject) => {
    execFile(process.execPath, [path.join(ROOT, 'test/reporters/fixtures/run-evidence.mjs'), dir], { cwd: ROOT, timeout: 120_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`run-evidence.mjs failed: ${stderr}`)) : resolve(),
    );
  });
}, 120_000);

interface Entry { kind: string; subject: string; value?: string; state: string; count: number }
interface CoverageFile {
  evidence: { requests: string; responses: string; missingMeta: string[] };
  totals: { constraints: number; exercised: number; never: number; unknown: number };
  operations: Array<{ operation: string; constraints: Entry[] }>;
  operationsNotRun: string[];
  undocumentedValues: Array<{ operation: string; pointer: string; value: string; count: number; problem: string }>;
}

describe('coverage with CaseMeta.requests and CaseMeta.fields', () => {
  const coverage = (): CoverageFile => JSON.parse(read('rollcall-coverage.json')) as CoverageFile;
  const state = (operation: string, kind: string, subject: string, value?: string): string | undefined =>
    coverage()
      .operations.find((o) => o.operation === operation)
      ?.constraints.find((c) => c.kind === kind && c.subject === subject && c.value === value)?.state;

  it('is complete: every constraint is exercised or never, none unknown', () => {
    const c = coverage();
    expect(c.evidence).toEqual({ requests: 'complete', responses: 'complete', missingMeta: [] });
    expect(c.totals.unknown).toBe(0);
    expect(c.totals.exercised + c.totals.never).toBe(c.totals.constraints);
    expect(c.operationsNotRun).toEqual(['twilio-insights.listConferenceParticipants', 'twilio-video.updateRoomParticipant']);
  });

  it.each([
    ['telnyx.listRoomSessionParticipants', 'response-status', '200', undefined, 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'response-status', '400', undefined, 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'response-status', '401', undefined, 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'response-status', '429', undefined, 'never'],
    ['telnyx.listRoomSessionParticipants', 'query-parameter', 'filter[context]', undefined, 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'query-parameter', 'filter[date_left_at][gte]', undefined, 'never'],
    ['telnyx.listRoomSessionParticipants', 'parameter-bound', 'page[size]', 'maximum 250', 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'parameter-bound', 'page[size]', 'below minimum (< 1)', 'exercised'],
    ['telnyx.listRoomSessionParticipants', 'parameter-bound', 'page[size]', 'above maximum (> 250)', 'never'],
    ['telnyx.listRoomSessionParticipants', 'parameter-bound', 'page[number]', 'default 1 (sent or omitted)', 'exercised'],
    ['twilio-video.listRoomParticipants', 'parameter-value', 'Status', 'connected', 'exercised'],
    ['twilio-video.listRoomParticipants', 'parameter-value', 'Status', 'reconnecting', 'never'],
    ['twilio-video.listRoomParticipants', 'parameter-bound', 'PageSize', 'above maximum (> 1000)', 'exercised'],
    ['twilio-video.listRoomParticipants', 'response-enum-value', '/participants/*/status', 'connected', 'exercised'],
    ['twilio-video.listRoomParticipants', 'response-enum-value', '/participants/*/status', 'reconnecting', 'never'],
    ['twilio-video.fetchRoomParticipant', 'response-status', '404', undefined, 'exercised'],
    ['twilio-video.fetchRoomParticipant', 'response-enum-value', '/status', 'connected', 'never'],
  ])('%s %s %s %s: %s', (operation, kind, subject, value, expected) => {
    expect(state(operation, kind, subject, value)).toBe(expected);
  });

  it('names the undocumented enum values the responses held', () => {
    expect(coverage().undocumentedValues).toEqual([{ operation: 'twilio-video.listRoomParticipants', pointer: '/participants/*/status', value: 'disconnecting', count: 2, problem: expect.stringMatching(/^P[0-9a-f]{8}$/) as string }]);
  });
});

describe('html field charts from the response bodies', () => {
  it('counts documented values seen, draws those never seen as stubs and undocumented ones as violations', () => {
    const page = read('rollcall-report.html');
    const figure = page.match(/<figure class="field" data-pointer="\/participants\/\*\/status" data-basis="responses">[\s\S]*?<\/figure>/)?.[0] ?? '';
    expect(figure).toContain('6 occurrences, null rate 0.0 %');
    expect(figure).toMatch(/<title>connected: 4<\/title>[^]*?<rect class="bar ok" data-value="4"/);
    expect(figure).toMatch(/<title>reconnecting: 0<\/title>[^]*?<rect class="bar never" data-value="0"/);
    expect(figure).toMatch(/<title>disconnecting: 2<\/title>[^]*?<rect class="bar bad" data-value="2"/);
    expect(page).toMatch(/<figure class="field" data-pointer="\/participants\/\*\/end_time" data-basis="responses"><figcaption><code>[^<]+<\/code> <small>6 occurrences, null rate 100.0 %<\/small>/);
    expect(page).not.toContain('from violations only');
  });
});

describe('markdown and github with complete evidence', () => {
  it('lists what was never exercised per operation, and no unknown', () => {
    const md = read('rollcall-summary.md');
    expect(md).toContain('0 unknown.');
    expect(md).not.toContain('CaseMeta.');
    expect(md).toMatch(/^- twilio-video\.fetchRoomParticipant: `status 200`, `status 401`, `status 403`, `status 429`/m);
    expect(md.split('\n').length).toBeLessThan(60);
  });

  it('annotates one cause, its consequence named in it (nothing left out to notice)', () => {
    const lines = read('annotations.txt').trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error ')).length).toBe(1);
    expect(lines.filter((l) => l.startsWith('::warning ')).length).toBe(0);
    expect(lines[0]).toMatch(/^::error title=schema\.enum \(P[0-9a-f]{8}\)::.*%0AConsequences: filter\.status at \/participants\/\*\/status \(2\)\./);
    expect(lines.some((l) => l.startsWith('::notice'))).toBe(false);
  });
});
