/**
 * The command line as commander sees it (built from commands.ts), the help texts, and "did you
 * mean" suggestions. Light: commander and the command table only, so `--help` answers at once.
 */
import { Command, Option } from 'commander';
import { COMMANDS, COMMAND_NAMES, type CommandName, type CommandSpec, type OptionSpec } from './commands.js';

/** The option's flags as commander spells them: `-o, --operation <ID>`, `--strict`. */
export function flagsOf(option: OptionSpec): string {
  return `${option.short ? `-${option.short}, ` : ''}--${option.name}${option.value ? ` <${option.value}>` : ''}`;
}

/** Whether `-h` means help for this command (mock keeps -h for --host). */
export function shortHelp(spec: CommandSpec): boolean {
  return !spec.options.some((o) => o.short === 'h');
}

/**
 * A commander Command for one of our commands: parses only (no actions, no exits, no output of its
 * own). `onValue(option, value)` sees every option value before it is stored (to refuse an option
 * name given where a value belongs).
 */
export function commandOf(spec: CommandSpec, onValue: (option: OptionSpec, value: string) => void = () => undefined): Command {
  const command = new Command(`rollcall ${spec.name}`)
    .usage(spec.synopsis)
    .description(spec.description)
    .helpOption(shortHelp(spec) ? '-h, --help' : '--help', 'show this help')
    .allowExcessArguments(true)
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined, outputError: () => undefined });
  for (const option of spec.options) {
    const o = new Option(flagsOf(option), `${option.description} (default: ${option.default})`);
    if (option.value) {
      o.argParser((value: string, previous: unknown): string | string[] => {
        onValue(option, value);
        return option.multiple ? [...((previous as string[] | undefined) ?? []), value] : value;
      });
    }
    command.addOption(o);
  }
  return command;
}

/** `rollcall CMD --help`: usage, what it does, every option with its default, examples, exit status. */
export function helpText(name: CommandName): string {
  const spec: CommandSpec = COMMANDS[name];
  const width = Math.min(Math.max(process.stdout.columns ?? 100, 60), 120);
  const body = commandOf(spec).configureHelp({ helpWidth: width }).helpInformation();
  const examples = spec.examples.map((e) => `  $ ${e}`).join('\n');
  return `${body}\nExamples:\n${examples}\n\nExit status: ${spec.exit}.\n`;
}

/** `rollcall help`: the commands, one line each, and where to read more. */
export function globalHelp(): string {
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length)) + 2;
  const lines = COMMAND_NAMES.map((n) => {
    const spec: CommandSpec = COMMANDS[n];
    return `  ${n.padEnd(width)}${spec.summary}: rollcall ${n} ${spec.synopsis}`;
  });
  return [
    'rollcall: contract tests for the participant APIs of Twilio Video, Twilio Insights and Telnyx.',
    '',
    'usage: rollcall <command> [options]',
    '',
    'commands:',
    ...lines,
    '',
    'rollcall help COMMAND (or rollcall COMMAND --help) lists a command\'s options, their defaults and examples.',
    'exit codes: 0 no error violation, 1 violations, 2 usage or configuration error.',
  ].join('\n');
}

/** The usage line a usage error ends with. */
export function usageLine(name: CommandName): string {
  return `usage: rollcall ${name} ${COMMANDS[name].synopsis} (rollcall ${name} --help lists every option)`;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps): `rn` is 1 from `run`, `--stirct` 1 from `--strict`. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const above = d[i - 1] as number[];
      row[j] = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The candidate closest to what was typed, when it is close enough to be a typo: at most 2 edits and
 * less than half the length (so that `x` suggests nothing), or a unique prefix (`--max-sam`).
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  const prefixed = candidates.filter((c) => c.startsWith(typed) && typed.replace(/^-+/, '').length >= 2);
  if (prefixed.length === 1) return prefixed[0];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(typed, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const core = typed.replace(/^-+/, '').length;
  return best !== undefined && bestDistance <= 2 && bestDistance < Math.max(core, 2) / 2 + 0.5 ? best : undefined;
}
