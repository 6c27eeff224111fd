/**
 * `rollcall drift` on real recordings: the real CLI records runs against the embedded mock, clean
 * and with injected faults, then reports their drift. Counts are checked against an independent
 * scan of the recorded JSONL. The three recording runs and every drift command, the text report's too, run the
 * CLI's `main` in this process (test/support/in-process-cli.ts): what is under test is what drift reads and prints,
 * not the process. The text report was read from a child process of bin/rollcall.js (a Node start and the CLI's
 * loading, ~1 s of CPU); `rollcall drift` through the installed binary, end to end, is test/package/install.test.ts
 * ('a live run recorded (through the action), replayed offline, drifted, sharded and merged').
 * Each recording run keeps to the few cases that read the operations the assertions need (--grep): a whole
 * run records the same drift in twenty times the exchanges, and the Video one waited the kick's whole
 * consistency budget (10 s by default: enum-drift keeps the kicked participant out of the disconnected list).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DriftReport } from '../../src/drift/index.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const FAULTS = 'enum-drift,undocumented-field,type-change';
// enum-drift touches no Telnyx operation (no Telnyx enum to break): a fault that touches none of --api is a usage error.
const TELNYX_FAULT_LIST = 'undocumented-field,type-change';

interface CliResult { code: number; stdout: string; stderr: string }

/** `rollcall ARGS` in this process. */
const rollcall = (args: string[]): Promise<CliResult> => rollcallInProcess(args);

interface Line { operationId: string; response: { status: number; body: unknown } }

/** Every recorded exchange, read plainly (the test's own reading, independent of src/drift). */
function recorded(dir: string): Line[] {
  return fs.readdirSync(dir).filter((f) => f.endsWith('.jsonl')).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line));
}

/** The participant objects of an operation's successful responses. */
function participants(dir: string, operationId: string, status: number, listKey?: string): Array<Record<string, unknown>> {
  return recorded(dir)
    .filter((l) => l.operationId === operationId && l.response.status === status && typeof l.response.body === 'object')
    .flatMap((l) => (listKey ? ((l.response.body as Record<string, unknown>)[listKey] as Array<Record<string, unknown>>) : [l.response.body as Record<string, unknown>]));
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-drift-cli-'));
const CLEAN = path.join(dir, 'telnyx-clean');
const TELNYX_FAULTS = path.join(dir, 'telnyx-faults');
const VIDEO_FAULTS = path.join(dir, 'video-faults');

/** `rollcall drift --format json ARGS`, once per ARGS (the recordings do not change once written). */
const drifts = new Map<string, Promise<{ r: CliResult; report: DriftReport }>>();
function drift(args: string[]): Promise<{ r: CliResult; report: DriftReport }> {
  const key = JSON.stringify(args);
  const known = drifts.get(key);
  if (known) return known;
  const run = rollcall(['drift', '--format', 'json', ...args]).then((r) => ({ r, report: JSON.parse(r.stdout) as DriftReport }));
  drifts.set(key, run);
  return run;
}

const summary = (report: DriftReport, severities: string[] = ['error', 'warning']) =>
  report.findings.filter((f) => severities.includes(f.severity)).map((f) => [f.operation, f.rule, f.path]).sort();

/** Telnyx: every page of each session (over a thousand participants, a dozen exchanges). */
const TELNYX_CASES = ['--grep', 'walk every page at page\\[size\\]=250'];
/** Video: a page of each room (the list), the fetch of a participant, and a kick (the update's 202). */
const VIDEO_CASES = ['--grep', 'first page, no parameters|Identity of a participant|kick a connected participant'];

beforeAll(async () => {
  // A kick the faults keep from showing is not waited for: the recording needs its exchanges, not the figure.
  const config = path.join(dir, 'rollcall.config.json');
  fs.writeFileSync(config, JSON.stringify({ consistencyBudgetMs: 100, slowMs: 60_000 }));
  const runs = [
    await rollcall(['run', '--api', 'telnyx', '--config', config, ...TELNYX_CASES, '--record', CLEAN]),
    await rollcall(['run', '--api', 'telnyx', '--config', config, ...TELNYX_CASES, '--faults', TELNYX_FAULT_LIST, '--record', TELNYX_FAULTS]),
    await rollcall(['run', '--api', 'twilio-video', '--config', config, ...VIDEO_CASES, '--faults', FAULTS, '--record', VIDEO_FAULTS]),
  ];
  expect(runs.map((r) => r.code), runs.map((r) => r.stderr).join('\n')).toEqual([0, 1, 1]);
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rollcall drift on a clean recording', () => {
  it('finds no drift: only documented-but-unseen information', async () => {
    const { r, report } = await drift(['--from', CLEAN]);
    expect(r.code, r.stderr).toBe(0);
    expect(report.summary.errors + report.summary.warnings).toBe(0);
    for (const f of report.findings) expect(['drift.enum-value-unseen', 'drift.field-unseen']).toContain(f.rule);
  });

  it('analyses every recorded 200 and counts every participant', async () => {
    const { report } = await drift(['--from', CLEAN]);
    const lines = recorded(CLEAN);
    const op = report.operations.find((o) => o.id === 'telnyx.listRoomSessionParticipants');
    expect(report.totals.exchanges).toBe(lines.length);
    expect(op?.analysed).toBe(lines.filter((l) => l.response.status === 200).length);
    const items = participants(CLEAN, 'telnyx.listRoomSessionParticipants', 200, 'data');
    expect(items.length).toBeGreaterThan(100);
    const leftAt = op?.fields.find((f) => f.path === '/data/*/left_at')?.observed;
    expect(leftAt).toMatchObject({ count: items.length, nullCount: items.filter((p) => p.left_at === null).length, format: { checked: items.filter((p) => typeof p.left_at === 'string').length, hitRate: 1 } });
  });
});

describe('rollcall drift finds exactly the injected drift', () => {
  it('Telnyx (type-change on joined_at, an undocumented status)', async () => {
    const { r, report } = await drift(['--from', TELNYX_FAULTS]);
    expect(r.code).toBe(1);
    const op = 'telnyx.listRoomSessionParticipants';
    expect(summary(report, ['error', 'warning', 'info'])).toEqual([
      [op, 'drift.type-observed', '/data/*/joined_at'],
      [op, 'drift.undocumented-field', '/data/*/status'],
    ]);
    const items = participants(TELNYX_FAULTS, op, 200, 'data');
    const numeric = items.filter((p) => typeof p.joined_at === 'number').length;
    expect(numeric).toBeGreaterThan(0);
    const typeFinding = report.findings.find((f) => f.rule === 'drift.type-observed');
    expect(typeFinding?.actual).toEqual({ integer: numeric });
    expect(typeFinding?.message).toContain(`in ${numeric} of ${items.length} (`);
    const status = report.operations[0]?.fields.find((f) => f.path === '/data/*/status');
    expect(status?.documented).toBeNull();
    expect(status?.observed).toMatchObject({ count: items.filter((p) => 'status' in p).length, parentCount: items.length, types: { string: items.filter((p) => 'status' in p).length }, samples: ['active'] });
  });

  it('Twilio Video (an undocumented status value, start_time as a number, an undocumented media_region), in each operation', async () => {
    const { r, report } = await drift(['--from', VIDEO_FAULTS]);
    expect(r.code).toBe(1);
    const ops = [
      { id: 'twilio-video.listRoomParticipants', status: 200, listKey: 'participants', prefix: '/participants/*' },
      { id: 'twilio-video.fetchRoomParticipant', status: 200, listKey: undefined, prefix: '' },
      { id: 'twilio-video.updateRoomParticipant', status: 202, listKey: undefined, prefix: '' },
    ].filter((o) => (report.operations.find((x) => x.id === o.id)?.analysed ?? 0) > 0);
    expect(ops.map((o) => o.id)).toContain('twilio-video.listRoomParticipants');
    expect(summary(report)).toEqual(ops.flatMap((o) => [
      [o.id, 'drift.enum-value-undocumented', `${o.prefix}/status`],
      [o.id, 'drift.type-observed', `${o.prefix}/start_time`],
      [o.id, 'drift.undocumented-field', `${o.prefix}/media_region`],
    ]).sort());
    for (const o of ops) {
      const items = participants(VIDEO_FAULTS, o.id, o.status, o.listKey);
      const fields = report.operations.find((x) => x.id === o.id)?.fields ?? [];
      const observed = (p: string) => fields.find((f) => f.path === `${o.prefix}${p}`)?.observed;
      expect(observed('/status')?.values?.disconnecting).toBe(items.filter((p) => p.status === 'disconnecting').length);
      const startNumbers = items.filter((p) => typeof p.start_time === 'number').length;
      expect((observed('/start_time')?.types.integer ?? 0) + (observed('/start_time')?.types.number ?? 0)).toBe(startNumbers);
      expect(observed('/media_region')?.count).toBe(items.filter((p) => 'media_region' in p).length);
    }
    // Only information besides: documented status values that the fault replaced everywhere.
    for (const f of report.findings.filter((x) => x.severity === 'info')) expect(f.rule).toBe('drift.enum-value-unseen');
  });
});

describe('rollcall drift: formats, several recordings, the previous run', () => {
  it('prints a per-field table and the findings in text', async () => {
    const r = await rollcall(['drift', '--from', TELNYX_FAULTS]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^rollcall drift: \d+ exchanges read from 1 recording, \d+ analysed, 0 malformed; 1 error, 1 warning, 0 infos$/m);
    expect(r.stdout).toMatch(/^ {2}\/data\/\*\/joined_at +string, date-time +integer \d+, string \d+; format 100%$/m);
    expect(r.stdout).toMatch(/^ {2}error {3}drift\.type-observed {2}\/data\/\*\/joined_at$/m);
  });

  it('writes Markdown to --out', async () => {
    const out = path.join(dir, 'drift.md');
    const r = await rollcall(['drift', '--from', TELNYX_FAULTS, '--format', 'markdown', '--out', out]);
    expect(r.stdout).toMatch(/report written to .*drift\.md\n$/);
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toContain('| path | documented | observed |');
    expect(md).toContain('| warning | `drift.undocumented-field` | `/data/*/status` |');
  });

  it('reads several recordings as one', async () => {
    const [{ report: a }, { report: b }, { report: both }] = await Promise.all([drift(['--from', CLEAN]), drift(['--from', TELNYX_FAULTS]), drift(['--from', CLEAN, '--from', TELNYX_FAULTS])]);
    expect(both.totals.exchanges).toBe(a.totals.exchanges + b.totals.exchanges);
    expect(both.sources).toEqual([CLEAN, TELNYX_FAULTS]);
    expect(summary(both)).toEqual(summary(b));
  });

  it('--previous: what vanished since the faulty run, and what is new compared with the clean one', async () => {
    const previous = path.join(dir, 'faulty.json');
    await rollcall(['drift', '--from', TELNYX_FAULTS, '--format', 'json', '--out', previous]);
    const { r, report } = await drift(['--from', CLEAN, '--previous', previous]);
    expect(r.code).toBe(0);
    const op = 'telnyx.listRoomSessionParticipants';
    expect(report.comparison?.previous).toBe(previous);
    expect(report.comparison?.vanishedObservations).toEqual([
      { operation: op, path: '/data/*/joined_at', kind: 'type', value: 'integer' },
      { operation: op, path: '/data/*/status', kind: 'field' },
      { operation: op, path: '/data/*/status', kind: 'type', value: 'string' },
    ]);
    expect(report.comparison?.newObservations).toEqual([]);
    expect(report.comparison?.resolvedFindings.map((f) => f.rule).sort()).toEqual(['drift.type-observed', 'drift.undocumented-field']);
    const text = await rollcall(['drift', '--from', CLEAN, '--previous', previous]);
    expect(text.stdout).toContain(`compared with ${previous}`);
    expect(text.stdout).toContain(`  ${op} /data/*/status: field`);
  });

  it.each([
    ['no recording', []],
    ['a missing directory', ['--from', '/nonexistent/recording']],
    ['a directory without exchanges', ['--from', ROOT + '/schemas']],
    ['an unknown --format', ['--from', 'CLEAN', '--format', 'xml']],
    ['a --previous that is not a drift report', ['--from', 'CLEAN', '--previous', ROOT + '/package.json']],
    ['an unknown flag', ['--from', 'CLEAN', '--bogus']],
  ])('%s: exit 2 with one line', async (_name, args) => {
    const r = await rollcall(['drift', ...args.map((a) => (a === 'CLEAN' ? CLEAN : a))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rollcall drift: /);
    expect(r.stdout).toBe('');
  });
});
