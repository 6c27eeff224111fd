/**
 * On GitHub Actions: the github reporter joins the defaults, prints one annotation per problem
 * that is a cause, and the Markdown summary is appended to $GITHUB_STEP_SUMMARY. The run
 * has two passes (the mutating suite runs after the reads) sharing the reporters: nothing may be
 * printed or appended twice. The defaults are chosen when a run starts, from its environment: a
 * process that ran without GITHUB_ACTIONS (the library, an in-process test) still annotates a later
 * run on GitHub Actions.
 *
 * One run, in this process (test/reporters/one-count.support.ts runInProcess: runCli's config and report
 * directory), after this process has loaded the reporters module without GITHUB_ACTIONS: the annotations,
 * the step summary and the junit are read from it, and it is itself the "later run on GitHub Actions" the
 * last test needs (this file once ran the same run as a child process and a second, in-process run of
 * twilio-insights for that test: two runs' CPU less). What is under test is what the run prints and writes,
 * not the process: the binary's own stdout and exit wiring are proven by test/run/console.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { childElements, parseXml, type XmlElement } from './xml.js';
import { mockSecrets, normalise, tmpDir, type Run } from './support.js';
import { runInProcess } from './one-count.support.js';

const ANNOTATION = /^::(error|warning) title=([a-z0-9.-]+ \(P[0-9a-f]{8}\))::([a-zA-Z.-]+) (\S+): (.*)$/;
let run: Run;
let stepSummary: string;
/** What the reporters module, loaded in this process before the run and without GITHUB_ACTIONS, chose as defaults then. */
let defaultsBefore: string[];

beforeAll(async () => {
  // The module the in-process run uses, loaded here without GITHUB_ACTIONS (the defaults were once fixed at its loading).
  const { defaultReporters } = (await import('../../dist/reporters/index.js')) as { defaultReporters: (env?: NodeJS.ProcessEnv) => string[] };
  defaultsBefore = defaultReporters({});
  stepSummary = path.join(tmpDir('step-summary'), 'summary.md');
  fs.writeFileSync(stepSummary, 'previous step\n');
  run = await runInProcess(
    ['--api', 'twilio-video', '--faults', 'enum-drift,type-change,missing-field,undocumented-field,bad-sid-pattern', '--grep', 'kick|Status=reconnecting'],
    { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: stepSummary },
    // The kick re-reads the fetch and both Status lists until they show it or the budget is spent (10 s by default):
    // how many reads fit depended on the machine's load, and every read of a faulted list adds to the counts the
    // annotations print (the snapshot once had 40 violations, a loaded machine gave 36). No budget: one read each.
    { consistencyBudgetMs: 0 },
  );
}, 120_000);

const annotations = (): string[] => run.stdout.split('\n').filter((l) => l.startsWith('::'));

describe('github annotations', () => {
  it('are printed on stdout, one per problem that is a cause, across both passes', () => {
    expect(run.code, run.stdout.slice(-2000)).toBe(1);
    const lines = annotations();
    const report = run.report as unknown as { problems: Array<{ id: string; severity: string; fingerprint: { rule: string; operation: string; pattern: string }; consequenceOf?: { id: string } }> };
    const causes = new Set(report.problems.filter((p) => !p.consequenceOf).map((p) => `${p.severity} ${p.fingerprint.rule} (${p.id}) ${p.fingerprint.operation} ${p.fingerprint.pattern || '(body)'}`));
    const printed = lines.map((l) => {
      const m = ANNOTATION.exec(l);
      expect(m, l).not.toBeNull();
      const [, level, title, operation, pattern] = m as RegExpExecArray;
      return `${level} ${title} ${operation} ${pattern}`;
    });
    expect(new Set(printed).size).toBe(printed.length);
    expect(new Set(printed)).toEqual(causes);
    // The second pass (the kick) added its own problems without repeating the first pass's.
    expect(printed.some((p) => p.includes('twilio-video.updateRoomParticipant'))).toBe(true);
    expect(printed.some((p) => p.includes('twilio-video.listRoomParticipants'))).toBe(true);
    for (const level of ['error', 'warning']) expect(printed.filter((p) => p.startsWith(level)).length).toBeLessThanOrEqual(10);
  });

  it('escape newlines in the message (the hint follows on a second line)', () => {
    for (const l of annotations()) {
      expect(l).toContain('%0A');
      expect(l).not.toContain('\r');
    }
  });

  it('hold no credential of the target, nor does the step summary', async () => {
    const secrets = await mockSecrets();
    const printed = run.stdout + fs.readFileSync(stepSummary, 'utf8');
    for (const secret of secrets) expect(printed.includes(secret)).toBe(false);
  });

  it('match the snapshot', async () => {
    await expect(normalise(annotations().join('\n') + '\n', run)).toMatchFileSnapshot('./__snapshots__/github-annotations.txt');
  });
});

describe('$GITHUB_STEP_SUMMARY', () => {
  it('gets the Markdown summary appended once, after what earlier steps wrote', () => {
    const text = fs.readFileSync(stepSummary, 'utf8');
    expect(text).toBe(`previous step\n${run.read('rollcall-summary.md')}`);
    expect(text.match(/^## rollcall/gm)?.length).toBe(1);
  });
});

describe('junit of a run with skipped cases', () => {
  it('marks every skipped case <skipped/> and counts them', () => {
    const root = parseXml(run.read('rollcall-junit.xml'));
    const testcases = childElements(root, 'testsuite').flatMap((s) => childElements(s, 'testcase'));
    const skipped = run.report.cases.filter((c) => c.state === 'skipped').length;
    expect(skipped).toBeGreaterThan(50);
    expect(testcases.filter((t: XmlElement) => childElements(t, 'skipped').length === 1).length).toBe(skipped);
    expect(root.attrs.skipped).toBe(String(skipped));
    expect(childElements(root, 'testsuite').map((s) => s.attrs.name)).toEqual(['twilio-video.fetchRoomParticipant', 'twilio-video.listRoomParticipants', 'twilio-video.updateRoomParticipant']);
  });
});

describe('the default reporters', () => {
  it('are chosen when a run starts: the reporters module loaded without GITHUB_ACTIONS, a later run with it is annotated', () => {
    expect(defaultsBefore).not.toContain('github');
    expect(run.code, run.stdout.slice(-1500) + run.stderr).toBe(1);
    expect(annotations().filter((l) => ANNOTATION.test(l)).length).toBeGreaterThan(0);
  });
});
