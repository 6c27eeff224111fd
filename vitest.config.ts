import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two workers on a 2-core machine: most test files wait on child processes (rollcall runs, npm), so
    // two at a time keep both cores busy; timing rules in those runs use generous slowMs.
    maxWorkers: 2,
    // .ci/run asks for machine-readable results next to the console output.
    reporters: process.env.ROLLCALL_VITEST_JSON ? ['default', ['json', { outputFile: process.env.ROLLCALL_VITEST_JSON }]] : ['default'],
  },
});
