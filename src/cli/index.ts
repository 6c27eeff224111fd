import { createRequire } from 'node:module';
import { processIo, UsageError, type Io } from './io.js';

const USAGE = `rollcall: contract tests for the participant APIs of Twilio Video, Twilio Insights and Telnyx.

usage: rollcall <command> [options]

commands:
  run                   the main job: the conformance suites against the embedded mock, a live sandbox or a recording
                        rollcall run [--target mock|live|replay] [--api NAME|all] [--report-dir DIR] [--strict] [--faults LIST] [--record DIR] [--from DIR]
                        [--baseline FILE] [--write-baseline FILE] [--shard k/n] [--reporter NAME] [--allow-mutations ROOM_SID] [--max-requests N] [--config FILE]
  report                merge the shards of a sharded run into one run's reports: rollcall report --merge DIR [--report-dir OUT] [--reporter NAME] [--write-baseline FILE]
  start                 what npm start runs: lint the specs, check the bundled examples, then rollcall run
  validate              check one captured response body: rollcall validate --operation ID [--format json|text] [--status N] [--request-url URL] FILE|-
  lint                  lint our specs, or any OpenAPI file, with Spectral: rollcall lint [--format json|text] [SPEC...]
  mock                  serve all three APIs on one origin: rollcall mock [--port N] [--host H] [--seed N] [--faults LIST] [--list-faults]
  drift                 documented vs observed, per field, from recordings: rollcall drift --from DIR... [--format json|text|markdown] [--out FILE] [--previous FILE] [--strict]
  diff                  breaking and non-breaking changes between two OpenAPI documents, for our operations: rollcall diff [--format json|text|markdown] [--out FILE] SPEC_A SPEC_B
  help                  this text

exit codes: 0 no error violation, 1 violations, 2 usage or configuration error.`;

type Command = (args: string[], io: Io) => Promise<number>;

// Loaded on demand: `validate` should not pay for Spectral or fastify at start-up.
const COMMANDS: Record<string, Command> = {
  validate: async (args, io) => (await import('./validate.js')).runValidateCommand(args, io),
  lint: async (args, io) => (await import('./lint.js')).runLintCommand(args, io),
  mock: async (args) => (await import('./mock.js')).runMockCommand(args),
  start: async (args, io) => (await import('./start.js')).runStartCommand(args, io),
  run: async (args, io) => (await import('./run.js')).runRunCommand(args, io),
  drift: async (args, io) => (await import('./drift.js')).runDriftCommand(args, io),
  diff: async (args, io) => (await import('./diff.js')).runDiffCommand(args, io),
  report: async (args, io) => (await import('./report.js')).runReportCommand(args, io),
};

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout(USAGE + '\n');
    return name === undefined ? 2 : 0;
  }
  if (name === '--version' || name === '-v') {
    const pkg = createRequire(import.meta.url)('../../../package.json') as { version: string };
    io.stdout(pkg.version + '\n');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr(`rollcall: unknown command "${name}"; commands: ${Object.keys(COMMANDS).join(', ')}\n`);
    return 2;
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
