/**
 * Every command's command line, as data: its options (with a description and the default a user
 * gets), its arguments and examples. The parser (io.ts, over commander), the per-command help
 * (help.ts) and the tests all read this one table, so an option cannot be accepted without being
 * documented. Light on purpose: `rollcall CMD --help` loads this file and commander, nothing else.
 */

export interface OptionSpec {
  /** The long name, without `--`: also the key of the parsed value (`report-dir`). */
  readonly name: string;
  /** One letter, without `-`. */
  readonly short?: string;
  /** The value's placeholder (`DIR`); absent for a flag (boolean). */
  readonly value?: string;
  /** The option may repeat; its values are collected in order. */
  readonly multiple?: true;
  /** The value the command sees when the option is absent (absent: undefined). */
  readonly initial?: string | boolean;
  /** What the user gets without the option, as the help prints it. */
  readonly default: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for `rollcall help`. */
  readonly summary: string;
  /** The synopsis after `rollcall NAME` (`Usage:` line of the help and of usage errors). */
  readonly synopsis: string;
  /** What the command does, a few sentences. */
  readonly description: string;
  /** Placeholder of the positional arguments, when the command takes any (`FILE|-`). */
  readonly positionals?: string;
  readonly options: readonly OptionSpec[];
  readonly examples: readonly string[];
  readonly exit: string;
}

const RUN_OPTIONS = [
  { name: 'target', value: 'mock|live|replay', default: 'mock, or the config file\'s target', description: 'where the requests go: the embedded mock, a live sandbox (settings from the environment), or a recording (--from)' },
  { name: 'api', value: 'NAME', multiple: true, default: 'all', description: 'twilio-video, twilio-insights, telnyx or all; repeat it or separate names with commas' },
  { name: 'report-dir', value: 'DIR', default: 'none: no report files are written', description: 'write the reports (JSON, JUnit, Markdown, HTML, coverage) to DIR' },
  { name: 'strict', default: 'false', description: 'warnings (e.g. undocumented fields) fail the run too' },
  { name: 'faults', value: 'LIST', default: 'none', description: 'comma-separated faults for the embedded mock to inject (rollcall mock --list-faults names them)' },
  { name: 'churn', value: 'RATE', default: '0: no churn', description: 'embedded mock: participants join and leave while the run reads, RATE events per request on average' },
  { name: 'seed', value: 'N', default: 'the mock\'s fixed seed; with --explore, one drawn at random and printed', description: 'seed of the mock\'s data and of --explore: a whole number, 0 or more (a negative seed is refused)' },
  { name: 'record', value: 'DIR', default: 'none', description: 'record every exchange (secrets redacted) to DIR, for --target replay and rollcall drift' },
  { name: 'from', value: 'DIR', default: 'none', description: 'the recording --target replay reads (written by --record)' },
  { name: 'allow-mutations', value: 'ROOM_SID', default: 'none: the run is read-only', description: 'live target: the Room SID whose participants the update cases may kick' },
  { name: 'max-requests', value: 'N', default: 'no limit', description: 'stop sending after N requests (a whole number)' },
  { name: 'config', value: 'FILE', default: './rollcall.config.json when present', description: 'read settings from FILE; flags on the command line win over it' },
  { name: 'grep', value: 'PATTERN', default: 'every case', description: 'run only the cases whose name matches PATTERN (a regular expression)' },
  { name: 'reporter', value: 'NAME', multiple: true, default: 'every file reporter when --report-dir is given', description: 'json, junit, github, markdown, html or coverage; repeat it or separate names with commas' },
  { name: 'shard', value: 'k/n', default: 'none: one run does every case', description: 'run the k-th of n shards (needs --report-dir); merge them with rollcall report --merge' },
  { name: 'baseline', value: 'FILE', default: 'none, or the config file\'s baseline', description: 'known violations and waivers: the run fails only on new violations' },
  { name: 'write-baseline', value: 'FILE', default: 'none', description: 'write this run\'s violations as a baseline to FILE' },
  { name: 'explore', value: 'N', default: '0: no generated cases', description: 'add N generated cases per list operation (seeded, shrunk, reproducible)' },
  { name: 'replay-case', value: 'ID', default: 'none', description: 'with --explore and --seed: replay only the generated case ID (OPERATION/INDEX as a failure prints it)' },
  { name: 'verbose', default: 'false', description: 'print every violation in full, not one sample per problem' },
  { name: 'max-samples', value: 'N', default: '3', description: 'samples kept per problem in the reports (a whole number)' },
  { name: 'allow-empty', default: 'false', description: 'a parent with no participants, or an operation whose every case lacks data, is not exit 2: those cases are skipped with their reasons' },
  { name: 'max-duration', value: 'SECONDS', default: 'no limit', description: 'stop after SECONDS (a number above 0), keeping partial reports; exit 2' },
] as const satisfies readonly OptionSpec[];

const FORMAT_TEXT_JSON_MARKDOWN = { name: 'format', value: 'json|text|markdown', initial: 'text', default: 'text', description: 'the report\'s form on stdout (or in --out)' } as const satisfies OptionSpec;

export const COMMANDS = {
  run: {
    name: 'run',
    summary: 'the conformance suites against the mock, a live sandbox or a recording',
    synopsis: '[options]',
    description: 'Runs the conformance suites and prints a summary; with --report-dir, writes the reports. Live settings come from the environment (rollcall mock --env-only prints a set that points at the mock).',
    options: RUN_OPTIONS,
    examples: [
      'rollcall run',
      'rollcall run --report-dir reports --reporter html,junit',
      'rollcall run --target live --api telnyx --report-dir reports',
      'rollcall run --faults enum-drift,undocumented-field --strict',
      'rollcall run --explore 50 --seed 7',
    ],
    exit: '0 no error-severity violation, 1 violations, 2 usage, configuration or transport error',
  },
  report: {
    name: 'report',
    summary: 'merge the shards of a run into one run\'s reports',
    synopsis: '--merge DIR [options]',
    description: 'Reads the blobs the shards of `rollcall run --shard k/n --report-dir R` wrote and writes the reports, summary and exit code one unsharded run would have.',
    options: [
      { name: 'merge', value: 'DIR', default: 'none: required', description: 'the blobs/ directory the shards wrote (R/blobs), or R itself' },
      { name: 'report-dir', value: 'OUT', default: 'R, the shards\' report directory', description: 'where the merged reports go' },
      { name: 'reporter', value: 'NAME', multiple: true, default: 'every file reporter', description: 'json, junit, github, markdown, html or coverage; repeat it or separate names with commas' },
      { name: 'write-baseline', value: 'FILE', default: 'none', description: 'write the merged run\'s violations as a baseline to FILE' },
      { name: 'max-samples', value: 'N', default: '3', description: 'samples kept per problem (a whole number)' },
      { name: 'verbose', default: 'false', description: 'print every violation in full' },
    ],
    examples: ['rollcall report --merge reports/blobs', 'rollcall report --merge reports --report-dir merged --write-baseline rollcall.baseline.json'],
    exit: '0 no failing case, 1 failing cases, 2 usage or merge error',
  },
  start: {
    name: 'start',
    summary: 'npm start: lint the specs, check their examples, then rollcall run',
    synopsis: '[RUN OPTIONS]',
    description: 'Lints the specs, validates every example they bundle, then runs `rollcall run` with the options given (default: --report-dir reports).',
    options: RUN_OPTIONS,
    examples: ['rollcall start', 'rollcall start --report-dir out --strict'],
    exit: 'the worst of the three: 0 clean, 1 lint errors, failing examples or violations, 2 usage or configuration error',
  },
  validate: {
    name: 'validate',
    summary: 'check one captured response body',
    synopsis: '--operation ID [options] FILE|-',
    description: 'Checks one response body (a file, or - for stdin) against the operation\'s contract. A body that is not JSON is a violation (http.body-json).',
    positionals: 'FILE|-',
    options: [
      { name: 'operation', short: 'o', value: 'ID', default: 'none: required', description: 'the operation id, e.g. twilio-video.listRoomParticipants' },
      { name: 'format', value: 'json|text', initial: 'text', default: 'text', description: 'text for people; json prints {operation, violations, problems, totals}' },
      { name: 'status', value: 'N', default: 'none: the body is checked as a success response', description: 'the HTTP status of the response (error statuses check the vendor\'s error body)' },
      { name: 'request-url', value: 'URL', default: 'none: request checks are off', description: 'the absolute URL of the request, for the filter and paging checks' },
      { name: 'strict', initial: false, default: 'false', description: 'warnings fail too (exit 1)' },
      { name: 'max-samples', value: 'N', default: '3', description: 'samples kept per problem (a whole number)' },
      { name: 'max-violations', value: 'N', default: '1000', description: 'violations printed in full (a whole number); problems and totals stay exact' },
    ],
    examples: ['rollcall validate --operation twilio-video.listRoomParticipants body.json', 'curl -s "$URL" | rollcall validate -o telnyx.listRoomSessionParticipants --format json -'],
    exit: '0 no error-severity violation, 1 violations, 2 usage error (unknown operation, unreadable file)',
  },
  lint: {
    name: 'lint',
    summary: 'lint our specs, or any OpenAPI file (Spectral)',
    synopsis: '[--format json|text] [SPEC...]',
    description: 'Lints OpenAPI files (JSON or YAML) with Spectral: the standard oas ruleset and rollcall\'s rules (specs/rules/). Without SPEC, lints every specs/*.yaml.',
    positionals: 'SPEC...',
    options: [
      { name: 'format', value: 'text|json', initial: 'text', default: 'text', description: 'text: one line per problem and a summary; json: the report' },
    ],
    examples: ['rollcall lint', 'rollcall lint --format json vendor-openapi.yaml'],
    exit: '0 no error-severity problem, 1 any, 2 usage or configuration error',
  },
  mock: {
    name: 'mock',
    summary: 'serve all three APIs on one origin',
    synopsis: '[options]',
    description: 'Serves Twilio Video, Twilio Insights and Telnyx on one origin until Ctrl-C, and prints its base URL. GET /__mock/fixtures returns its credentials and ids; --env-only prints them as shell exports for a live run. -h is --host here (as before): --help, or -h alone, prints this help.',
    options: [
      { name: 'port', short: 'p', value: 'N', default: '0: a free port', description: 'the port to listen on (0 to 65535)' },
      { name: 'host', short: 'h', value: 'H', default: '127.0.0.1', description: 'the address to listen on' },
      { name: 'seed', value: 'N', default: '42', description: 'seed of the data (0 to 4294967295): the same seed, the same accounts, rooms and participants' },
      { name: 'faults', value: 'LIST', default: 'none', description: 'comma-separated faults to inject (see --list-faults)' },
      { name: 'churn', value: 'RATE', default: '0: no churn', description: 'participants join, reconnect and leave in-progress rooms and sessions: RATE events per API request on average (0.1: one every 10 requests), on a schedule fixed by the seed and the request count' },
      { name: 'list-faults', initial: false, default: 'false', description: 'print the faults (name, the APIs it touches, what it breaks, its rules) and exit' },
      { name: 'env-only', initial: false, default: 'false', description: 'print the shell exports that point rollcall run --target live at a mock started with the same --port, --host and --seed, and exit (needs --port)' },
    ],
    examples: [
      'rollcall mock --port 4010',
      'rollcall mock --port 4010 --seed 7 --faults enum-drift',
      'rollcall mock --port 4010 & eval "$(rollcall mock --port 4010 --env-only)"; rollcall run --target live',
    ],
    exit: '0 stopped by Ctrl-C or SIGTERM (or --list-faults, --env-only), 2 usage error or a port that cannot be used',
  },
  proxy: {
    name: 'proxy',
    summary: 'judge your application\'s own traffic to the three APIs as it passes',
    synopsis: '[options]',
    description: 'Listens on loopback and forwards each request to its API (the vendor\'s origin, the base URLs of a live run from the environment, or one --upstream such as rollcall mock), judging every answer with rollcall\'s checks and the pages and fetches the application made with the walk and consistency checks. The application gets the upstream\'s answer unchanged. Point the SDK at the proxy\'s URL (twilio-node: client.video.baseUrl and client.insights.baseUrl; Telnyx: baseURL with /v2); a path outside rollcall\'s operations is routed by a prefix naming its API (/twilio-video, /twilio-insights, /telnyx). Stops on Ctrl-C or SIGTERM (or --max-requests, --duration) and writes the reports, recordings, summary and exit code of a run.',
    options: [
      { name: 'port', short: 'p', value: 'N', default: '0: a free port (printed)', description: 'the port to listen on (0 to 65535)' },
      { name: 'host', value: 'H', default: '127.0.0.1', description: 'the loopback address to listen on (127.0.0.1, ::1 or localhost): credentials pass through the proxy' },
      { name: 'upstream', value: 'URL', default: 'each API\'s base URL from the environment (ROLLCALL_TWILIO_VIDEO_BASE_URL, ...), else its real origin', description: 'send every API to this one origin (Telnyx under /v2), e.g. the URL rollcall mock prints' },
      { name: 'api', value: 'NAME', multiple: true, default: 'all', description: 'twilio-video, twilio-insights, telnyx or all: the APIs the proxy serves; repeat it or separate names with commas' },
      { name: 'allow-mutations', initial: false, default: 'false: POST and DELETE are refused with 403', description: 'forward requests that change data (the participant kick)' },
      { name: 'fail-fast', initial: false, default: 'false: the application gets the upstream\'s answer', description: 'answer 502 with an X-Rollcall-Violation header (the rules) and a JSON body instead of an answer that broke the contract' },
      { name: 'links', value: 'origin|proxy', initial: 'origin', default: 'origin: bodies byte for byte', description: 'proxy: absolute links to the upstream in answers point at the proxy, so that SDKs that follow next_page_url (twilio-node) keep paging through it' },
      { name: 'report-dir', value: 'DIR', default: 'none: no report files are written', description: 'write the reports (JSON, JUnit, Markdown, HTML, coverage) to DIR when the proxy stops' },
      { name: 'reporter', value: 'NAME', multiple: true, default: 'every file reporter when --report-dir is given', description: 'json, junit, github, markdown, html or coverage; repeat it or separate names with commas' },
      { name: 'record', value: 'DIR', default: 'none', description: 'record every judged exchange (secrets redacted) to DIR, for rollcall drift' },
      { name: 'strict', initial: false, default: 'false', description: 'warnings (e.g. undocumented fields) fail too' },
      { name: 'max-requests', value: 'N', default: 'no limit', description: 'stop after answering N requests (a whole number above 0)' },
      { name: 'duration', value: 'SECONDS', default: 'no limit', description: 'stop after SECONDS (a number above 0)' },
      { name: 'upstream-timeout', value: 'SECONDS', default: '15', description: 'an upstream that gives no complete answer in SECONDS is cut: the application gets 504' },
      { name: 'max-body', value: 'BYTES', default: '1048576 (1 MiB)', description: 'larger request bodies are refused with 413' },
      { name: 'max-response', value: 'BYTES', default: '8388608 (8 MiB)', description: 'larger upstream answers are cut: the application gets 502' },
    ],
    examples: [
      'rollcall proxy --port 4020 --upstream http://127.0.0.1:4010 --links proxy',
      'rollcall proxy --port 4020 --report-dir reports --fail-fast &  # then run your tests with the SDK at http://127.0.0.1:4020',
      'rollcall proxy --port 4020 --allow-mutations --record recordings/app --max-requests 500',
    ],
    exit: 'when stopped (Ctrl-C, SIGTERM, --max-requests, --duration): 0 no error-severity violation seen, 1 violations, 2 usage or configuration error',
  },
  drift: {
    name: 'drift',
    summary: 'documented vs observed, per field, from recordings',
    synopsis: '--from DIR... [options]',
    description: 'Compares what the specs document with what recordings (rollcall run --record DIR) observed: fields, types, enum values, nullability, pattern hit rates.',
    positionals: 'DIR...',
    options: [
      { name: 'from', value: 'DIR', multiple: true, default: 'none: at least one recording is required', description: 'a recording written by rollcall run --record DIR; repeat it for several' },
      FORMAT_TEXT_JSON_MARKDOWN,
      { name: 'out', value: 'FILE', default: 'stdout', description: 'write the report to FILE and print a one-line summary' },
      { name: 'previous', value: 'FILE', default: 'none', description: 'an earlier drift report (--format json): what changed since' },
      { name: 'strict', initial: false, default: 'false', description: 'warnings fail too (exit 1)' },
    ],
    examples: ['rollcall drift --from recordings/live', 'rollcall drift --from rec1 --from rec2 --format markdown --out drift.md'],
    exit: '0 no error-severity finding, 1 findings, 2 usage error or unreadable recording',
  },
  diff: {
    name: 'diff',
    summary: 'changes between two OpenAPI documents, for our operations',
    synopsis: '[options] SPEC_A SPEC_B',
    description: 'The changes from A (before) to B (after) for rollcall\'s operations, each breaking or not for a client written against A.',
    positionals: 'SPEC_A SPEC_B',
    options: [
      FORMAT_TEXT_JSON_MARKDOWN,
      { name: 'out', value: 'FILE', default: 'stdout', description: 'write the report to FILE and print a one-line summary' },
    ],
    examples: ['rollcall diff specs/twilio-video.v1.yaml vendor/twilio_video_v1.yaml', 'rollcall diff --format markdown --out diff.md a.yaml b.yaml'],
    exit: '0 no breaking change, 1 breaking changes, 2 usage error',
  },
  init: {
    name: 'init',
    summary: 'write a starting config, baseline and GitHub workflow',
    synopsis: '[--dir DIR] [--force]',
    description: 'Writes rollcall.config.json (with a baseline path), an empty baseline and .github/workflows/rollcall.yml (a read-only live run on Node 22 and 24, credentials from secrets.*, the reports uploaded as an artifact). Refuses to overwrite an existing file unless --force.',
    options: [
      { name: 'dir', value: 'DIR', default: 'the current directory', description: 'the project to write into' },
      { name: 'force', initial: false, default: 'false', description: 'overwrite files that already exist' },
    ],
    examples: ['rollcall init', 'rollcall init --dir ../my-app --force'],
    exit: '0 files written, 2 usage error or a file that already exists',
  },
  help: {
    name: 'help',
    summary: 'this text, or a command\'s options and examples',
    synopsis: '[COMMAND]',
    description: 'Without COMMAND, lists the commands; with one, prints its options, their defaults and examples (as rollcall COMMAND --help does).',
    positionals: 'COMMAND',
    options: [],
    examples: ['rollcall help', 'rollcall help run'],
    exit: '0 (2 for an unknown command)',
  },
} as const satisfies Record<string, CommandSpec>;

export type CommandName = keyof typeof COMMANDS;

export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

type ValueOf<O> = O extends { value: string } ? (O extends { multiple: true } ? string[] : string) : boolean;

/** What a command's options parse to: one key per long name; undefined when absent and without `initial`. */
export type OptionValues<N extends CommandName> = {
  -readonly [O in (typeof COMMANDS)[N]['options'][number] as O['name']]: ValueOf<O> | (O extends { initial: string | boolean } ? never : undefined);
};
