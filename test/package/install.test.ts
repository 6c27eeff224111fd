/**
 * rollcall as a stranger's project gets it, by both routes, each installed once and both at the same time:
 *   - the tarball (the release route, `npm run pack:clean`: a manifest without scripts, no source maps;
 *     `--from-dist` copies the checkout's fresh dist/ instead of compiling it again), installed into a new,
 *     empty project from the local npm cache where it can (`--prefer-offline`, the cache `npm ci` filled);
 *   - a git URL (`git+file://` of this checkout's HEAD: npm clones it, installs its dependencies and runs
 *     `prepare`, the build), into another project that approves that one script in `allowScripts`, as npm 11
 *     asks (docs/commands.md, "Installing").
 * In the tarball's project it is used as the README says: the README's runnable recipes as written, with the
 * real `npx rollcall` (test/package/recipes.ts), a run with the same case count as the repository's own,
 * `validate`, `lint`, `diff`, `drift`, `report --merge`, the library import, a TypeScript consumer, and the
 * GitHub Action's own steps (action.yml, inputs substituted) against a mock on loopback, whose runs also record
 * the live run that is replayed and write the baseline a second run honours (one run proves both; the
 * repository's case count is planned in this process). In the git project: the build happened, no dangling
 * source map, the CLI and the library answer. The git project starts with the tarball project's dependency
 * tree (hard links), so that npm places only rollcall there: both packages have the same dependencies, and
 * the tarball's install already shows npm placing them in a new project.
 *
 * The git route stays the real one a user takes: npm installs every dependency of the clone (devDependencies
 * too) and runs `prepare`; a clone with fewer devDependencies would be a different build (tsconfig.json
 * compiles with every installed @types package) and would not show that the repository's own installs.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { CliResult } from '../run/support.js';
import { rollcallInProcess } from '../support/in-process-cli.js';
import { expectRecipeDone, expectThreeRecipes, RecipeRunner, runnableBlocks } from './recipes.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
/** npm's flags for both installs: the warm cache first, no audit or funding requests. */
const INSTALL = ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'warn'];

interface Result { code: number; stdout: string; stderr: string }

/** A command with a clean environment (plus `env`): nothing of this repository's shell leaks into the project. */
function sh(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}, timeout = 300_000): Promise<Result> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), NODE_OPTIONS: '' };
  // npm's own settings (cache, registry) stay as the machine has them.
  for (const [k, v] of Object.entries(process.env)) if (/^npm_config_(cache|registry|userconfig)$/i.test(k) && v) base[k] = v;
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env: { ...base, ...env }, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      // A command stopped by the timeout says so (a busy machine, not a failure of rollcall's).
      const killed = error?.killed ? `\n[test: ${cmd} ${args.join(' ')} stopped after ${timeout} ms]` : '';
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: stderr + killed });
    });
  });
}

/** The summary line every run ends with: `N cases: P passed, F failed, S skipped; ...`. */
function summaryOf(stdout: string): RegExpExecArray {
  const m = /^(\d+) cases: \d+ passed, \d+ failed, \d+ skipped/m.exec(stdout);
  if (!m) throw new Error(`no summary line in:\n${stdout.slice(-2000)}`);
  return m;
}
const caseCount = (stdout: string): number => Number(summaryOf(stdout)[1]);
/** `N cases: P passed, F failed, S skipped`: the same cases, run the same way. */
const counts = (stdout: string): string => summaryOf(stdout)[0];

/** A new, empty project (ESM) in `work/name`, with `extra` in its package.json. */
function newProject(name: string, extra: Record<string, unknown> = {}): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module', ...extra }, null, 2));
  return dir;
}

/**
 * `from` (a project's node_modules) recreated in `to` with hard links, without rollcall itself, its bin link
 * and npm's hidden lockfile (npm reads the tree from the disk instead).
 */
function linkTree(from: string, to: string): void {
  const skip = new Set(['rollcall', '.package-lock.json', path.join('.bin', 'rollcall')]);
  for (const entry of fs.readdirSync(from, { recursive: true, withFileTypes: true })) {
    const rel = path.relative(from, path.join(entry.parentPath, entry.name));
    if (skip.has(rel) || rel.startsWith(`rollcall${path.sep}`)) continue;
    const src = path.join(from, rel);
    const dest = path.join(to, rel);
    if (entry.isDirectory()) fs.mkdirSync(dest, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      if (entry.isSymbolicLink()) fs.symlinkSync(fs.readlinkSync(src), dest);
      else fs.linkSync(src, dest);
    }
  }
}

const GIT_URL = `git+file://${ROOT}`;

let work: string;
let project: string;
let gitProject: string;
let installed: Result;
/** The two installs, started together; each test waits for the one it uses. */
let tarballReady: Promise<Result>;
let gitReady: Promise<Result>;
/**
 * The cases the repository's own run plans (all collected, none run: a --grep that matches no case name);
 * the installed package's run (README recipe 1) must have as many. In this process (the checkout's dist/,
 * test/support/in-process-cli.ts): only the installed package's runs need a process of their own.
 */
let repoRun: Promise<CliResult> | undefined;
const repoPlan = () => (repoRun ??= rollcallInProcess(['run', '--grep', 'no case is named this^', '--allow-empty']));

const rollcall = (args: string[], env: Record<string, string> = {}, timeout?: number) => sh(path.join(project, 'node_modules', '.bin', 'rollcall'), args, project, env, timeout);

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-package-'));
  project = newProject('stranger');
  gitProject = newProject('stranger-git', { allowScripts: { [GIT_URL]: true } });
  tarballReady = (async () => {
    // The release route (npm run pack:clean): a staging copy, a manifest without scripts, no source maps.
    const packed = await sh(process.execPath, [path.join(ROOT, 'scripts', 'pack.mjs'), '--from-dist', '--pack-destination', work], ROOT);
    if (packed.code !== 0) throw new Error(`npm run pack:clean failed:\n${packed.stdout}\n${packed.stderr}`);
    return sh(NPM, [...INSTALL, packed.stdout.trim().split('\n').pop() as string], project);
  })();
  gitReady = (async () => {
    // npm places rollcall's dependencies in the git project from the tarball project's tree (hard links to the
    // files npm has just extracted there): the same manifest's dependencies, so npm keeps them and places only
    // rollcall, whose clone, devDependencies, `prepare` and pack are the git route's own (~12 s CPU less than
    // extracting the same tree a second time).
    const tarball = await tarballReady;
    if (tarball.code === 0) linkTree(path.join(project, 'node_modules'), path.join(gitProject, 'node_modules'));
    return sh(NPM, [...INSTALL, `${GIT_URL}#HEAD`], gitProject, {}, 1_500_000);
  })();
  installed = await tarballReady;
}, 900_000);

// Two installed projects (node_modules of both routes): removing them takes a while on a busy disk.
afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
}, 300_000);

describe('the packed tarball', () => {
  it('ships the compiled code, the suites, specs, schemas and reporters; no TypeScript sources of src/', () => {
    expect(installed.code, installed.stderr).toBe(0);
    const pkg = path.join(project, 'node_modules', 'rollcall');
    for (const p of ['bin/rollcall.js', 'dist/src/cli/index.js', 'dist/src/run/suite.js', 'schemas', 'specs', 'suites', 'reporters']) expect(fs.existsSync(path.join(pkg, p)), p).toBe(true);
    expect(fs.existsSync(path.join(pkg, 'src'))).toBe(false);
    expect(fs.existsSync(path.join(pkg, 'test'))).toBe(false);
    // Suites import the package by its name, never a path into src/.
    for (const f of fs.readdirSync(path.join(pkg, 'suites'))) expect(fs.readFileSync(path.join(pkg, 'suites', f), 'utf8')).not.toMatch(/from '\.\.\/src\//);
  });
});

describe('the packed tarball, clean', () => {
  const pkg = () => path.join(project, 'node_modules', 'rollcall');

  it('carries no lifecycle script (npm neither runs nor warns about one) and no source map', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(pkg(), 'package.json'), 'utf8')) as { scripts?: unknown };
    expect(manifest.scripts).toBeUndefined();
    expect(installed.stderr).not.toMatch(/rollcall@[^ ]* \((?:pre|post)?(?:install|prepare)/);
    const files = fs.readdirSync(pkg(), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    const js = files.filter((f) => f.endsWith('.js')).map((f) => fs.readFileSync(path.join(pkg(), f), 'utf8'));
    expect(js.filter((text) => text.includes('sourceMappingURL'))).toEqual([]);
  });

  it('the types the docs name compile in a TypeScript consumer', async () => {
    fs.writeFileSync(path.join(project, 'consumer.ts'), "import type { RollcallConfig, Violation, WalkCheck } from 'rollcall';\nexport const config: RollcallConfig = { target: 'mock' };\nexport type Seen = [Violation, WalkCheck];\n");
    fs.writeFileSync(path.join(project, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, skipLibCheck: true, types: [] }, files: ['consumer.ts'] }));
    const tsc = await sh(process.execPath, [path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], project);
    expect(tsc.code, tsc.stdout + tsc.stderr).toBe(0);
  }, 600_000);
});

describe.concurrent('installed into another project', () => {
  describe('the README recipes, run as written with the real npx, from the installed package', () => {
    const blocks = runnableBlocks();
    let recipes: RecipeRunner;
    beforeAll(() => {
      // npx finds the project's node_modules/.bin from a directory inside it; it must never download a `rollcall`.
      recipes = new RecipeRunner(project, {}, { npm_config_yes: 'false' });
    });
    afterAll(() => recipes?.stopAll());

    it('are the three recipes', () => expectThreeRecipes(blocks));

    it.concurrent.each(blocks.map((b, i) => [i + 1, b] as const))('recipe %i exits 0', async (index, block) => {
      const result = await recipes.run(index, block, 480_000);
      expectRecipeDone(block, result);
      if (!block.includes('--report-dir out')) return;
      // Recipe 1 is `rollcall run` from the package: every report, and the repository's own case count.
      const repo = await repoPlan();
      expect(repo.code, repo.stdout.slice(-2000) + repo.stderr).toBe(0);
      expect(caseCount(result.output)).toBeGreaterThan(100);
      expect(caseCount(result.output)).toBe(caseCount(repo.stdout));
      expect(result.output).not.toMatch(/could not be loaded/);
      for (const f of ['rollcall-report.json', 'rollcall-junit.xml', 'rollcall-summary.md', 'rollcall-report.html', 'rollcall-coverage.json']) expect(fs.existsSync(path.join(result.cwd, 'out', f)), f).toBe(true);
    }, 600_000);
  });

  it('`rollcall validate` checks a body from a file and from stdin', async () => {
    const body = path.join(project, 'page.json');
    fs.writeFileSync(body, JSON.stringify({ participants: [], meta: { page: 0, page_size: 50, first_page_url: 'https://video.twilio.com/v1/Rooms/RM00000000000000000000000000000000/Participants?PageSize=50&Page=0', previous_page_url: null, next_page_url: null, url: 'https://video.twilio.com/v1/Rooms/RM00000000000000000000000000000000/Participants?PageSize=50&Page=0', key: 'participants' } }));
    const good = await rollcall(['validate', '--operation', 'twilio-video.listRoomParticipants', '--format', 'json', body]);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect((JSON.parse(good.stdout) as { violations: unknown[] }).violations).toEqual([]);
    fs.writeFileSync(body, JSON.stringify({ participants: [{ sid: 'PA1' }], meta: {} }));
    // The bad body from stdin (the same reading of a file and of stdin, exit 0 and 1 from either: test/cli.test.ts).
    const piped = await sh('bash', ['-c', 'cat page.json | node_modules/.bin/rollcall validate --operation twilio-video.listRoomParticipants --format json -'], project);
    expect(piped.code, piped.stdout + piped.stderr).toBe(1);
    expect((JSON.parse(piped.stdout) as { violations: Array<{ rule: string }> }).violations.length).toBeGreaterThan(0);
    // An unknown operation (exit 2) is the CLI's own, shown in test/cli.test.ts.
  }, 600_000);

  it('`rollcall lint` and `rollcall diff` read the specs shipped in the package', async () => {
    const lint = await rollcall(['lint']);
    expect(lint.code, lint.stdout + lint.stderr).toBe(0);
    const spec = path.join(project, 'node_modules', 'rollcall', 'specs', 'twilio-video.v1.yaml');
    const diff = await rollcall(['diff', spec, spec]);
    expect(diff.code, diff.stdout + diff.stderr).toBe(0);
  }, 600_000);

  it('the library import works from plain Node ESM', async () => {
    const script = `import { loadCatalog, startMock } from 'rollcall';
const catalog = await loadCatalog();
const v = catalog.validate('telnyx.listRoomSessionParticipants', { data: 'x' });
console.log(JSON.stringify({ ops: catalog.operations.length, flagged: v.length > 0, mock: typeof startMock }));`;
    fs.writeFileSync(path.join(project, 'lib.mjs'), script);
    const r = await sh(process.execPath, ['lib.mjs'], project);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ ops: 5, flagged: true, mock: 'function' });
  }, 600_000);

  describe('against `rollcall mock` started from the package, as a live sandbox', () => {
    let mock: ChildProcess;
    let base: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      mock = spawn(path.join(project, 'node_modules', '.bin', 'rollcall'), ['mock', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
      base = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`rollcall mock printed no URL: ${out}`)), 60_000);
        mock.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        });
        mock.on('exit', (code) => reject(new Error(`rollcall mock exited ${code}: ${out}`)));
      });
      const f = (await (await fetch(`${base}/__mock/fixtures`)).json()) as {
        twilio: { accountSid: string; authToken: string; rooms: Array<{ sid: string; participants: { connected: number } }>; conferences: Array<{ sid: string }> };
        telnyx: { apiKey: string; roomSessions: Array<{ id: string }> };
      };
      env = {
        TWILIO_ACCOUNT_SID: f.twilio.accountSid,
        TWILIO_AUTH_TOKEN: f.twilio.authToken,
        TELNYX_API_KEY: f.telnyx.apiKey,
        ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => r.participants.connected > 0)!.sid,
        ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences[0]!.sid,
        ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions[1]!.id,
        ROLLCALL_TWILIO_VIDEO_BASE_URL: base,
        ROLLCALL_TWILIO_INSIGHTS_BASE_URL: base,
        ROLLCALL_TELNYX_BASE_URL: `${base}/v2`,
      };
    }, 600_000);

    afterAll(() => {
      mock?.kill();
    });

    it('serves its fixtures and answers a list with credentials', async () => {
      const res = await fetch(`${env.ROLLCALL_TWILIO_VIDEO_BASE_URL}/v1/Rooms/${env.ROLLCALL_TWILIO_ROOM_SID}/Participants`, {
        headers: { Authorization: `Basic ${Buffer.from(`${env.TWILIO_ACCOUNT_SID}:${env.TWILIO_AUTH_TOKEN}`).toString('base64')}` },
      });
      expect(res.status).toBe(200);
    });

    /** GitHub's workflow, as far as the action uses it: action.yml's steps in order, `inputs` substituted, in the project. */
    const action = YAML.parse(fs.readFileSync(path.join(ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
      runs: { using: string; steps: Array<{ id?: string; shell: string; run: string; env?: Record<string, string>; 'working-directory'?: string }> };
    };
    let summaries = 0;
    const runAction = async (inputs: Record<string, string>, secrets: Record<string, string>) => {
      const values: Record<string, string> = {};
      for (const [name, spec] of Object.entries(action.inputs)) values[name] = inputs[name] ?? spec.default ?? '';
      const n = ++summaries;
      const summary = path.join(project, `summary-${n}.md`);
      fs.writeFileSync(summary, '');
      const outputs: Record<string, Record<string, string>> = {};
      let last: Result = { code: 0, stdout: '', stderr: '' };
      for (const step of action.runs.steps) {
        // GitHub's expressions: inputs, the action's own path, earlier steps' outputs.
        const expand = (text: string): string =>
          text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => {
            if (expr === 'github.action_path') return ROOT;
            const input = /^inputs\.([\w-]+)$/.exec(expr);
            if (input) return values[input[1]!] ?? '';
            const out = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr);
            if (out) return outputs[out[1]!]?.[out[2]!] ?? '';
            throw new Error(`action.yml uses an expression this test does not know: ${expr}`);
          });
        const outFile = path.join(project, `gh-output-${n}-${step.id ?? 'step'}`);
        fs.writeFileSync(outFile, '');
        const stepEnv: Record<string, string> = { ...secrets, GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outFile, GITHUB_STEP_SUMMARY: summary };
        for (const [k, v] of Object.entries(step.env ?? {})) stepEnv[k] = expand(v);
        expect(step.shell).toBe('bash');
        last = await sh('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], path.resolve(project, expand(step['working-directory'] ?? '.')), stepEnv, 600_000);
        outputs[step.id ?? ''] = Object.fromEntries(fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
        if (last.code !== 0) break;
      }
      return { last, outputs, summary: fs.readFileSync(summary, 'utf8') };
    };
    /**
     * The action's runs and the ones that replay, shard and merge its recording are narrowed to the first page
     * of the conference the live settings name (1 of its 23 cases; it sees the faulty mock's enum drift): what
     * they prove is the action's and the package's wiring, not the cases. The whole live run is README recipe 2
     * above; replay, shards and merge of whole runs: test/run/targets.test.ts and test/run/shard.test.ts.
     */
    const FEW = '--grep first.page';
    /**
     * The action's clean live run of twilio-insights, which also records the exchanges (`args: --record rec`):
     * the gate of the action's test and the recording the replay, drift and shards test reads; one run for both.
     */
    let gate: ReturnType<typeof runAction> | undefined;
    const gated = () => (gate ??= runAction({ api: 'twilio-insights', 'report-dir': 'gate', args: `--record rec ${FEW}` }, env));

    it('a live run recorded (through the action), replayed offline, drifted, sharded and merged', async () => {
      const live = (await gated()).last;
      expect(live.code, live.stdout.slice(-1500) + live.stderr).toBe(0);
      expect(fs.existsSync(path.join(project, 'rec'))).toBe(true);
      expect(counts(live.stdout)).toMatch(/ [1-9]\d* passed, 0 failed/);
      const replay = await rollcall(['run', '--target', 'replay', '--from', 'rec', '--api', 'twilio-insights', ...FEW.split(' ')]);
      expect(replay.code, replay.stdout.slice(-1500) + replay.stderr).toBe(0);
      expect(counts(replay.stdout)).toBe(counts(live.stdout));
      const drift = await rollcall(['drift', '--from', 'rec', '--format', 'json', '--out', 'drift.json']);
      expect([0, 1], drift.stdout + drift.stderr).toContain(drift.code);
      expect(fs.existsSync(path.join(project, 'drift.json'))).toBe(true);
      const shards = await Promise.all(['1/2', '2/2'].map((k) => rollcall(['run', '--target', 'live', '--api', 'twilio-insights', ...FEW.split(' '), '--shard', k, '--report-dir', 'sharded'], env)));
      for (const s of shards) expect(s.code, s.stdout.slice(-1500) + s.stderr).toBe(0);
      const merged = await rollcall(['report', '--merge', 'sharded']);
      expect(merged.code, merged.stdout.slice(-1500) + merged.stderr).toBe(0);
      expect(counts(merged.stdout)).toBe(counts(live.stdout));
    }, 600_000);

    it('the GitHub Action\'s steps, run as a workflow would run them, gate the run, write JUnit, the step summary and annotations, and write and honour a baseline', async () => {
      expect(action.runs.using).toBe('composite');
      // The installed package is the one the action uses (no build of the action's checkout).
      const clean = await gated();
      expect(clean.last.code, clean.last.stdout.slice(-1500) + clean.last.stderr).toBe(0);
      expect(clean.outputs.setup?.bin).toBe(path.join(project, 'node_modules', '.bin', 'rollcall'));
      expect(clean.outputs.run).toEqual({ 'exit-code': '0', 'report-dir': path.join(project, 'gate') });
      expect(fs.readFileSync(path.join(project, 'gate', 'rollcall-junit.xml'), 'utf8')).toMatch(/<testsuites[\s\S]*<testcase /);
      expect(clean.summary).toMatch(/rollcall/i);

      // A contract violation fails the step, with annotations; the env holds the secrets, which appear nowhere.
      // The same run writes a baseline (`args`), which a second run honours (the `baseline` input).
      const faulty = spawn(path.join(project, 'node_modules', '.bin', 'rollcall'), ['mock', '--port', '0', '--faults', 'enum-drift'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
      try {
        const faultyBase = await new Promise<string>((resolve) => {
          let out = '';
          faulty.stdout!.on('data', (d: Buffer) => {
            out += d.toString();
            const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
            if (m) resolve(m[0]);
          });
        });
        const faultyEnv = { ...env, ROLLCALL_TWILIO_INSIGHTS_BASE_URL: faultyBase };
        const red = await runAction({ api: 'twilio-insights', 'report-dir': 'red', strict: 'true', args: `--write-baseline baseline.json ${FEW}` }, faultyEnv);
        expect(red.last.code, red.last.stdout.slice(-1500) + red.last.stderr).toBe(1);
        expect(red.outputs.run?.['exit-code']).toBe('1');
        expect(red.last.stdout).toMatch(/^::(error|warning) /m);
        for (const text of [red.last.stdout, red.last.stderr, red.summary]) expect(text).not.toContain(env.TWILIO_AUTH_TOKEN);
        // A source names the schema where this project has it.
        expect(red.last.stdout).toMatch(/source: node_modules\/rollcall\/schemas\/twilio-insights\.schema\.json#/);
        const known = await runAction({ api: 'twilio-insights', 'report-dir': 'known', strict: 'true', baseline: 'baseline.json', args: FEW }, faultyEnv);
        expect(known.last.code, known.last.stdout.slice(-1500) + known.last.stderr).toBe(0);
        // An input that is not a boolean is refused before the run.
        const badInput = await runAction({ api: 'twilio-insights', strict: 'maybe' }, env);
        expect(badInput.last.code).toBe(2);
      } finally {
        faulty.kill();
      }
    }, 600_000);
  });
});

describe('installed from a git URL (npm runs `prepare`, approved in the project\'s allowScripts)', () => {
  const pkg = () => path.join(gitProject, 'node_modules', 'rollcall');

  it('is built by prepare on install, without source maps, and npm asks for no script review', async () => {
    const git = await gitReady;
    expect(git.code, git.stderr.slice(-3000)).toBe(0);
    // npm 11 lists the scripts allowScripts does not cover ("npm warn install-scripts   NAME@VERSION (prepare: ...)");
    // rollcall's is covered (its dependencies' own, e.g. esbuild's postinstall, may be listed: they are not needed).
    expect(git.stderr).not.toMatch(/install-scripts +rollcall@/);
    expect(fs.existsSync(path.join(pkg(), 'dist', 'src', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(pkg(), 'src'))).toBe(false);
    const files = fs.readdirSync(pkg(), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  }, 1_600_000);

  it('the CLI and the library work', async () => {
    expect((await gitReady).code).toBe(0);
    const body = path.join(gitProject, 'page.json');
    fs.writeFileSync(body, JSON.stringify({ participants: [{ sid: 'PA1' }], meta: {} }));
    const bad = await sh(path.join(gitProject, 'node_modules', '.bin', 'rollcall'), ['validate', '--operation', 'twilio-video.listRoomParticipants', '--format', 'json', body], gitProject, {}, 60_000);
    expect(bad.code, bad.stderr).toBe(1);
    expect((JSON.parse(bad.stdout) as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
    fs.writeFileSync(path.join(gitProject, 'lib.mjs'), "import { loadCatalog } from 'rollcall';\nconsole.log((await loadCatalog()).operations.length);\n");
    const lib = await sh(process.execPath, ['lib.mjs'], gitProject, {}, 60_000);
    expect(lib.code, lib.stderr).toBe(0);
    expect(Number(lib.stdout.trim())).toBeGreaterThan(0);
  }, 1_600_000);
});
