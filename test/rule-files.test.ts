/**
 * A rule id leads to one file and one test (src/checks/README.md). For every rule the catalog knows:
 *
 * - a rule written in code is defined (`id: '<id>'`) in exactly one file, `<name>.ts` (the id
 *   without its area) under src/checks/ (src/drift/rules/ for a drift rule); other files may name it
 *   (a registry, an `explains` list) but not define it;
 * - that file holds the rule's logic, not only its metadata: it exports a function, or its metadata
 *   object carries a `run`, `check` or `judge` function;
 * - a schema-backed rule is a row of src/catalog/keywords.ts or src/catalog/schema-rules.ts instead;
 * - a test under test/ names the id (test/proof.test.ts proves each one on its fixture).
 *
 * test/proof.test.ts ("a rule id leads to one file") checks the file's name; this adds the logic and the test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEYWORD_ROWS, KEYWORD_RULE_INFO } from '../src/catalog/keywords.js';
import { ANNOTATED_RULES } from '../src/catalog/schema-rules.js';
import { getCatalog } from './checks/support.js';

const ROOT = path.join(import.meta.dirname, '..');
const listTs = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));
const source = new Map<string, string>();
const read = (f: string): string => {
  let text = source.get(f);
  if (text === undefined) source.set(f, (text = fs.readFileSync(path.join(ROOT, f), 'utf8')));
  return text;
};
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const RULE_DIRS = ['src/checks', 'src/drift/rules'];
const codeFiles = RULE_DIRS.flatMap(listTs);
const testFiles = listTs('test').filter((f) => f !== path.join('test', 'rule-files.test.ts'));
const known = getCatalog().rules().map((r) => r.id);

const schemaBacked = (id: string): boolean =>
  (KEYWORD_RULE_INFO.some((r) => r.id === id) && Object.values(KEYWORD_ROWS).some((r) => r.rule === id)) || ANNOTATED_RULES.some((r) => r.id === id);

/** The files that define `id` (an `id: '<id>'` property), as paths from the repository root. */
const definingFiles = (id: string): string[] => {
  const defines = new RegExp(`\\bid:\\s*['"]${escape(id)}['"]`);
  return codeFiles.filter((f) => defines.test(read(f)));
};

/** What a rule file exports that runs: its functions, and `run`/`check`/`judge` of the rule's metadata object. */
function logicOf(id: string, exports: Record<string, unknown>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value === 'function') found.push(name);
    else if (value && typeof value === 'object' && (value as { id?: unknown }).id === id) {
      for (const key of ['run', 'check', 'judge']) if (typeof (value as Record<string, unknown>)[key] === 'function') found.push(`${name}.${key}`);
    }
  }
  return found;
}

describe('every rule id leads to one file with its logic, and to a test', () => {
  it('the catalog knows rules', () => {
    expect(known.length).toBeGreaterThan(50);
  });

  it.each(known.filter((id) => !schemaBacked(id)))('%s: one file, named after it, holding its logic', async (id) => {
    const name = id.slice(id.indexOf('.') + 1);
    const defining = definingFiles(id);
    expect(defining, `${id} is defined in exactly one file, <name>.ts under ${RULE_DIRS.join(' or ')}`).toHaveLength(1);
    const file = defining[0]!;
    expect(path.basename(file), `${id} is defined in a file named after it`).toBe(`${name}.ts`);
    const exports = (await import(pathToFileURL(path.join(ROOT, file)).href)) as Record<string, unknown>;
    expect(logicOf(id, exports), `${file} holds ${id}'s logic, not only its metadata: it exports a function, or the rule object has run/check/judge`).not.toEqual([]);
  });

  it.each(known.filter(schemaBacked))('%s: a row of the schema-rules tables, and no code file defines it', (id) => {
    // drift.undocumented-field is both the schema adapter's keyword rule and a drift rule of its own file.
    const defining = definingFiles(id);
    expect(defining.every((f) => f.startsWith(path.join('src', 'drift', 'rules'))), `${id} is a schema-backed rule: ${defining.join(', ')} should not define it`).toBe(true);
  });

  it('every rule a file in src/checks/ or src/drift/rules/ defines is registered: the folders and the registry hold the same rules', () => {
    const defined = new Set(codeFiles.flatMap((f) => [...read(f).matchAll(/\bid:\s*['"]([a-z]+\.[a-z0-9-]+)['"]/g)].map((m) => m[1] as string)));
    expect([...defined].filter((id) => !known.includes(id)).sort(), 'defined in a rule file but not registered (EXCHANGE_CHECKS, WALK_CHECKS, multi-rules.ts, HTTP_RULES, DRIFT_RULES)').toEqual([]);
    expect(defined.size).toBeGreaterThan(50);
  });

  it.each(known)('%s: a test names it', (id) => {
    const named = new RegExp(`['"\`]${escape(id)}['"\`]`);
    expect(testFiles.some((f) => named.test(read(f))), `no file under test/ names ${id}`).toBe(true);
  });
});
