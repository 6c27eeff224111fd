import { fileURLToPath } from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

/** The package root, found from this file whether it runs as TypeScript (src/) or compiled (dist/src/). */
function findRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'schemas'))) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`rollcall: cannot find the package root (with package.json and schemas/) above ${fileURLToPath(import.meta.url)}`);
}

export const ROOT = findRoot();
export const SCHEMAS_DIR = path.join(ROOT, 'schemas');
export const SPECS_DIR = path.join(ROOT, 'specs');

/**
 * A file or folder of the package (`schemas/twilio.schema.json`, `specs/NOTES.md`, `schemas/`) as the user sees
 * it from the working directory: `schemas/…` in rollcall's own checkout, `node_modules/rollcall/schemas/…` in a
 * project that installed it, an absolute path from anywhere else. Reports store the package-relative address
 * (stable across machines); what people read to open the file goes through here.
 */
export function packagePathShown(rel: string, cwd: string = process.cwd()): string {
  const abs = path.join(ROOT, rel);
  const fromCwd = path.relative(cwd, abs);
  const shown = fromCwd === '' ? '.' : fromCwd.startsWith('..') || path.isAbsolute(fromCwd) ? abs : fromCwd;
  const slashed = shown.split(path.sep).join('/');
  return rel.endsWith('/') && !slashed.endsWith('/') ? `${slashed}/` : slashed;
}

/** Every package address at the start of a word in `text` (`schemas/x.json#/…`, `specs/NOTES.md`) as the user sees it. */
export function packagePathsShown(text: string, cwd: string = process.cwd()): string {
  // A full stop that ends the sentence is not part of the address.
  return text.replace(/(?<![\w./-])((?:schemas|specs)\/[\w./-]*?)(\.*)(?![\w./-])/g, (_m, rel: string, stop: string) => packagePathShown(rel, cwd) + stop);
}
