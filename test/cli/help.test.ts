/**
 * The command line people already know: `--help` / `-h` / `rollcall help CMD` for every command,
 * listing every option of the command table with its default and an example, answered before the
 * command's module loads; "did you mean" for typos; numbers with a sign reach the command's check.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, COMMAND_NAMES, type CommandSpec } from '../../src/cli/commands.js';
import { closest, shortHelp } from '../../src/cli/help.js';
import { parseCommandLine, UsageError } from '../../src/cli/io.js';
import { DEFAULT_SEED } from '../../src/mock/dataset.js';
import { DEFAULT_MAX_SAMPLES } from '../../src/findings/index.js';
import { ROOT } from '../run/support.js';
// What the help says and the usage errors: the CLI's `main` in this process (test/support/in-process-cli.ts), without a
// Node start each; the process itself (bin/rollcall.js, what it loads, its CPU time) is under test in `timed` below,
// and an unknown command's exit 2 through bin/ in test/cli.test.ts.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

/** Prints the process's own CPU time (user + system) on stderr as it exits: what the help costs, whatever the machine's load. */
const CPU_PROBE = "data:text/javascript,process.on('exit',()=>{const u=process.resourceUsage();process.stderr.write('\\ncpu-ms '+Math.round((u.userCPUTime+u.systemCPUTime)/1000)+'\\n')})";

/** The CLI (or with no args, a bare Node) as a process: its answer, its wall clock and its own CPU time. */
function timed(args: string[]): Promise<{ code: number; stdout: string; stderr: string; ms: number; cpuMs: number }> {
  const t0 = Date.now();
  const argv = ['--import', CPU_PROBE, ...(args.length > 0 ? [path.join(ROOT, 'bin/rollcall.js'), ...args] : ['-e', ''])];
  return new Promise((resolve) => {
    execFile(process.execPath, argv, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp' } }, (error, stdout, stderr) => {
      const cpu = /\n?cpu-ms (\d+)\n$/.exec(stderr);
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr: cpu ? stderr.slice(0, cpu.index) : stderr, ms: Date.now() - t0, cpuMs: cpu ? Number(cpu[1]) : Infinity });
    });
  });
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

/** Every way to ask a command for help (for the mock, whose -h is --host, a lone -h). */
function helpForms(name: string): string[][] {
  return [[name, '--help'], [name, '-h'], ['help', name]];
}

describe('every command answers --help', () => {
  it.each(COMMAND_NAMES.map((n) => [n]))('rollcall %s --help: exit 0, every option with its default, an example', async (name) => {
    const spec: CommandSpec = COMMANDS[name];
    for (const args of helpForms(name)) {
      const r = await rollcall(args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`Usage: rollcall ${name} ${spec.synopsis}\n`), r.stdout.slice(0, 200)).toBe(true);
      const text = flat(r.stdout);
      // The expected list comes from the table the parser reads: an option cannot be accepted without being listed here.
      for (const option of spec.options) {
        expect(option.description.length, `${name} --${option.name} has no description`).toBeGreaterThan(10);
        expect(option.default.length, `${name} --${option.name} has no default`).toBeGreaterThan(0);
        expect(text).toContain(`--${option.name}${option.value ? ` <${option.value}>` : ''}`);
        expect(text).toContain(flat(`${option.description} (default: ${option.default})`));
      }
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const example of spec.examples) expect(r.stdout).toContain(`$ ${example}`);
      expect(r.stdout).toContain('Exit status: ');
    }
  });

  it('answers from bin/rollcall.js at little more than the cost of starting Node: no heavy module is loaded for help', async () => {
    // CPU time, not the wall clock: a shared machine (load 20 on 2 cores) took 2 s to start a bare Node, while
    // the CPU a process spends is its own. Help costs about 50-100 ms over a bare Node; a command's modules (the
    // catalog, vitest) cost a second or more (rollcall validate ... -: about 1,100 ms against 170 ms).
    // Side by side: each process's CPU time is its own, however many run at once.
    const [{ cpuMs: bare }, ...runs] = await Promise.all([timed([]), ...COMMAND_NAMES.map((name) => timed([name, '--help']))]);
    expect(bare).toBeLessThan(Infinity);
    for (const [i, name] of COMMAND_NAMES.entries()) {
      // Through the real binary: exit 0, the usage line on stdout, nothing on stderr.
      const r = runs[i]!;
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`Usage: rollcall ${name} `)).toBe(true);
      expect(r.cpuMs, `rollcall ${name} --help took ${r.cpuMs} ms of CPU (${r.ms} ms wall); a bare Node ${bare} ms`).toBeLessThan(bare + 400);
    }
  }, 60_000);

  it('rollcall start --help prints help and runs nothing (no lint, no examples, no run)', async () => {
    const r = await rollcall(['start', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: rollcall start /);
    expect(r.stdout).not.toMatch(/^lint: |^examples: |^ok {2}/m);
  });

  it('help lists every command, and the run line no longer hides options behind the global text', async () => {
    const r = await rollcall(['help']);
    expect(r.code).toBe(0);
    for (const name of COMMAND_NAMES) expect(r.stdout).toMatch(new RegExp(`^ {2}${name} {2,}\\S`, 'm'));
    expect(r.stdout).toContain('rollcall help COMMAND');
  });

  it('every option the parser accepts is in the table, and no command parses on its own any more', () => {
    const cli = path.join(ROOT, 'src/cli');
    for (const file of fs.readdirSync(cli).filter((f) => f.endsWith('.ts'))) {
      const source = fs.readFileSync(path.join(cli, file), 'utf8');
      expect(source, file).not.toMatch(/from 'node:util'/);
    }
  });

  it('the defaults the help states are the code\'s', () => {
    const defaultOf = (command: keyof typeof COMMANDS, option: string) => (COMMANDS[command].options as CommandSpec['options']).find((o) => o.name === option)?.default;
    expect(defaultOf('mock', 'seed')).toBe(String(DEFAULT_SEED));
    expect(defaultOf('run', 'max-samples')).toBe(String(DEFAULT_MAX_SAMPLES));
    expect(defaultOf('report', 'max-samples')).toBe(String(DEFAULT_MAX_SAMPLES));
    expect(defaultOf('validate', 'max-samples')).toBe(String(DEFAULT_MAX_SAMPLES));
  });
});

describe('did you mean', () => {
  it.each([
    ['rn', 'run'],
    ['valdate', 'validate'],
    ['drfit', 'drift'],
    ['mokc', 'mock'],
    ['--stirct', '--strict'],
    ['--max-sam', '--max-samples'],
    ['--reportdir', '--report-dir'],
    ['frobnicate', undefined],
    ['x', undefined],
    ['--bogus', undefined],
  ])('%s -> %s', (typed, expected) => {
    const candidates = typed.startsWith('--') ? [...COMMANDS.run.options.map((o) => `--${o.name}`), '--help'] : COMMAND_NAMES;
    expect(closest(typed, candidates)).toBe(expected);
  });

  it.each([
    [['rn'], /^rollcall: unknown command "rn"; did you mean run\? commands: /],
    [['help', 'rn'], /^rollcall: unknown command "rn"; did you mean run\?/],
    [['run', '--stirct'], /^rollcall run: Unknown option '--stirct'; did you mean --strict\?\nusage: rollcall run /],
    [['validate', '--operaton', 'x', '-'], /^rollcall validate: Unknown option '--operaton'; did you mean --operation\?/],
    [['mock', '--prot', '4010'], /^rollcall mock: Unknown option '--prot'; did you mean --port\?/],
    [['drift', '--frm', 'x'], /^rollcall drift: Unknown option '--frm'; did you mean --from\?/],
    [['report', '--marge', 'x'], /^rollcall report: Unknown option '--marge'; did you mean --merge\?/],
    [['init', '--froce'], /^rollcall init: Unknown option '--froce'; did you mean --force\?/],
  ])('rollcall %j: exit 2 with the suggestion', async (args, message) => {
    const r = await rollcall(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
  });
});

describe('numbers and signs', () => {
  it.each([
    // A seed is a whole number, 0 or more: -1 is refused as such, never as an "ambiguous argument".
    [['run', '--seed', '-1'], /^rollcall run: --seed must be a whole number, 0 or more, not "-1"$/m],
    [['run', '--max-samples', '-3'], /^rollcall run: --max-samples must be a whole number, 0 or more, not "-3"$/m],
    [['run', '--explore=-2'], /^rollcall run: --explore must be a whole number, 0 or more, not "-2"$/m],
    [['mock', '--seed', '-1'], /^rollcall mock: --seed must be an integer from 0 to 4294967295, not "-1"$/m],
    [['validate', '--operation', 'x', '--max-samples', '-3', '-'], /^rollcall validate: /],
    // An option where a value belongs is a missing value, not the value.
    [['run', '--report-dir', '--strict'], /^rollcall run: --report-dir needs a value: DIR$/m],
    [['run', '--target'], /^rollcall run: --target needs a value: mock, live or replay$/m],
    [['run', '--strict=yes'], /^rollcall run: --strict takes no value, not "yes"$/m],
    [['run', 'extra'], /^rollcall run: Unexpected argument 'extra'/],
  ])('rollcall %j: exit 2, one clear line', async (args, message) => {
    const r = await rollcall(args);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/ambiguous/);
  });

  it('parses values by name, repeats in order, initial values, positionals after --', () => {
    const run = parseCommandLine('run', ['--api', 'telnyx', '--api=twilio-video', '--seed', '-1', '--strict']);
    expect(run.values).toMatchObject({ api: ['telnyx', 'twilio-video'], seed: '-1', strict: true, target: undefined, verbose: undefined });
    const validate = parseCommandLine('validate', ['-o', 'op', '--', '-']);
    expect(validate.values).toMatchObject({ operation: 'op', format: 'text', strict: false });
    expect(validate.positionals).toEqual(['-']);
    const mock = parseCommandLine('mock', ['-h', '0.0.0.0', '-p', '0']);
    expect(mock.values).toMatchObject({ host: '0.0.0.0', port: '0', 'env-only': false });
    expect(() => parseCommandLine('run', ['--nope'])).toThrow(UsageError);
    // Only the mock gives -h another meaning (--host, as before): there a lone -h is the call for help.
    expect(COMMAND_NAMES.filter((n) => !shortHelp(COMMANDS[n]))).toEqual(['mock']);
  });
});
