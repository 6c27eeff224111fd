#!/usr/bin/env node
/**
 * `npm run pack:clean [-- --pack-destination DIR]`: the tarball a project installs, built the clean way
 * (as clean-publish does): the files npm would ship (package.json `files`, README) are copied into a staging
 * folder, dist/ is compiled there afresh with tsconfig.build.json (no source maps: src/ is not shipped, so a
 * map would point at nothing; and no stale output of a deleted source), the manifest is written without
 * `scripts` (no lifecycle script runs or warns in the consumer's install: `prepare` builds a git checkout
 * and has no work in a built package), and `npm pack` packs that folder. The working tree is never modified.
 * Prints the tarball's path. Publish that tarball (`npm publish rollcall-X.tgz`), not the checkout.
 *
 * `--from-dist` (the package tests): when the checkout's dist/ is fresh (every source of tsconfig.json has its
 * compiled .js and .d.ts, none older than the source), it is copied instead of compiled again, only the files
 * of existing sources, without their source maps and `sourceMappingURL` comments: the files tsc writes with
 * tsconfig.build.json, in a second instead of a compile. A stale or missing file falls back to the compile.
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
const fromDist = args.includes('--from-dist');

const npmJson = (npmArgs, cwd) => JSON.parse(execFileSync(NPM, [...npmArgs, '--json', '--loglevel', 'error'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }));

/** The TypeScript sources tsconfig.json compiles (its `include`: src/ and reporters/), relative to the root. */
function sources() {
  const { include } = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  const roots = [...new Set(include.map((glob) => glob.split('/')[0]))];
  return roots.flatMap((dir) =>
    fs
      .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => path.join(dir, f)),
  );
}

/** dist/ as tsconfig.build.json writes it, copied from the checkout's when that is fresh; false when it is not. */
function copyFreshDist(out) {
  const pairs = [];
  for (const source of sources()) {
    const base = path.join(ROOT, 'dist', source.replace(/\.ts$/, ''));
    const since = fs.statSync(path.join(ROOT, source)).mtimeMs;
    for (const ext of ['.js', '.d.ts']) {
      const stat = fs.statSync(base + ext, { throwIfNoEntry: false });
      if (!stat || stat.mtimeMs < since) return false;
      pairs.push([base + ext, path.join(out, source.replace(/\.ts$/, ext))]);
    }
  }
  for (const [from, to] of pairs) {
    fs.mkdirSync(path.dirname(to), { recursive: true });
    const text = fs.readFileSync(from, 'utf8');
    // tsc's last line with sourceMap: true, and the only difference from the build without it.
    fs.writeFileSync(to, from.endsWith('.js') ? text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n') : text);
  }
  return true;
}

const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-pack-'));
try {
  // What the checkout would ship: package.json's `files` (dist/ is left out and compiled afresh below) and the
  // README and licence npm always adds. `npm pack` in the staging folder applies npm's own rules to them (the
  // same `files`, the nested ignore files copied with them, the files npm never packs), so that its tarball
  // holds what `npm pack` of the checkout would, without a second `npm pack --dry-run` to list them.
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const always = fs.readdirSync(ROOT).filter((f) => /^(readme|licen[cs]e)(\.|$)/i.test(f));
  for (const entry of [...manifest.files, ...always]) {
    if (entry === 'dist' || entry.startsWith('dist/')) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(stage, entry), { recursive: true });
  }
  if (!(fromDist && copyFreshDist(path.join(stage, 'dist')))) {
    const tsc = createRequire(import.meta.url).resolve('typescript7/bin/tsc');
    execFileSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', path.join(stage, 'dist')], { cwd: ROOT, stdio: 'inherit' });
  }
  delete manifest.scripts;
  fs.writeFileSync(path.join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');
  fs.mkdirSync(dest, { recursive: true });
  const [packed] = npmJson(['pack', '--pack-destination', dest], stage);
  process.stdout.write(path.join(dest, packed.filename) + '\n');
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
