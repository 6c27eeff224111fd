#!/usr/bin/env node
// Writes test/durations.json, the order vitest.config.ts starts the test files in (longest first), from the JSON
// results of a whole run: `ROLLCALL_VITEST_JSON=/tmp/v.json npm test; node scripts/test-durations.mjs /tmp/v.json`.
// Each file's time is its wall time in that run (vitest's own end - start), in seconds.
import fs from 'node:fs';
import path from 'node:path';

const from = process.argv[2];
if (!from) {
  console.error('usage: node scripts/test-durations.mjs VITEST_JSON (the json reporter output of a whole run)');
  process.exit(2);
}
const root = path.resolve(import.meta.dirname, '..');
const results = JSON.parse(fs.readFileSync(from, 'utf8'));
const files = {};
for (const f of results.testResults ?? []) {
  const rel = path.relative(root, f.name).split(path.sep).join('/');
  if (typeof f.startTime === 'number' && typeof f.endTime === 'number') files[rel] = Math.round((f.endTime - f.startTime) / 100) / 10;
}
if (Object.keys(files).length === 0) {
  console.error(`${from}: no test file with a start and end time`);
  process.exit(2);
}
const sorted = Object.fromEntries(Object.entries(files).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
const out = path.join(root, 'test', 'durations.json');
fs.writeFileSync(out, `${JSON.stringify({ from: 'scripts/test-durations.mjs, the wall seconds of each file in a whole run', files: sorted }, null, 2)}\n`);
console.log(`${out}: ${Object.keys(sorted).length} files`);
