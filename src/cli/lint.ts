/**
 * `rollcall lint [--format json|text] [SPEC...]`: lints our specs (default: every specs/*.yaml)
 * or the given OpenAPI files. Exit 0 without error-severity problems, 1 with any, 2 on a usage or
 * configuration error (unknown option, unreadable file, invalid ruleset).
 */
import fs from 'node:fs';
import path from 'node:path';
import { lintSpecs, type LintProblem, type LintReport } from '../lint/index.js';
import { helpText } from './help.js';
import { fitFor, fitText } from './format.js';
import { CommandLineError, HelpRequested, parseCommandLine } from './io.js';

export interface CommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  fit?: (text: string) => string;
}

const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

/** The help of `rollcall lint` (also printed after a usage error), from the command table. */
export const LINT_USAGE = helpText('lint');

const processIo: CommandIo = {
  fit: (text) => fitText(text),
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
};

type Parsed = { help: true } | { help: false; format: Format; files: string[] };

class UsageError extends Error {}

/** The command line through the shared parser, with lint's own wording of its errors. */
function parseArgs(args: string[]): Parsed {
  let parsed;
  try {
    parsed = parseCommandLine('lint', args);
  } catch (err) {
    if (err instanceof HelpRequested) return { help: true };
    if (!(err instanceof CommandLineError)) throw err;
    const problem = err.problem;
    if (problem.kind === 'unknown-option') throw new UsageError(`unknown option ${problem.option}${problem.suggestion ? ` (did you mean ${problem.suggestion}?)` : ''}`);
    if (problem.kind === 'missing-value') throw new UsageError(`--${problem.option.name} needs a value: text or json`);
    throw new UsageError(err.message.split('\n')[0] ?? err.message);
  }
  const format = parsed.values.format;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format ${JSON.stringify(format)} (expected text or json)`);
  return { help: false, format: format as Format, files: parsed.positionals };
}

/** A path as a person reads it: relative to the working directory when the file is under it. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function formatProblem(problem: LintProblem): string {
  const { line, column, severity, rule, message } = problem;
  return `${displayPath(problem.file)}:${line}:${column}  ${severity}  ${rule}  ${message}  (${problem.path})`;
}

export function formatText(report: LintReport): string {
  const lines = report.problems.map(formatProblem);
  const others = report.problems.length - report.errorCount - report.warningCount;
  const tail = others > 0 ? `, ${others} info/hint` : '';
  lines.push(`${plural(report.files.length, 'file')} linted: ${plural(report.errorCount, 'error')}, ${plural(report.warningCount, 'warning')}${tail}`);
  return lines.join('\n') + '\n';
}

export async function runLintCommand(args: string[], io: CommandIo = processIo): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseArgs(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.stderr(`rollcall lint: ${err.message}\n\n${LINT_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    io.stdout(LINT_USAGE);
    return 0;
  }
  for (const file of parsed.files) {
    let problem: string | undefined;
    try {
      if (!fs.statSync(file).isFile()) problem = 'not a file';
      else fs.accessSync(file, fs.constants.R_OK);
    } catch (err) {
      problem = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    }
    if (problem !== undefined) {
      io.stderr(`rollcall lint: cannot read ${file}: ${problem}\n`);
      return 2;
    }
  }
  let report: LintReport;
  try {
    report = await lintSpecs(parsed.files.length > 0 ? parsed.files : undefined);
  } catch (err) {
    // A file that became unreadable, an invalid ruleset, a rule function that crashed: not a finding.
    io.stderr(`${(err as Error).message}\n`);
    return 2;
  }
  io.stdout(parsed.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : fitFor(io, formatText(report)));
  return report.errorCount > 0 ? 1 : 0;
}
