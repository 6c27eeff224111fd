/**
 * `rollcall run --shard k/n` and `rollcall report --merge DIR`: two shards sharing one report
 * directory (each writes its blobs and metadata in DIR/blobs), merged, give the reports, summary
 * and exit code of the same run unsharded. Twilio Video + Telnyx: four suite files over two passes
 * (the mutating suite alone in the second), so that both shards run something and both passes shard.
 * One run with --faults enum-drift takes a few cases of every suite file (--grep: a file's cases that do
 * not match are reported skipped, in both runs alike), so that every shard runs cases whichever files
 * vitest gives it: the cheap refusals (401s, which pass) and the cases that read participants (which fail,
 * several problems), so that passed, failed and skipped cases, a baseline and exit 1 all come through the
 * merge. (A clean sharded run merged to exit 0: test/package/install.test.ts, "a live run recorded (through
 * the action), replayed offline, drifted, sharded and merged".)
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollcall, tmpDir, writeConfig, type CliResult } from './support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

const API = ['--api', 'twilio-video,telnyx'];
/** Three runs side by side on a small machine: no response may count as slow (http.slow) because of the load. */
const NOT_SLOW = { slowMs: 60_000 };

/** A report with what legitimately differs between two runs taken out: times, durations, ports, the shard. */
function normalisedReport(dir: string): { meta: Record<string, unknown>; cases: Array<Record<string, unknown>> } {
  // A kick is stamped with the time it happens (end_time, date_updated, duration): sample bodies of a kicked participant differ by the clock.
  const text = fs.readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .replace(/"duration": \d+/g, '"duration": 0')
    // Discovery's (and a preflight's) own timing differs from run to run, like a case's.
    .replace(/"durationMs": \d+/g, '"durationMs": 0');
  const { startedAt: _s, target, shard: _k, cases, ...meta } = JSON.parse(text) as Record<string, unknown> & { target: string; cases: Array<Record<string, unknown>> };
  // Measured times (a kick's delay until visible) differ from run to run, like durations.
  const timed = (c: Record<string, unknown>) => (Array.isArray(c.measurements) ? { ...c, measurements: (c.measurements as Array<Record<string, unknown>>).map((m) => (m.unit === 'ms' ? { ...m, value: 0 } : m)) } : c);
  return { meta: { ...meta, target: target.replace(/^embedded mock \S+/, 'embedded mock') }, cases: cases.map(({ durationMs: _d, ...c }) => timed(c)) };
}

/** The end-of-run summary: from the table (or the counts line) to the end. */
const summaryOf = (r: CliResult) => r.stdout.slice(r.stdout.search(/^(operation |\d+ cases:)/m));

const reportFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f !== 'blobs' && f !== 'baseline.json').sort();

/** Any report file (JSON, JUnit, Markdown, HTML...) with ports, timestamps and durations blanked. */
const normalisedText = (file: string) =>
  fs.readFileSync(file, 'utf8')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?/g, 'TIME')
    .replace(/"durationMs": [\d.e-]+/g, '"durationMs": 0')
    .replace(/"value": \d+(,\s*"unit": "ms")/g, '"value": 0$1')
    .replace(/("|&quot;)duration\1: \d+/g, '$1duration$1: 0')
    .replace(/\btime="[\d.]+"/g, 'time=""')
    // The HTML report's durations (reporters/html-cases.ts duration()).
    .replace(/<span class="ms" data-ms="\d+">[^<]*<\/span>/g, '<span class="ms"></span>');

/**
 * The enum-drift cases: a participant of each read-only file (a list's first page, a fetch; Telnyx has no
 * drift) and a refused update. What these show does not depend on the load of the moment, as it must for the
 * reports to be equal: a problem's "first in" case is one suite file's (the read-only files run side by side,
 * so a problem both a fetch case and a list case see, as the list's "Identity of a participant" fetches, would
 * be first in either), and no case polls (a kick polls until it is visible: one more poll is one more drifted
 * status, an error and an exchange more in one run than in the other).
 */
const DRIFT_CASES = 'first page, no parameters|the room by its UniqueName|update to Status=connected: 400';

/** The refusals (passed) and the enum-drift cases (failed); every other case of the four files skipped. */
const selection = ['--faults', 'enum-drift', '--grep', `credentials: 401|${DRIFT_CASES}`];

describe('a run with --faults enum-drift, sharded 2 ways and merged', () => {
  it('equals the unsharded run: case ids, states, violations, summary, baseline and exit code', async () => {
    const whole = tmpDir('unsharded');
    const shared = tmpDir('sharded');
    const merged = tmpDir('merged');
    const config = ['--config', writeConfig(tmpDir('config'), NOT_SLOW)];
    // Shards run side by side, as CI jobs would, into one report directory (each its own process); the
    // unsharded run beside them in this one (test/support/in-process-cli.ts).
    const [unsharded, one, two] = await Promise.all([
      rollcallInProcess(['run', ...API, ...selection, ...config, '--report-dir', whole, '--write-baseline', path.join(whole, 'baseline.json')]),
      rollcall(['run', ...API, ...selection, ...config, '--shard', '1/2', '--report-dir', shared]),
      rollcall(['run', ...API, ...selection, ...config, '--shard', '2/2', '--report-dir', shared]),
    ]);
    expect(unsharded.code, unsharded.stdout.slice(-1500)).toBe(1);
    // A shard fails when one of its cases does: together they fail as the whole run does.
    expect([one.code, two.code].every((c) => c === 0 || c === 1), one.stdout.slice(-800) + two.stdout.slice(-800)).toBe(true);
    expect(Math.max(one.code, two.code)).toBe(1);
    // One blob per shard and pass (the mutating pass does not overwrite the read-only one), and each shard's metadata.
    expect(fs.readdirSync(path.join(shared, 'blobs')).sort()).toEqual(['blob-1-2-pass-1.json', 'blob-1-2-pass-2.json', 'blob-2-2-pass-1.json', 'blob-2-2-pass-2.json', 'meta-1-2.json', 'meta-2-2.json']);
    const counts = [one, two].map((r) => /^(\d+) cases: (\d+) passed, (\d+) failed/m.exec(r.stdout)?.slice(1).map(Number) ?? []);
    const shardCases = counts.map(([n]) => n ?? 0);
    // Ran, not only listed: a case --grep leaves out counts as skipped.
    expect(counts.every(([, passed, failed]) => (passed ?? 0) + (failed ?? 0) > 0), 'both shards ran cases').toBe(true);
    // A shard writes its blobs only and says so, naming the merge; the full reports are the merge's.
    expect(reportFiles(shared)).toEqual([]);
    for (const [k, r] of [['1', one], ['2', two]] as const) {
      expect(r.stdout.trimEnd().split('\n').pop()).toBe(`shard ${k}/2: wrote blobs to ${path.join(shared, 'blobs')}${path.sep} (2 blob reports); merge with rollcall report --merge ${shared}`);
    }

    const mergedBaseline = path.join(merged, 'baseline.json');
    const r = await rollcallInProcess(['report', '--merge', path.join(shared, 'blobs'), '--report-dir', merged, '--write-baseline', mergedBaseline]);
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(1);
    // The merge ends with where its reports are, the HTML report first.
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(new RegExp(`^reports: ${path.join(merged, 'rollcall-report.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, `));
    expect(unsharded.stdout.trimEnd().split('\n').pop()).toMatch(/^reports: .*rollcall-report\.html, .*rollcall-report\.json/);
    const withoutEnd = (text: string) => text.replace(/^rollcall (report|run): wrote the baseline .*\n/m, '').replace(/^reports: .*\n$/m, '');
    expect(withoutEnd(summaryOf(r))).toBe(withoutEnd(summaryOf(unsharded)));

    const a = normalisedReport(whole);
    const b = normalisedReport(merged);
    expect(reportFiles(merged)).toEqual(reportFiles(whole));
    expect(b.meta).toEqual(a.meta);
    expect(b.cases.map((c) => c.id)).toEqual(a.cases.map((c) => c.id));
    expect(b.cases.length).toBe(shardCases[0]! + shardCases[1]!);
    expect(b.cases).toEqual(a.cases);
    // Every other report the default reporters write, too.
    for (const file of reportFiles(whole)) expect(normalisedText(path.join(merged, file)), file).toBe(normalisedText(path.join(whole, file)));
    // Passed, failed and skipped cases all came through, in both passes, with several problems.
    expect(new Set(b.cases.map((c) => c.state))).toEqual(new Set(['passed', 'failed', 'skipped']));
    expect(new Set(b.cases.filter((c) => c.state !== 'skipped').map((c) => c.operation))).toContain('twilio-video.updateRoomParticipant');
    expect((b.meta.problems as unknown[]).length).toBeGreaterThan(1);
    // The merge writes the baseline the unsharded run writes.
    const known = (file: string) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { known: unknown[] }).known;
    expect(known(mergedBaseline).length).toBeGreaterThan(0);
    expect(known(mergedBaseline)).toEqual(known(path.join(whole, 'baseline.json')));
  }, 180_000);
});

describe('rollcall report --merge: what it refuses (exit 2)', () => {
  const fakeShards = (n: number, present: number[]) => {
    const dir = tmpDir('fake-shards');
    const blobs = path.join(dir, 'blobs');
    fs.mkdirSync(blobs);
    for (const k of present) {
      const run = { tool: 'rollcall', rollcallVersion: '0.1.0', vitestVersion: '4.1.12', node: process.version, target: 'embedded mock', kind: 'mock', faults: k === 3 ? ['enum-drift'] : [], strict: false, startedAt: '2026-01-01T00:00:00.000Z', shard: `${k}/${n}` };
      fs.writeFileSync(path.join(blobs, `meta-${k}-${n}.json`), JSON.stringify({ shard: `${k}/${n}`, run, apis: ['telnyx'], today: '2026-01-01' }));
      fs.writeFileSync(path.join(blobs, `blob-${k}-${n}-pass-1.json`), '[]');
    }
    return dir;
  };

  it.each([
    ['a missing shard', () => path.join(fakeShards(3, [1, 3]), 'blobs'), /lacks shard 2\/3 of 3: run `rollcall run --shard 2\/3 \.\.\.`/],
    ['shards of different runs', () => fakeShards(3, [1, 2, 3]), /shards 1\/3 and 3\/3 in .* are not of one run: their faults differ \(\[\] vs \["enum-drift"\]\)/],
    ['a directory without shard metadata', () => tmpDir('no-shards'), /holds no shard metadata \(meta-K-N\.json\)/],
    ['a directory that does not exist', () => '/nonexistent/rollcall-blobs', /\/nonexistent\/rollcall-blobs: no such directory/],
  ])('%s', async (_what, dir, message) => {
    const r = await rollcallInProcess(['report', '--merge', dir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('without --merge, and --write-baseline on a shard', async () => {
    const r = await rollcallInProcess(['report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--merge DIR is required\nusage: rollcall report --merge DIR/);
    const s = await rollcallInProcess(['run', '--shard', '1/2', '--report-dir', tmpDir('x'), '--write-baseline', 'b.json']);
    expect(s.code).toBe(2);
    expect(s.stderr).toMatch(/--write-baseline needs every case: write it from the merged shards \(rollcall report --merge DIR --write-baseline FILE\)/);
  });
});
