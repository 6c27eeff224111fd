#!/usr/bin/env node
/**
 * `npm run pack:clean [-- --pack-destination DIR]`: the tarball a project installs, built the clean way
 * (as clean-publish does): the files npm would ship (package.json `files`, README) are copied into a staging
 * folder, dist/ is compiled there afresh with tsconfig.build.json (no source maps: src/ is not shipped, so a
 * map would point at nothing; and no stale output of a deleted source), the manifest is written without
 * `scripts` (no lifecycle script runs or warns in the consumer's install: `prepare` builds a git checkout
 * and has no work in a built package), and `npm pack` packs that folder. The working tree is never modified.
 * Prints the tarball's path. Publish that tarball (`npm publish rollcall-X.tgz`), not the checkout.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const args = process.argv.slice(2);
const destAt = args.indexOf('--pack-destination');
const dest = path.resolve(destAt >= 0 && args[destAt + 1] ? args[destAt + 1] : process.cwd());

const npmJson = (npmArgs, cwd) => JSON.parse(execFileSync(NPM, [...npmArgs, '--json', '--loglevel', 'error'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-pack-'));
try {
  // npm's own list of what the checkout ships; dist/ is left out and compiled afresh below.
  const [listed] = npmJson(['pack', '--dry-run', '--ignore-scripts'], ROOT);
  for (const { path: file } of listed.files) {
    if (file.startsWith('dist/') || file === 'package.json') continue;
    fs.mkdirSync(path.dirname(path.join(stage, file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(stage, file));
  }
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(stage, 'dist')], { cwd: ROOT, stdio: 'inherit' });
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete manifest.scripts;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.mkdirSync(dest, { recursive: true });
  const [packed] = npmJson(['pack', '--pack-destination', dest], stage);
  process.stdout.write(path.join(dest, packed.filename) + '\n');
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
