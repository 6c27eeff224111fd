import fs from 'node:fs';
import path from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { defineConfig, type Plugin } from 'vitest/config';

const ROOT = import.meta.dirname;
const DIST = path.join(ROOT, 'dist');

/**
 * The tests import the package's modules from src/ and reporters/ (the TypeScript sources, for their types); they run
 * the compiled modules `npm test` has just built into dist/, as the CLI and the in-process runs do: one copy of each
 * module per worker (one catalog, one mock), loaded by Node itself, instead of vite transforming every source a second
 * time beside the compiled copy the CLI loads.
 */
function compiledPackage(): Plugin {
  return {
    name: 'rollcall-compiled-package',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !importer.startsWith(path.join(ROOT, 'test') + path.sep)) return null;
      const target = path.resolve(path.dirname(importer), source);
      const rel = path.relative(ROOT, target);
      if (!/^(src|reporters)[\\/]/.test(rel)) return null;
      const compiled = path.join(DIST, rel.replace(/\.ts$/, '.js'));
      const built = fs.statSync(compiled, { throwIfNoEntry: false });
      const written = fs.statSync(path.join(ROOT, rel.replace(/\.js$/, '.ts')), { throwIfNoEntry: false });
      if (!built) throw new Error(`${compiled} is missing: build first (npm run build; npm test does)`);
      if (written && written.mtimeMs > built.mtimeMs) throw new Error(`${compiled} is older than its source ${rel.replace(/\.js$/, '.ts')}: build first (npm run build; npm test does)`);
      return compiled;
    },
  };
}

/**
 * The order the files start in: longest first, by their wall time in a whole run (test/durations.json, written by
 * scripts/test-durations.mjs), so that the workers end together. vitest's own order needs its results cache, which a
 * fresh clone does not have: it then orders by file size, which started slow small files last (a fresh clone took
 * 263-296 s against 241-254 s with the cache). A file not listed (a new one) starts first, as if slow.
 */
const DURATIONS = (JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'durations.json'), 'utf8')) as { files: Record<string, number> }).files;

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const seconds = (f: TestSpecification) => DURATIONS[path.relative(ROOT, f.moduleId).split(path.sep).join('/')] ?? Number.POSITIVE_INFINITY;
    // A stable sort: files of equal time keep vitest's own order.
    return (await super.sort(files)).map((f, i) => ({ f, i, s: seconds(f) })).sort((a, b) => b.s - a.s || a.i - b.i).map(({ f }) => f);
  }
}

export default defineConfig({
  plugins: [compiledPackage()],
  test: {
    // dist/ is plain ESM: Node loads it, as any dependency (the tests' imports of src/ and reporters/ lead there).
    server: { deps: { external: [new RegExp(`^${DIST.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[\\\\/]`)] } },
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One module graph per worker across the test files (the catalog, the CLI and fastify load once per worker, not
    // once per file): the whole suite went from 617 s wall and 1,105 s CPU to 502 s and 877 s, all 3,374 tests passing.
    // Files leave no state behind them: environment, cwd and console are restored (test/support/in-process-cli.ts).
    isolate: false,
    // Three workers on a 2-core machine: many test files wait (on child processes, a held answer, a deadline, a slow
    // fault), and a third worker fills those waits. Back to back on this machine, the whole suite took 236 s wall with
    // three and 281 s with two (2026-12-06); four gave 263 s against three's 276 s an hour later, within the machine's
    // drift, so three it stays. Timing rules in those runs use generous slowMs.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    // .ci/run asks for machine-readable results next to the console output.
    reporters: process.env.ROLLCALL_VITEST_JSON ? ['default', ['json', { outputFile: process.env.ROLLCALL_VITEST_JSON }]] : ['default'],
  },
});
