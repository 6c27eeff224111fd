#!/usr/bin/env node
// The CLI entry: compiled JavaScript only (npm ci runs `prepare`, which compiles src/ to dist/).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/src/cli/index.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('rollcall: dist/ is missing; run `npm ci` (or `npm run build`) in the rollcall package first.\n');
  process.exit(2);
}
const { main } = await import(entry.href);
process.exitCode = await main(process.argv.slice(2));
