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
