/**
 * `rollcall init [--dir DIR] [--force]`: a project's first files. A starting rollcall.config.json
 * (valid against schemas/config/rollcall.config.schema.json) naming a report directory and a
 * baseline, that baseline (empty: nothing known yet), and a GitHub workflow that runs rollcall
 * read-only against the team's sandbox with credentials from secrets.*. Nothing is overwritten
 * without --force: one existing file and nothing is written (exit 2, naming it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE } from '../run/config.js';
import { writeBaseline } from '../baseline/write.js';
import { LIVE_VARIABLES } from '../run/targets.js';
import { parseCommandLine, UsageError, type Io } from './io.js';

export const BASELINE_FILE = 'rollcall.baseline.json';
export const REPORT_DIR = 'rollcall-reports';
export const WORKFLOW_FILE = '.github/workflows/rollcall.yml';

/** The Node versions the workflow tests on: the maintained LTS lines. */
export const WORKFLOW_NODE_VERSIONS = [22, 24] as const;

/** Where an installed rollcall keeps its config schema, from the project's root (editors complete the file from it). */
const CONFIG_SCHEMA_PATH = './node_modules/rollcall/schemas/config/rollcall.config.schema.json';

export function startingConfig(): Record<string, unknown> {
  return { $schema: CONFIG_SCHEMA_PATH, api: 'all', reportDir: REPORT_DIR, baseline: BASELINE_FILE };
}

/** Every variable a live run reads, credentials first: each comes from the repository's secrets. */
function liveVariables(): string[] {
  const names = new Set(['TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN', 'TELNYX_API_KEY']);
  for (const variables of Object.values(LIVE_VARIABLES)) names.add(variables.parent);
  return [...names];
}

export function workflowText(): string {
  const env = liveVariables().map((name) => `          ${name}: \${{ secrets.${name} }}`).join('\n');
  return `# Written by rollcall init. The contract of the Twilio Video, Twilio Insights and Telnyx APIs
# this project relies on, checked against your sandbox: read-only (no --allow-mutations), with
# the credentials and ids from the repository's secrets (Settings > Secrets and variables > Actions).
# An API whose secrets are unset is skipped (and a run with none set exits 2).
name: rollcall

on:
  push:
    branches: [main]
  pull_request:
  schedule:
    # Daily: a vendor's API can change without a commit of yours.
    - cron: '17 6 * * *'
  workflow_dispatch:

permissions:
  contents: read

jobs:
  contract:
    # Pull requests from forks get no secrets: nothing to check there.
    if: github.event_name != 'pull_request' || github.event.pull_request.head.repo.full_name == github.repository
    runs-on: ubuntu-latest
    timeout-minutes: 20
    strategy:
      fail-fast: false
      # One run at a time: both share the sandbox's rate limit.
      max-parallel: 1
      matrix:
        node: [${WORKFLOW_NODE_VERSIONS.join(', ')}]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: \${{ matrix.node }}
      - run: npm ci
      - name: rollcall run (live sandbox, read-only)
        env:
${env}
        # --no: the rollcall installed by npm ci (a devDependency), never a download.
        run: npx --no -- rollcall run --target live --config ${CONFIG_FILE}
      - name: upload the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: rollcall-reports-node\${{ matrix.node }}
          path: ${REPORT_DIR}
          if-no-files-found: warn
`;
}

export async function runInitCommand(args: string[], io: Io): Promise<number> {
  const { values } = parseCommandLine('init', args);
  const dir = path.resolve(values.dir ?? '.');
  let isDir = false;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    // Reported below.
  }
  if (!isDir) throw new UsageError(`--dir ${values.dir ?? '.'}: no such directory`);
  const files: Array<[string, string]> = [
    [CONFIG_FILE, JSON.stringify(startingConfig(), null, 2) + '\n'],
    [BASELINE_FILE, JSON.stringify(writeBaseline([]), null, 2) + '\n'],
    [WORKFLOW_FILE, workflowText()],
  ];
  const existing = files.map(([name]) => name).filter((name) => fs.existsSync(path.join(dir, name)));
  if (existing.length > 0 && !values.force) {
    throw new UsageError(`${existing.map((name) => path.join(dir, name)).join(', ')} already exist${existing.length === 1 ? 's' : ''}; nothing was written (--force overwrites)`);
  }
  for (const [name, text] of files) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    io.stdout(`wrote ${file}\n`);
  }
  io.stdout([
    '',
    'next:',
    '  npx rollcall run                          the suites against the embedded mock',
    `  npx rollcall run --target live            your sandbox, with the variables of ${WORKFLOW_FILE} set`,
    `  npx rollcall run --target live --write-baseline ${BASELINE_FILE}   accept what the sandbox does today`,
    `  add the secrets ${liveVariables().join(', ')} to the repository`,
    '',
  ].join('\n'));
  return 0;
}
