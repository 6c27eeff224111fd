import { createRequire } from 'node:module';
import { COMMAND_NAMES, type CommandName } from './commands.js';
import { closest, globalHelp, helpText } from './help.js';
import { HelpRequested, parseCommandLine, processIo, UsageError, type Io } from './io.js';

type Command = (args: string[], io: Io) => Promise<number>;

function isCommand(name: string): name is CommandName {
  return (COMMAND_NAMES as string[]).includes(name);
}

function unknownCommand(name: string, io: Io): number {
  const suggestion = closest(name, COMMAND_NAMES);
  io.stderr(`rollcall: unknown command "${name}"; ${suggestion ? `did you mean ${suggestion}? ` : ''}commands: ${COMMAND_NAMES.join(', ')}\n`);
  return 2;
}

// Loaded on demand: `validate` should not pay for Spectral or fastify at start-up.
const COMMANDS: Record<Exclude<CommandName, 'help'>, Command> = {
  validate: async (args, io) => (await import('./validate.js')).runValidateCommand(args, io),
  lint: async (args, io) => (await import('./lint.js')).runLintCommand(args, io),
  mock: async (args) => (await import('./mock.js')).runMockCommand(args),
  start: async (args, io) => (await import('./start.js')).runStartCommand(args, io),
  run: async (args, io) => (await import('./run.js')).runRunCommand(args, io),
  drift: async (args, io) => (await import('./drift.js')).runDriftCommand(args, io),
  diff: async (args, io) => (await import('./diff.js')).runDiffCommand(args, io),
  report: async (args, io) => (await import('./report.js')).runReportCommand(args, io),
  init: async (args, io) => (await import('./init.js')).runInitCommand(args, io),
  proxy: async (args, io) => (await import('./proxy.js')).runProxyCommand(args, io),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(globalHelp() + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
    io.stdout(pkg.version + '\n');
    return 0;
  }
  if (!isCommand(name)) return unknownCommand(name, io);
  if (name === 'help') {
    const topic = args.find((a) => !a.startsWith('-'));
    if (topic === undefined) {
      io.stdout(args.includes('--help') || args.includes('-h') ? helpText('help') : globalHelp() + '\n');
      return 0;
    }
    if (!isCommand(topic)) return unknownCommand(topic, io);
    io.stdout(helpText(topic));
    return 0;
  }
  const command = COMMANDS[name];
  // --help is answered here, from the command table, before the command's module (and what it
  // loads: vitest, Spectral, fastify) is imported. Any other problem of the command line is the
  // command's own to word, so it parses again.
  try {
    parseCommandLine(name, args);
  } catch (err) {
    if (err instanceof HelpRequested) {
      io.stdout(helpText(name));
      return 0;
    }
    if (!(err instanceof UsageError)) throw err;
  }
  try {
    return await command(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`rollcall ${name}: ${err.message}\n`);
      return 2;
    }
    // A tool error (unreadable spec, bad config): one clear line, exit 2; the stack only on demand.
    io.stderr(`rollcall ${name}: ${(err as Error).message}\n`);
    if (process.env.ROLLCALL_DEBUG) io.stderr(`${(err as Error).stack ?? ''}\n`);
    return 2;
  }
}
