/**
 * Every type the README and docs/ name (a backticked identifier that src/ exports as a type or interface) is
 * exported from the package entry, so that `import type { Name } from 'rollcall'` compiles in a consumer
 * (test/package/install.test.ts compiles one against the installed package).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const docs = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const named = new Set(docs.flatMap((f) => [...fs.readFileSync(path.join(ROOT, f), 'utf8').matchAll(/`([A-Z][A-Za-z0-9]+)`/g)].map((m) => m[1] as string)));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(ROOT, dir, f));
}
const source = [...sourceFiles('src'), ...sourceFiles('reporters')].map((f) => fs.readFileSync(f, 'utf8')).join('\n');
const exportedTypes = [...named].filter((name) => new RegExp(`export (?:interface|type) ${name}\\b`).test(source));

describe('the package entry', () => {
  it('the docs name some types (the scan works)', () => {
    expect(exportedTypes).toContain('RollcallConfig');
  });

  it.each(exportedTypes)('exports %s', (name) => {
    const entry = fs.readFileSync(path.join(ROOT, 'src/index.ts'), 'utf8');
    expect(entry).toMatch(new RegExp(`^export (?:type )?\\{[^}]*\\b${name}\\b[^}]*\\} from `, 'm'));
  });
});
