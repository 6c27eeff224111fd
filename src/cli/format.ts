import type { Violation } from '../types.js';
import { forCiLog, forTerminal } from '../sanitize.js';
import { consoleWidth, fitLine, type ConsoleStream } from '../run/console.js';

const show = (value: unknown): string => {
  if (Array.isArray(value)) return `one of ${value.map((v) => JSON.stringify(v)).join(', ')}`;
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/** A violation for a human: where, which rule, what was expected and found, what it means, what to do. */
export function formatViolation(v: Violation): string {
  const lines = [
    `  ${v.path === '' ? '(body)' : forTerminal(v.path)}`,
    `    rule      ${v.rule} (${v.severity})`,
    `    expected  ${forTerminal(show(v.expected))}`,
    `    actual    ${forTerminal(typeof v.actual === 'string' ? JSON.stringify(v.actual) : show(v.actual))}`,
    `    message   ${forTerminal(v.message)}`,
    `    hint      ${forTerminal(v.hint)}`,
  ];
  if (v.request) lines.push(`    request   ${v.request.method} ${forTerminal(v.request.url)}`);
  return lines.join('\n');
}

export function countBySeverity(violations: Violation[]): { errors: number; warnings: number } {
  let errors = 0;
  for (const v of violations) if (v.severity === 'error') errors++;
  return { errors, warnings: violations.length - errors };
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * A command's text output fitted to the console as a run's is (src/run/console.ts): on a terminal to its
 * width, elsewhere to COLUMNS or 120 columns; a long line wrapped at spaces under its text (ids never cut),
 * each piece through the CI-log sanitiser (a break can bring quoted text to the start of a line).
 */
export function fitText(text: string, stream: ConsoleStream = process.stdout, env: NodeJS.ProcessEnv = process.env): string {
  const width = consoleWidth(stream, env);
  const mode = stream.isTTY === true ? 'terminal' : 'log';
  return text
    .split('\n')
    .map((line) => fitLine(line, width, mode).map((part) => forCiLog(part)).join('\n'))
    .join('\n');
}

/** Text as the io shows it: fitted when it writes to the console (processIo), whole for an in-process caller. */
export function fitFor(io: { fit?: (text: string) => string }, text: string): string {
  return io.fit ? io.fit(text) : text;
}
