/**
 * The CLI run inside the test's own process: bin/rollcall.js's `main` (the compiled dist/src/cli/index.js
 * it imports), with stdout and stderr captured and the environment the child process of
 * test/run/support.ts rollcall() would get (PATH, HOME, a wide COLUMNS and `env`, nothing of the developer's own).
 * Saves a Node start and the CLI's module loading (about 1 s of CPU a run on this 2-core machine)
 * for the runs that end early (usage errors, a failed preflight) or are one of many in a file.
 * test/run/support.ts rollcall() still runs the real binary where the process itself is under test
 * (exit codes through bin/, signals, a run's end-to-end wiring).
 */
import path from 'node:path';
import type { CliResult } from '../run/support.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

type Main = (argv: string[], io: { stdout: (t: string) => void; stderr: (t: string) => void; readStdin: () => Promise<string> }) => Promise<number>;
let loaded: Promise<Main> | undefined;
/** One run at a time: the environment is the process's own while a run lasts. */
let queue: Promise<unknown> = Promise.resolve();

/** Sends process.stdout/stderr writes and console calls to `out` and `err` until the returned function is called. */
function capture(out: (t: string) => void, err: (t: string) => void): () => void {
  const writes = [process.stdout.write, process.stderr.write] as const;
  const text = (chunk: unknown) => (typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
  process.stdout.write = ((chunk: unknown) => (out(text(chunk)), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: unknown) => (err(text(chunk)), true)) as typeof process.stderr.write;
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (...args: unknown[]) => (m === 'log' || m === 'info' ? out : err)(`${args.map(String).join(' ')}\n`);
  return () => {
    [process.stdout.write, process.stderr.write] = writes;
    methods.forEach((m, i) => (console[m] = saved[i] as (typeof console)[typeof m]));
  };
}

/** `rollcall ARGS` in this process, as test/run/support.ts rollcall() runs it in a child (cwd is the repository); `input` is its stdin. */
export function rollcallInProcess(args: string[], env: Record<string, string> = {}, options: { input?: string } = {}): Promise<CliResult> {
  const run = queue.then(async (): Promise<CliResult> => {
    loaded ??= import(path.join(ROOT, 'dist/src/cli/index.js')).then((m: { main: Main }) => m.main);
    const main = await loaded;
    let stdout = '';
    let stderr = '';
    const saved = process.env;
    const savedCwd = process.cwd();
    process.env = { PATH: saved.PATH ?? '', HOME: saved.HOME ?? '/tmp', NODE_OPTIONS: '', COLUMNS: '10000', ...env };
    process.chdir(ROOT);
    // What the run writes past its Io (a library's own logging, a stray console call) is output too, as in a child.
    const restore = capture((t) => void (stdout += t), (t) => void (stderr += t));
    try {
      const code = await main(args, { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), readStdin: async () => options.input ?? '' });
      return { code, stdout, stderr };
    } catch (err) {
      // What bin/rollcall.js would die of: an uncaught error, exit 1 with its stack on stderr.
      return { code: 1, stdout, stderr: stderr + String((err as Error).stack ?? err) };
    } finally {
      restore();
      process.env = saved;
      process.chdir(savedCwd);
      // A run sets process.exitCode (vitest's and the CLI's own); the test process's is not the run's.
      process.exitCode = undefined;
    }
  });
  queue = run.catch(() => undefined);
  return run;
}
