/**
 * `rollcall init`: a project's first files (config with a baseline path, the baseline, a GitHub
 * workflow), valid as written, never overwriting without --force; the starting config runs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { loadConfig } from '../../src/run/config.js';
import { loadBaseline } from '../../src/baseline/index.js';
import { BASELINE_FILE, WORKFLOW_FILE } from '../../src/cli/init.js';
import { readReport, rollcall, tmpDir, type CliResult } from '../run/support.js';
// `rollcall init --dir DIR` in this process (test/support/in-process-cli.ts): the same `main`, without a Node start each.
// The real binary runs init in a project directory (its default) and the run there, below.
import { rollcallInProcess } from '../support/in-process-cli.js';

const FILES = ['rollcall.config.json', BASELINE_FILE, WORKFLOW_FILE];

/** `rollcall init` through bin/rollcall.js in a new project directory (the current directory, by default): one for two tests. */
let project: Promise<{ dir: string; r: CliResult }> | undefined;
const initProject = () =>
  (project ??= (async () => {
    const dir = tmpDir('init-cwd');
    return { dir, r: await rollcall(['init'], {}, dir) };
  })());

interface Step { uses?: string; run?: string; if?: string; env?: Record<string, string>; with?: Record<string, unknown> }
interface Workflow { on: Record<string, unknown>; permissions: Record<string, string>; jobs: Record<string, { strategy: { matrix: { node: number[] } }; steps: Step[] }> }

describe('rollcall init', () => {
  it('writes a valid config (with a baseline path), the baseline and a read-only workflow into --dir', async () => {
    const dir = tmpDir('init');
    const r = await rollcallInProcess(['init', '--dir', dir]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of FILES) expect(r.stdout).toContain(`wrote ${path.join(dir, f)}`);

    // Valid against schemas/config/rollcall.config.schema.json: loadConfig validates and throws otherwise.
    const { config } = loadConfig(path.join(dir, 'rollcall.config.json'));
    expect(config.baseline).toBe(BASELINE_FILE);
    expect(config.reportDir).toBeTruthy();
    expect(loadBaseline(path.join(dir, BASELINE_FILE))).toMatchObject({ known: [], waivers: [] });

    const workflow = YAML.parse(fs.readFileSync(path.join(dir, WORKFLOW_FILE), 'utf8')) as Workflow;
    expect(workflow.permissions).toEqual({ contents: 'read' });
    const job = Object.values(workflow.jobs)[0]!;
    expect(job.strategy.matrix.node).toEqual([22, 24]);
    const setup = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
    expect(setup?.with?.['node-version']).toBe('${{ matrix.node }}');
    const run = job.steps.find((s) => s.run?.includes('rollcall run'))!;
    expect(run.run).toMatch(/^npx --no -- rollcall run --target live\b/);
    expect(run.run).not.toContain('--allow-mutations');
    // Every setting from the repository's secrets, none written in the file; the credentials and each parent named.
    expect(Object.keys(run.env ?? {})).toEqual(expect.arrayContaining(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TELNYX_API_KEY', 'ROLLCALL_TWILIO_ROOM_SID', 'ROLLCALL_TWILIO_CONFERENCE_SID', 'ROLLCALL_TELNYX_ROOM_SESSION_ID']));
    for (const [name, value] of Object.entries(run.env ?? {})) expect(value).toBe(`\${{ secrets.${name} }}`);
    const upload = job.steps.find((s) => s.uses?.startsWith('actions/upload-artifact@'))!;
    expect(upload.if).toBe('always()');
    expect(upload.with?.path).toBe(config.reportDir);
  });

  it('writes into the current directory by default', async () => {
    const { dir, r } = await initProject();
    expect(r.code, r.stderr).toBe(0);
    for (const f of FILES) expect(fs.existsSync(path.join(dir, f)), f).toBe(true);
  });

  it.each(FILES.map((f) => [f]))('refuses to overwrite %s (exit 2, naming it), and writes nothing else', async (existing) => {
    const dir = tmpDir('init-exists');
    fs.mkdirSync(path.dirname(path.join(dir, existing)), { recursive: true });
    fs.writeFileSync(path.join(dir, existing), 'mine\n');
    const r = await rollcallInProcess(['init', '--dir', dir]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rollcall init: /);
    expect(r.stderr).toContain(path.join(dir, existing));
    expect(r.stderr).toContain('--force');
    expect(fs.readFileSync(path.join(dir, existing), 'utf8')).toBe('mine\n');
    for (const f of FILES.filter((x) => x !== existing)) expect(fs.existsSync(path.join(dir, f)), f).toBe(false);
  });

  it('--force overwrites', async () => {
    const dir = tmpDir('init-force');
    fs.writeFileSync(path.join(dir, 'rollcall.config.json'), '{}');
    const r = await rollcallInProcess(['init', '--dir', dir, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(loadConfig(path.join(dir, 'rollcall.config.json')).config.baseline).toBe(BASELINE_FILE);
  });

  it('a --dir that does not exist is exit 2', async () => {
    const r = await rollcallInProcess(['init', '--dir', '/nonexistent/project']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^rollcall init: --dir \/nonexistent\/project: no such directory/);
  });

  it('the starting config runs as written: baseline read, reports where it says', async () => {
    const { dir, r: init } = await initProject();
    expect(init.code, init.stderr).toBe(0);
    // A few cases are enough to show the config read (its report directory, its baseline); every case of every API runs in test/docs.test.ts.
    const r = await rollcall(['run', '--api', 'telnyx', '--grep', 'walk every page'], {}, dir);
    expect(r.code, r.stdout.slice(-1500) + r.stderr).toBe(0);
    const { config } = loadConfig(path.join(dir, 'rollcall.config.json'));
    expect(readReport(path.join(dir, config.reportDir!)).cases.length).toBeGreaterThan(0);
  }, 120_000);
});
