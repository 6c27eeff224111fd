/**
 * The README's runnable recipes (its ```sh runnable``` blocks), run as written by test/package/install.test.ts
 * in a project that installed the package (the real `npx`, which finds the project's node_modules/.bin);
 * test/docs.test.ts checks that the README marks three.
 * Each block runs with `sh -e` in a new directory of its own, with a clean environment (no credentials of the
 * machine), and `open` and `xdg-open` shimmed to check that the file exists. The one substitution: the
 * recipes' fixed port 4010 becomes a port free right now (loopback), so that a test cannot collide with
 * another process. A job a block leaves in the background (`rollcall mock ... &`) is stopped with its
 * process group when the block ends.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** The README's code blocks marked runnable, in order. */
export function runnableBlocks(markdown: string = README): string[] {
  return [...markdown.matchAll(/^```sh runnable\n([\s\S]*?)^```$/gm)].map((m) => m[1] as string);
}

/** A port free right now on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** `open` and `xdg-open` (recipe 1 opens the HTML report): the file must exist. */
const OPENERS: Record<string, string> = {
  open: '#!/bin/sh\ntest -f "$1" || { echo "open: no such file: $1" >&2; exit 1; }\n',
  'xdg-open': '#!/bin/sh\ntest -f "$1" || { echo "xdg-open: no such file: $1" >&2; exit 1; }\n',
};

export interface BlockResult {
  code: number | null;
  output: string;
  cwd: string;
}

/** Runs README blocks in new directories under `work`, with `shims` (and the openers) first on PATH. */
export class RecipeRunner {
  private readonly bin: string;
  /** Process groups of the blocks (each block's shell leads one): whatever is left of them is stopped. */
  private readonly groups = new Set<number>();

  constructor(
    private readonly work: string,
    shims: Record<string, string> = {},
    private readonly env: Record<string, string> = {},
  ) {
    this.bin = fs.mkdtempSync(path.join(work, 'bin-'));
    for (const [name, text] of Object.entries({ ...OPENERS, ...shims })) fs.writeFileSync(path.join(this.bin, name), text, { mode: 0o755 });
  }

  private stopGroup(pgid: number): void {
    try {
      process.kill(-pgid, 'SIGTERM');
    } catch {
      // Already gone.
    }
    this.groups.delete(pgid);
  }

  /** Stops whatever any block left running. */
  stopAll(): void {
    for (const pgid of [...this.groups]) this.stopGroup(pgid);
  }

  /** Runs one block (4010 replaced by a free port) with `sh -e` in `work/block-INDEX`; when the shell exits, stops what it left in the background. */
  async run(index: number, block: string, timeoutMs: number): Promise<BlockResult> {
    const script = block.replaceAll('4010', String(await freePort()));
    const cwd = path.join(this.work, `block-${index}`);
    fs.mkdirSync(cwd);
    const env = { PATH: `${this.bin}${path.delimiter}${process.env.PATH ?? ''}`, HOME: cwd, TMPDIR: os.tmpdir(), NO_COLOR: '1', ...this.env };
    const child = spawn('sh', ['-e', '-c', script], { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    if (child.pid !== undefined) this.groups.add(child.pid);
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        output += `\n[recipe test: block ${index} stopped after ${timeoutMs} ms]`;
        if (child.pid !== undefined) this.stopGroup(child.pid);
      }, timeoutMs);
      // 'exit', not 'close': a background job keeps the pipes open until its group is stopped.
      child.on('exit', (code) => {
        clearTimeout(timer);
        if (child.pid !== undefined) this.stopGroup(child.pid);
        resolve({ code, output, cwd });
      });
    });
  }
}

/** What each recipe must have done: exit 0, and the report, the live run's preflight or init's files. */
export function expectRecipeDone(block: string, result: BlockResult): void {
  expect(result.code, result.output.slice(-4000)).toBe(0);
  if (block.includes('--report-dir out')) expect(fs.existsSync(path.join(result.cwd, 'out', 'rollcall-report.html'))).toBe(true);
  if (block.includes('--target live')) expect(result.output).toMatch(/preflight: \d+ requests/);
  if (block.includes('rollcall init')) {
    for (const f of ['rollcall.config.json', 'rollcall.baseline.json', '.github/workflows/rollcall.yml']) expect(fs.existsSync(path.join(result.cwd, f)), f).toBe(true);
  }
}

/** The README marks its three recipes runnable: a mock run with its report, a live run against `rollcall mock`, init. */
export function expectThreeRecipes(blocks: string[]): void {
  expect(blocks).toHaveLength(3);
  expect(blocks[0]).toContain('npx rollcall run --report-dir out');
  expect(blocks[1]).toContain('npx rollcall mock --port 4010 --env-only');
  expect(blocks[2]).toContain('npx rollcall init');
}
