import fs from 'node:fs';
import { DiffInputError, diffSpecs, formatDiffMarkdown, formatDiffText, type DiffReport } from '../diff/index.js';
import { fitFor } from './format.js';
import { UsageError, type Io, parseCommandLine } from './io.js';
import { usageLine } from './help.js';

export const DIFF_USAGE = usageLine('diff');

const FORMATS = ['json', 'text', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

/**
 * `rollcall diff SPEC_A SPEC_B`: the changes from A to B for rollcall's operations, each breaking or
 * not for a client written against A. Exit 0 no breaking change, 1 breaking changes, 2 usage error
 * (missing or unreadable document, unresolvable $ref, none of our operations in either).
 */
export async function runDiffCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine('diff', args);
  const { values, positionals } = parsed;
  if (positionals.length !== 2) throw new UsageError(`give exactly two OpenAPI documents, A (before) and B (after)\n${DIFF_USAGE}`);
  if (!FORMATS.includes(values.format as Format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}, not "${values.format}"`);
  const [a, b] = positionals as [string, string];
  let report: DiffReport;
  try {
    report = diffSpecs(a, b);
  } catch (err) {
    if (err instanceof DiffInputError) throw new UsageError(err.message);
    throw err;
  }
  const format = values.format as Format;
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'markdown' ? formatDiffMarkdown(report) : formatDiffText(report);
  if (values.out) {
    try {
      fs.writeFileSync(values.out, text);
    } catch (err) {
      throw new UsageError(`cannot write --out ${values.out}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    io.stdout(`rollcall diff: ${report.summary.breaking} breaking, ${report.summary.nonBreaking} non-breaking changes; report written to ${values.out}\n`);
  } else {
    io.stdout(format === 'text' ? fitFor(io, text) : text);
  }
  return report.summary.breaking > 0 ? 1 : 0;
}
