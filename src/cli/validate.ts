import fs from 'node:fs';
import { loadCatalog, UnknownOperationError } from '../catalog/catalog.js';
import { countBySeverity, formatViolation, plural } from './format.js';
import { UsageError, type Io, parseCommandLine } from './io.js';

export const VALIDATE_USAGE = `usage: rollcall validate --operation ID [--format json|text] [--status N] [--request-url URL] [--strict] FILE|-`;

/** `rollcall validate`: checks one captured response body. Exit 0 clean, 1 violations, 2 usage. */
export async function runValidateCommand(args: string[], io: Io): Promise<number> {
  const parsed = parseCommandLine({
    args,
    allowPositionals: true,
    options: {
      operation: { type: 'string', short: 'o' },
      format: { type: 'string', default: 'text' },
      status: { type: 'string' },
      'request-url': { type: 'string' },
      strict: { type: 'boolean', default: false },
    },
  }, VALIDATE_USAGE);
  const { values, positionals } = parsed;
  const catalog = await loadCatalog();
  const ids = catalog.operations.map((o) => o.id);
  if (!values.operation) throw new UsageError(`--operation is required; valid operations: ${ids.join(', ')}\n${VALIDATE_USAGE}`);
  if (!ids.includes(values.operation)) throw new UsageError(new UnknownOperationError(values.operation, ids).message);
  if (values.format !== 'json' && values.format !== 'text') throw new UsageError(`--format must be json or text, not "${values.format}"`);
  let status: number | undefined;
  if (values.status !== undefined) {
    status = Number(values.status);
    if (!/^\d{3}$/.test(values.status)) throw new UsageError(`--status must be an HTTP status such as 200, not "${values.status}"`);
  }
  const requestUrl = values['request-url'];
  if (requestUrl !== undefined && !URL.canParse(requestUrl)) throw new UsageError(`--request-url must be an absolute URL, not "${requestUrl}"`);
  if (positionals.length !== 1) throw new UsageError(`give exactly one FILE, or - for stdin\n${VALIDATE_USAGE}`);
  const source = positionals[0] as string;
  let text: string;
  if (source === '-') text = await io.readStdin();
  else {
    try {
      text = fs.readFileSync(source, 'utf8');
    } catch (err) {
      throw new UsageError(`cannot read ${source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const violations = catalog.validate(values.operation, text, { status, requestUrl });
  const { errors, warnings } = countBySeverity(violations);
  if (values.format === 'json') {
    io.stdout(JSON.stringify({ operation: values.operation, violations }, null, 2) + '\n');
  } else if (violations.length === 0) {
    io.stdout(`${values.operation}: no violations in ${source === '-' ? 'stdin' : source}\n`);
  } else {
    io.stdout(`${values.operation}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} in ${source === '-' ? 'stdin' : source}\n\n`);
    io.stdout(violations.map(formatViolation).join('\n\n') + '\n');
  }
  return errors > 0 || (values.strict && warnings > 0) ? 1 : 0;
}
