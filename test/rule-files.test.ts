/**
 * A rule id leads to one file and one test (src/checks/README.md). For every rule the catalog knows:
 *
 * - a rule written in code is defined (`id: '<id>'`) in exactly one file, `<name>.ts` (the id
 *   without its area) under src/checks/ (src/drift/rules/ for a drift rule); other files may name it
 *   (a registry, an `explains` list) but not define it;
 * - that file declares the rule's decision: the function the registry calls for the rule (a row's
 *   `run`, or the `decide` a rule file passes to a shared factory that only does the plumbing; for a
 *   rule whose registry row is metadata only, the functions its callers call, CALLED in
 *   scripts/gen-rules-doc.mjs). "Declares" is decided on the compiled code (dist/, build first):
 *   the rule file hands the very function out (identity with an export, or a function of an
 *   exported object) and its compiled text holds the function's own text. A factory's closure, a
 *   helper of another file assigned as `run`, or a re-export fails (fixtures below prove it);
 * - a schema-backed rule is a row of src/catalog/keywords.ts or src/catalog/schema-rules.ts instead;
 * - a test under test/ names the id (test/proof.test.ts proves each one on its fixture);
 * - docs/rules.md (generated; test/docs.test.ts compares it with the generator) lists for each rule
 *   the file its decision is declared in, and src/checks/README.md's folder map names each folder
 *   with the areas of the rules it holds, as the registries give them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KEYWORD_ROWS, KEYWORD_RULE_INFO } from '../src/catalog/keywords.js';
import { ANNOTATED_RULES } from '../src/catalog/schema-rules.js';
import { getCatalog } from './checks/support.js';

const ROOT = path.join(import.meta.dirname, '..');

/** What the test reads of scripts/gen-rules-doc.mjs (the generator of docs/rules.md uses the same). */
interface RuleLocator {
  RULE_DIRS: string[];
  ruleSourceFiles(): string[];
  definingFiles(id: string, files?: string[]): string[];
  CALLED: Record<string, Array<[string, string]>>;
  ruleDecisionsOf(): Record<string, Array<{ name: string; files: string[] }>>;
  moduleDeclarationsOf(jsFiles: string[]): Record<string, string[]>;
}
const locator = (await import(pathToFileURL(path.join(ROOT, 'scripts/gen-rules-doc.mjs')).href)) as RuleLocator;

const read = (f: string): string => fs.readFileSync(path.join(ROOT, f), 'utf8');
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const listTs = (dir: string): string[] =>
  fs
    .readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .map((f) => path.join(dir, f));

const codeFiles = locator.ruleSourceFiles();
const testFiles = listTs('test').filter((f) => f !== path.join('test', 'rule-files.test.ts'));
const known = getCatalog().rules().map((r) => r.id);
/** Rule id -> the functions that decide it and the files that declare each (computed in plain Node over dist/). */
const decisions = locator.ruleDecisionsOf();

const schemaBacked = (id: string): boolean =>
  (KEYWORD_RULE_INFO.some((r) => r.id === id) && Object.values(KEYWORD_ROWS).some((r) => r.rule === id)) || ANNOTATED_RULES.some((r) => r.id === id);
const inCode = known.filter((id) => !schemaBacked(id));

describe('every rule id leads to one file that declares its decision, and to a test', () => {
  it('the catalog knows rules', () => {
    expect(known.length).toBeGreaterThan(50);
    expect(inCode.length).toBeGreaterThan(50);
  });

  it.each(inCode)('%s: one file, named after it, declaring the function the registry calls', (id) => {
    const name = id.slice(id.indexOf('.') + 1);
    const defining = locator.definingFiles(id, codeFiles);
    expect(defining, `${id} is defined in exactly one file, <name>.ts under ${locator.RULE_DIRS.join(' or ')}`).toHaveLength(1);
    const file = defining[0]!;
    expect(path.basename(file), `${id} is defined in a file named after it`).toBe(`${name}.ts`);
    const deciders = decisions[id] ?? [];
    expect(deciders, `${id}: no registry calls a function for it (a row with run/decide in EXCHANGE_CHECKS, WALK_CHECKS or DRIFT_RULES, or CALLED in scripts/gen-rules-doc.mjs)`).not.toEqual([]);
    for (const d of deciders) {
      expect(d.files, `${id}: ${d.name} is the function the registry calls; it must be declared in ${file} (a factory may do the plumbing, the decision is passed in from the rule file)`).toEqual([file]);
    }
  });

  it('the registries call a function for no rule the catalog does not know (no stale CALLED entry)', () => {
    expect(Object.keys(decisions).filter((id) => !inCode.includes(id) && id !== 'drift.undocumented-field')).toEqual([]);
    expect(Object.keys(locator.CALLED).filter((id) => !inCode.includes(id))).toEqual([]);
  });

  it.each(known.filter(schemaBacked))('%s: a row of the schema-rules tables, and no code file defines it', (id) => {
    // drift.undocumented-field is both the schema adapter's keyword rule and a drift rule of its own file.
    const defining = locator.definingFiles(id, codeFiles);
    expect(defining.every((f) => f.startsWith('src/drift/rules/')), `${id} is a schema-backed rule: ${defining.join(', ')} should not define it`).toBe(true);
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

describe('the checker finds the file that declares a function (fixtures in test/fixtures/rule-files/)', () => {
  const dir = 'test/fixtures/rule-files';
  const fixtures = fs.readdirSync(path.join(ROOT, dir)).filter((f) => f.endsWith('.js')).map((f) => `${dir}/${f}`);
  const found = locator.moduleDeclarationsOf(fixtures);
  const at = (f: string): string => `${dir}/${f}`;

  it.each([
    ['inline.js#inlineRule.run', ['inline.js'], 'a run written in the rule file'],
    ['inline.js#inlineFindings', ['inline.js'], 'a deciding function the callers call by name'],
    ['re-export.js#inlineRule.run', ['inline.js'], 're-exported: the registry hands it out, the rule file declares it'],
    ['re-export.js#inlineFindings', ['inline.js'], 're-exported function'],
    ['decided-a.js#decidedA.decide', ['decided-a.js'], 'a decision passed to a plumbing factory'],
    ['decided-b.js#decidedB.decide', ['decided-b.js'], 'the same arrow text in two rule files: each declared only where its identity is'],
    ['via-helper.js#viaHelper.run', ['factory.js'], 'run: a helper of another file'],
    ['via-factory.js#viaFactory.run', [], "a deciding factory's closure: not declared in the rule file"],
    ['decided-a.js#decidedA.run', [], "a plumbing factory's closure (the rule's decide is what counts)"],
  ])('%s is declared in %j (%s)', (key, files) => {
    expect(found[at(key)]).toEqual(files.map(at));
  });
});

describe('docs/rules.md and src/checks/README.md name the files the registries call', () => {
  const ruleRows = new Map(
    [...read('docs/rules.md').matchAll(/^\| `([a-z]+\.[a-z0-9-]+)` \|.*$/gm)].map((m) => [m[1] as string, [...m[0].matchAll(/\]\(\.\.\/([^)]+)\)/g)].map((l) => l[1] as string)]),
  );

  it.each(inCode)("%s: docs/rules.md links the file that declares its decision", (id) => {
    const files = [...new Set((decisions[id] ?? []).flatMap((d) => d.files))];
    expect(files).toHaveLength(1);
    expect(ruleRows.get(id), `docs/rules.md's row of ${id} (npm run gen:rules)`).toContain(files[0]);
  });

  it("src/checks/README.md's folder map names every folder that holds rules, with the areas of its rules", () => {
    const fromRegistry = new Map<string, Set<string>>();
    for (const id of inCode) {
      for (const f of (decisions[id] ?? []).flatMap((d) => d.files)) {
        const folder = f.slice(0, f.lastIndexOf('/') + 1);
        if (!fromRegistry.has(folder)) fromRegistry.set(folder, new Set());
        fromRegistry.get(folder)!.add(id.slice(0, id.indexOf('.')));
      }
    }
    const map = read('src/checks/README.md').slice(read('src/checks/README.md').indexOf('## Folder map'));
    const inReadme = new Map(
      [...map.matchAll(/^\| `(src\/[a-z/-]+\/)` \|.*\| ((?:`[a-z]+`(?:, )?)+) \|$/gm)].map((m) => [m[1] as string, [...(m[2] as string).matchAll(/`([a-z]+)`/g)].map((a) => a[1] as string).sort()]),
    );
    const expected = Object.fromEntries([...fromRegistry].map(([folder, areas]) => [folder, [...areas].sort()]));
    expect(Object.fromEntries(inReadme), 'the table under "## Folder map" in src/checks/README.md: | `folder/` | what it holds | `area`, `area` |').toEqual(expected);
  });
});
