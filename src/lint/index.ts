/**
 * `rollcall lint` as a library: lints our specs (default) or any OpenAPI file, JSON or YAML,
 * with Spectral, the standard `oas` ruleset and our rules (specs/rules/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Document, Spectral, type ISpectralDiagnostic } from '@stoplight/spectral-core';
import Parsers from '@stoplight/spectral-parsers';
import { SPECS_DIR } from '../paths.js';
import { createResolver } from './resolver.js';
import { loadRuleset } from './ruleset.js';

export type LintSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface LintProblem {
  /** Absolute path of the file the problem is in: the linted spec or a file it `$ref`s (schemas/...). */
  file: string;
  /** Rule id: ours (`rollcall-*`), a standard one (`oas3-schema`, ...), or `parser` / `invalid-ref` / `unrecognized-format`. */
  rule: string;
  severity: LintSeverity;
  message: string;
  /** Dotted JSON path inside `file`, e.g. `paths./v1/Rooms/{RoomSid}/Participants.get`. */
  path: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
}

export interface LintReport {
  /** Absolute paths of the linted files. */
  files: string[];
  problems: LintProblem[];
  errorCount: number;
  warningCount: number;
}

/** Spectral's DiagnosticSeverity (0 error .. 3 hint) by value. */
const SEVERITIES: readonly LintSeverity[] = ['error', 'warning', 'info', 'hint'];

/** Every `*.yaml` of specs/, sorted. */
export function defaultSpecFiles(dir: string = SPECS_DIR): string[] {
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort()
    .map((name) => path.join(dir, name));
}

/** A Spectral document of the file, parsed as JSON (by extension, or by its first character) or YAML. */
function documentOf(file: string, text: string) {
  const ext = path.extname(file).toLowerCase();
  const isJson = ext === '.json' || (ext !== '.yaml' && ext !== '.yml' && /^\s*[[{]/.test(text));
  return isJson ? new Document(text, Parsers.Json, file) : new Document(text, Parsers.Yaml, file);
}

function toProblem(result: ISpectralDiagnostic, linted: string): LintProblem {
  // A document that is not OpenAPI at all is Spectral's warning; for a command that lints OpenAPI
  // it is the one thing that certainly went wrong, so it fails the run.
  const severity = result.code === 'unrecognized-format' ? 'error' : (SEVERITIES[result.severity] ?? 'error');
  return {
    file: result.source ?? linted,
    rule: String(result.code),
    severity,
    message: result.message,
    path: result.path.map(String).join('.'),
    line: result.range.start.line + 1,
    column: result.range.start.character + 1,
  };
}

function compareProblems(a: LintProblem, b: LintProblem): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule) || a.message.localeCompare(b.message);
}

/**
 * Lints each file (default: every specs/*.yaml). A problem in a file that several specs share
 * (a schema in schemas/) is reported once. Throws, naming the file, when a file cannot be read.
 */
export async function lintSpecs(files: string[] = defaultSpecFiles()): Promise<LintReport> {
  const ruleset = loadRuleset();
  const linted = [...new Set(files.map((file) => path.resolve(file)))];
  const problems = new Map<string, LintProblem>();
  for (const file of linted) {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`rollcall lint: cannot read ${file}: ${(err as Error).message}`);
    }
    // A Spectral instance and resolver per document: a resolver caches the files it read together
    // with the graph of the run that read them, and a later document resolved from that cache
    // would lose its findings' locations inside those files.
    const spectral = new Spectral({ resolver: createResolver() });
    spectral.setRuleset(ruleset);
    let results: ISpectralDiagnostic[];
    try {
      results = await spectral.run(documentOf(file, text));
    } catch (err) {
      throw new Error(`rollcall lint: linting ${file} failed: ${(err as Error).message}`, { cause: err });
    }
    for (const result of results) {
      const problem = toProblem(result, file);
      const key = JSON.stringify([problem.file, problem.rule, problem.path, problem.line, problem.column, problem.message]);
      if (!problems.has(key)) problems.set(key, problem);
    }
  }
  const sorted = [...problems.values()].sort(compareProblems);
  return {
    files: linted,
    problems: sorted,
    errorCount: sorted.filter((p) => p.severity === 'error').length,
    warningCount: sorted.filter((p) => p.severity === 'warning').length,
  };
}
