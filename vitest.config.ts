import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // .ci/run asks for machine-readable results next to the console output.
    reporters: process.env.ROLLCALL_VITEST_JSON ? ['default', ['json', { outputFile: process.env.ROLLCALL_VITEST_JSON }]] : ['default'],
  },
});
