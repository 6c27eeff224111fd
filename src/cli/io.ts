import { CommanderError } from 'commander';
import { COMMANDS, type CommandName, type CommandSpec, type OptionSpec, type OptionValues } from './commands.js';
import { closest, commandOf, shortHelp, usageLine } from './help.js';
import { fitText } from './format.js';

/** Where a command writes; tests pass their own to capture output. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads all of stdin (for `-`). */
  readStdin: () => Promise<string>;
  /** Fits a command's text output to the console (src/cli/format.ts fitText); without it, lines stay whole. */
  fit?: (text: string) => string;
}

export const processIo: Io = {
  fit: (text) => fitText(text),
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

/** A usage or configuration error: exit 2 with this message. */
export class UsageError extends Error {}

/** What went wrong on the command line, for a command that words it its own way (lint). */
export type CommandLineProblem =
  | { kind: 'unknown-option'; option: string; suggestion?: string }
  | { kind: 'missing-value'; option: OptionSpec }
  | { kind: 'unexpected-argument'; argument: string };

/** A command line commander (or our checks of it) refused; the message says what and, when it can, what was meant. */
export class CommandLineError extends UsageError {
  constructor(message: string, readonly problem: CommandLineProblem) {
    super(message);
  }
}

/** `--help` (or `-h`) was given: the caller prints helpText(command) and exits 0. */
export class HelpRequested extends Error {
  constructor(readonly command: CommandName) {
    super(`rollcall ${command} --help`);
  }
}

/** `a|b|c` as words: `a, b or c`. */
function alternatives(placeholder: string): string {
  const parts = placeholder.split('|');
  return parts.length < 2 ? placeholder : `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function commandLineError(name: CommandName, problem: CommandLineProblem): CommandLineError {
  const usage = usageLine(name);
  if (problem.kind === 'unknown-option') {
    return new CommandLineError(`Unknown option '${problem.option}'${problem.suggestion ? `; did you mean ${problem.suggestion}?` : ''}\n${usage}`, problem);
  }
  if (problem.kind === 'missing-value') {
    return new CommandLineError(`--${problem.option.name} needs a value: ${alternatives(problem.option.value ?? '')}\n${usage}`, problem);
  }
  return new CommandLineError(`Unexpected argument '${problem.argument}': rollcall ${name} takes no arguments, only options\n${usage}`, problem);
}

/**
 * Parses one command's arguments with commander, from its definition in commands.ts: the values by
 * long name (`values['report-dir']`), absent options undefined unless the definition gives them an
 * initial value, repeated options collected, and the positionals. A value may start with a dash
 * (`--seed -1` hands "-1" to the command, which says whether it takes it), but not be one of the
 * command's own options (`--report-dir --strict` is a missing value). Throws HelpRequested for
 * `--help`, and a CommandLineError (a UsageError: exit 2) naming the closest option for a typo.
 */
export function parseCommandLine<N extends CommandName>(name: N, args: readonly string[]): { values: OptionValues<N>; positionals: string[] } {
  const spec: CommandSpec = COMMANDS[name];
  const longFlags = [...spec.options.map((o) => `--${o.name}`), '--help'];
  const shortFlags = spec.options.flatMap((o) => (o.short ? [`-${o.short}`] : []));
  const isOwnFlag = (arg: string): boolean => longFlags.includes(arg.split('=')[0] as string) || shortFlags.includes(arg) || (arg === '-h' && shortHelp(spec));
  // -h is --host for the mock; alone at the end (no host after it) it can only be a call for help.
  if (!shortHelp(spec) && args[args.length - 1] === '-h' && !args.slice(0, -1).includes('--')) throw new HelpRequested(name);
  const command = commandOf(spec, (option, value) => {
    if (isOwnFlag(value)) throw commandLineError(name, { kind: 'missing-value', option });
  });
  try {
    command.parse([...args], { from: 'user' });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') throw new HelpRequested(name);
    if (err.code === 'commander.unknownOption') {
      const typed = /'([^']*)'/.exec(err.message)?.[1] ?? err.message;
      const [flag = typed, value] = typed.split(/=(.*)/s);
      const known = spec.options.find((o) => `--${o.name}` === flag);
      if (known && !known.value && value !== undefined) throw new UsageError(`--${known.name} takes no value, not "${value}"\n${usageLine(name)}`);
      const suggestion = flag.startsWith('--') ? closest(flag, longFlags) : undefined;
      throw commandLineError(name, { kind: 'unknown-option', option: typed, ...(suggestion ? { suggestion } : {}) });
    }
    if (err.code === 'commander.optionMissingArgument') {
      const option = spec.options.find((o) => err.message.includes(`--${o.name} <`));
      if (option) throw commandLineError(name, { kind: 'missing-value', option });
    }
    throw new UsageError(`${err.message.replace(/^error: /, '')}\n${usageLine(name)}`);
  }
  const opts = command.opts();
  const values: Record<string, unknown> = {};
  for (const option of spec.options) {
    const attribute = command.options.find((o) => o.long === `--${option.name}`)?.attributeName() ?? option.name;
    values[option.name] = opts[attribute] ?? option.initial;
  }
  const positionals = [...command.args];
  if (!spec.positionals && positionals.length > 0) throw commandLineError(name, { kind: 'unexpected-argument', argument: positionals[0] as string });
  // The table's types say what each option parses to; commander returns them untyped.
  return { values: values as OptionValues<N>, positionals };
}
