/**
 * The docs stay true (issue 21):
 *   - docs/rules.md is what `npm run gen:rules` (scripts/gen-rules-doc.mjs) gives from the registry now;
 *   - docs/commands.md documents every command and option of the command table (src/cli/commands.ts);
 *   - the README stays a front page (about 80 lines before its Reference list), keeps the lines CI
 *     and reviewers run, links only to docs that exist, and recommends no Node version past its end of life;
 *   - every README code block marked ```sh runnable``` runs as written and exits 0: each in its own
 *     temporary directory with `sh -e`, a clean environment (no credentials of the machine), and
 *     shims on PATH: `npx rollcall ...` and `rollcall ...` run this checkout's bin/rollcall.js (over
 *     dist/), `open` and `xdg-open` check that the file exists. The one substitution: the recipes'
 *     fixed port 4010 becomes a port free right now (loopback), so that the test cannot collide with
 *     another process. A job a block leaves in the background (`rollcall mock ... &`) is stopped with
 *     its process group when the block ends.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

interface RulesDocGenerator {
  generateRulesDoc(): Promise<string>;
  RULES_DOC: string;
}

describe('docs/rules.md', () => {
  it('is what npm run gen:rules gives from the rule registry (regenerate it after adding or changing a rule)', async () => {
    const gen = (await import(pathToFileURL(path.join(ROOT, 'scripts/gen-rules-doc.mjs')).href)) as RulesDocGenerator;
    const fresh = await gen.generateRulesDoc();
    const committed = fs.readFileSync(gen.RULES_DOC, 'utf8');
    expect(fresh.split('\n').length).toBeGreaterThan(60);
    expect(committed, 'docs/rules.md is stale: npx tsc -p tsconfig.json && npm run gen:rules').toBe(fresh);
  });
});

describe('docs/commands.md', () => {
  const doc = read('docs/commands.md');
  /** The section of a command: from its `## \`rollcall NAME` heading to the next `## `. */
  const section = (name: string): string => {
    const start = doc.search(new RegExp(`^## \`rollcall ${name}\\b`, 'm'));
    if (start < 0) return '';
    const next = doc.slice(start + 3).search(/^## /m);
    return next < 0 ? doc.slice(start) : doc.slice(start, start + 3 + next);
  };

  it.each(Object.values(COMMANDS).map((c) => [c.name, c] as const))('documents rollcall %s and every one of its options', (name, command) => {
    const text = section(name);
    expect(text, `docs/commands.md has no "## \`rollcall ${name}" section`).not.toBe('');
    const missing = command.options.filter((o) => !text.includes(`--${o.name}`)).map((o) => `--${o.name}`);
    expect(missing, `options of rollcall ${name} missing from its section of docs/commands.md`).toEqual([]);
  });
});

describe('README.md', () => {
  const lines = README.split('\n');

  it('is a front page: at most about 80 lines before its Reference list', () => {
    const reference = lines.findIndex((l) => /^## Reference\b/.test(l));
    expect(reference, 'README has a "## Reference" section').toBeGreaterThan(0);
    expect(reference).toBeLessThanOrEqual(85);
  });

  it('keeps the lines CI and reviewers run, and the verdict table', () => {
    expect(README).toContain('npm ci && npm test');
    expect(README).toMatch(/^npm start\b/m);
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 130 / 143 |']) expect(README).toContain(code);
  });

  it('links only to files that exist (and so does every page of docs/)', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const page of pages) {
      const targets = [...read(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/.test(t));
      if (page === 'README.md') expect(targets.length).toBeGreaterThan(5);
      for (const t of targets) expect(fs.existsSync(path.join(ROOT, path.dirname(page), t)), `${page} links to ${t}`).toBe(true);
    }
  });

  it('recommends no Node version past its end of life in its examples and docs', () => {
    for (const file of ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      expect(read(file), file).not.toMatch(/node-version:\s*['"]?(1\d|20)\b/);
    }
  });
});

/** The README's code blocks marked runnable, in order. */
function runnableBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/^```sh runnable\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

/** A port free right now on loopback. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

const SHIMS = {
  // `npx rollcall ARGS` (and `npx --no -- rollcall ARGS`): this checkout, never a download.
  npx: `#!/bin/sh
while [ "$1" = "--no" ] || [ "$1" = "--" ] || [ "$1" = "--yes" ]; do shift; done
if [ "$1" = rollcall ]; then shift; exec "${process.execPath}" "${path.join(ROOT, 'bin', 'rollcall.js')}" "$@"; fi
echo "docs test: npx $1 is not shimmed" >&2; exit 127
`,
  rollcall: `#!/bin/sh\nexec "${process.execPath}" "${path.join(ROOT, 'bin', 'rollcall.js')}" "$@"\n`,
  open: '#!/bin/sh\ntest -f "$1" || { echo "open: no such file: $1" >&2; exit 1; }\n',
  'xdg-open': '#!/bin/sh\ntest -f "$1" || { echo "xdg-open: no such file: $1" >&2; exit 1; }\n',
};

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-docs-'));
const bin = path.join(work, 'bin');
fs.mkdirSync(bin);
for (const [name, text] of Object.entries(SHIMS)) fs.writeFileSync(path.join(bin, name), text, { mode: 0o755 });

/** Process groups of the blocks (each block's shell leads one): whatever is left of them is stopped. */
const groups = new Set<number>();
const stopGroup = (pgid: number): void => {
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  groups.delete(pgid);
};

afterAll(() => {
  for (const pgid of [...groups]) stopGroup(pgid);
  fs.rmSync(work, { recursive: true, force: true });
});

interface BlockResult {
  code: number | null;
  output: string;
  cwd: string;
}

/** Runs one block with `sh -e` in a new directory; when the shell exits, stops what it left in the background. */
function runBlock(index: number, script: string, timeoutMs: number): Promise<BlockResult> {
  const cwd = path.join(work, `block-${index}`);
  fs.mkdirSync(cwd);
  const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: cwd, TMPDIR: os.tmpdir(), NO_COLOR: '1' };
  const child = spawn('sh', ['-e', '-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid !== undefined) groups.add(child.pid);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      output += `\n[docs test: block ${index} stopped after ${timeoutMs} ms]`;
      if (child.pid !== undefined) stopGroup(child.pid);
    }, timeoutMs);
    // 'exit', not 'close': a background job keeps the pipes open until its group is stopped.
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (child.pid !== undefined) stopGroup(child.pid);
      resolve({ code, output, cwd });
    });
  });
}

describe('the README recipes run as written', () => {
  const blocks = runnableBlocks(README);

  it('the README marks its three recipes runnable', () => {
    expect(blocks).toHaveLength(3);
    expect(blocks[0]).toContain('npx rollcall run --report-dir out');
    expect(blocks[1]).toContain('npx rollcall mock --port 4010 --env-only');
    expect(blocks[2]).toContain('npx rollcall init');
  });

  it.concurrent.each(blocks.map((b, i) => [i + 1, b] as const))('recipe %i exits 0', async (index, block) => {
    const port = await freePort();
    const result = await runBlock(index, block.replaceAll('4010', String(port)), 150_000);
    expect(result.code, result.output.slice(-4000)).toBe(0);
    if (block.includes('--report-dir out')) expect(fs.existsSync(path.join(result.cwd, 'out', 'rollcall-report.html'))).toBe(true);
    if (block.includes('--target live')) expect(result.output).toMatch(/preflight: \d+ requests/);
    if (block.includes('rollcall init')) {
      for (const f of ['rollcall.config.json', 'rollcall.baseline.json', '.github/workflows/rollcall.yml']) expect(fs.existsSync(path.join(result.cwd, f)), f).toBe(true);
    }
  }, 180_000);
});
