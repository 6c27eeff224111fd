import { loadCatalog } from '../catalog/catalog.js';
import { lintSpecs } from '../lint/index.js';
import { countBySeverity, formatViolation, plural } from './format.js';
import type { Io } from './io.js';

/**
 * `npm start`: the main job. Lints the specs with Spectral, validates every example the specs
 * bundle, then runs every suite against the embedded mock (`rollcall run`), writing the report to
 * reports/. Extra arguments go to `rollcall run`. Exit: the worst of the three.
 */
export async function runStartCommand(args: string[], io: Io): Promise<number> {
  const started = Date.now();
  const lint = await lintSpecs();
  io.stdout(`lint: ${lint.files.length} specs, ${plural(lint.errorCount, 'error')}, ${plural(lint.warningCount, 'warning')}\n`);
  for (const p of lint.problems) io.stdout(`  ${p.file}:${p.line}:${p.column}  ${p.severity}  ${p.rule}  ${p.message}\n`);
  const catalog = await loadCatalog();
  let examples = 0;
  let failed = 0;
  for (const op of catalog.operations) {
    for (const response of op.responses) {
      for (const example of response.examples) {
        examples++;
        const violations = catalog.validate(op.id, example.value, { status: response.status });
        const { errors } = countBySeverity(violations);
        if (errors > 0) failed++;
        io.stdout(`${errors > 0 ? 'FAIL' : 'ok  '}  ${op.id} ${response.status} ${example.name}\n`);
        if (violations.length > 0) io.stdout(violations.map(formatViolation).join('\n\n') + '\n');
      }
    }
  }
  io.stdout(`examples: ${examples} checked, ${failed} failed (${Date.now() - started} ms)\n\n`);
  const { runRunCommand } = await import('./run.js');
  const run = await runRunCommand(args.length > 0 ? args : ['--report-dir', 'reports'], io);
  return Math.max(run, lint.errorCount > 0 || failed > 0 ? 1 : 0);
}
