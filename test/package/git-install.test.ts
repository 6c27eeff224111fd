/**
 * The git-URL install route (`npm i -D github:<owner>/rollcall`), on loopback only: npm clones this repository's
 * HEAD through a file:// URL, installs its dependencies, runs `prepare` (the build, tsconfig.build.json) and packs
 * the result into a new project. Only what differs from the tarball route is checked (the build happened, no
 * dangling source map, the CLI and the library answer); test/package/install.test.ts covers the rest.
 * --offline: every package comes from the npm cache, never the network (the cache the repository's own install filled).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

interface Result { code: number; stdout: string; stderr: string }

function sh(cmd: string, args: string[], cwd: string, timeout = 600_000): Promise<Result> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.homedir(), NODE_OPTIONS: '' };
  for (const [k, v] of Object.entries(process.env)) if (/^npm_config_(cache|registry|userconfig)$/i.test(k) && v) env[k] = v;
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, timeout, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

let work: string;
let project: string;
let installed: Result;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-git-'));
  project = path.join(work, 'stranger');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'stranger', version: '1.0.0', private: true, type: 'module' }, null, 2));
  installed = await sh(NPM, ['install', '--save-dev', '--offline', '--no-audit', '--no-fund', '--loglevel', 'error', `git+file://${ROOT}#HEAD`], project);
}, 900_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('installed from a git URL', () => {
  const pkg = () => path.join(project, 'node_modules', 'rollcall');

  it('is built by prepare on install, without source maps', () => {
    expect(installed.code, installed.stderr.slice(-3000)).toBe(0);
    expect(fs.existsSync(path.join(pkg(), 'dist', 'src', 'index.js'))).toBe(true);
    expect(fs.existsSync(path.join(pkg(), 'src'))).toBe(false);
    const files = fs.readdirSync(pkg(), { recursive: true, encoding: 'utf8' });
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  });

  it('the CLI and the library work', async () => {
    const body = path.join(project, 'page.json');
    fs.writeFileSync(body, JSON.stringify({ participants: [{ sid: 'PA1' }], meta: {} }));
    const bad = await sh(path.join(project, 'node_modules', '.bin', 'rollcall'), ['validate', '--operation', 'twilio-video.listRoomParticipants', '--format', 'json', body], project, 60_000);
    expect(bad.code, bad.stderr).toBe(1);
    expect((JSON.parse(bad.stdout) as { violations: unknown[] }).violations.length).toBeGreaterThan(0);
    fs.writeFileSync(path.join(project, 'lib.mjs'), "import { loadCatalog } from 'rollcall';\nconsole.log((await loadCatalog()).operations.length);\n");
    const lib = await sh(process.execPath, ['lib.mjs'], project, 60_000);
    expect(lib.code, lib.stderr).toBe(0);
    expect(Number(lib.stdout.trim())).toBeGreaterThan(0);
  }, 120_000);
});
