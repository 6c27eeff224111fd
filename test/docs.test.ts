/**
 * The docs stay true (issue 21):
 *   - docs/rules.md is what `npm run gen:rules` (scripts/gen-rules-doc.mjs) gives from the registry now;
 *   - docs/commands.md documents every command and option of the command table (src/cli/commands.ts);
 *   - the README stays a front page (about 80 lines before its Reference list), keeps the lines CI
 *     and reviewers run, links only to docs that exist, and recommends no Node version past its end of life;
 *   - the README marks its three recipes (```sh runnable``` blocks); test/package/install.test.ts runs them as
 *     written, with the real npx, from the installed package (test/package/recipes.ts says how).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands.js';
import { expectThreeRecipes, README, runnableBlocks } from './package/recipes.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const read = (rel: string): string => fs.readFileSync(path.join(ROOT, rel), 'utf8');

interface RulesDocGenerator {
  generateRulesDoc(): Promise<string>;
  RULES_DOC: string;
}

describe('docs/rules.md', () => {
  it('is what npm run gen:rules gives from the rule registry (regenerate it after adding or changing a rule)', async () => {
    const gen = (await import(pathToFileURL(path.join(ROOT, 'scripts/gen-rules-doc.mjs')).href)) as RulesDocGenerator;
    const fresh = await gen.generateRulesDoc();
    const committed = fs.readFileSync(gen.RULES_DOC, 'utf8');
    expect(fresh.split('\n').length).toBeGreaterThan(60);
    expect(committed, 'docs/rules.md is stale: npm run build && npm run gen:rules').toBe(fresh);
  });
});

describe('docs/commands.md', () => {
  const doc = read('docs/commands.md');
  /** The section of a command: from its `## \`rollcall NAME` heading to the next `## `. */
  const section = (name: string): string => {
    const start = doc.search(new RegExp(`^## \`rollcall ${name}\\b`, 'm'));
    if (start < 0) return '';
    const next = doc.slice(start + 3).search(/^## /m);
    return next < 0 ? doc.slice(start) : doc.slice(start, start + 3 + next);
  };

  it.each(Object.values(COMMANDS).map((c) => [c.name, c] as const))('documents rollcall %s and every one of its options', (name, command) => {
    const text = section(name);
    expect(text, `docs/commands.md has no "## \`rollcall ${name}" section`).not.toBe('');
    const missing = command.options.filter((o) => !text.includes(`--${o.name}`)).map((o) => `--${o.name}`);
    expect(missing, `options of rollcall ${name} missing from its section of docs/commands.md`).toEqual([]);
  });
});

describe('README.md', () => {
  const lines = README.split('\n');

  it('is a front page: at most about 80 lines before its Reference list', () => {
    const reference = lines.findIndex((l) => /^## Reference\b/.test(l));
    expect(reference, 'README has a "## Reference" section').toBeGreaterThan(0);
    expect(reference).toBeLessThanOrEqual(85);
  });

  it('keeps the lines CI and reviewers run, and the verdict table', () => {
    expect(README).toContain('npm ci && npm test');
    expect(README).toMatch(/^npm start\b/m);
    for (const code of ['| 0 |', '| 1 |', '| 2 |', '| 130 / 143 |']) expect(README).toContain(code);
  });

  it('links only to files that exist (and so does every page of docs/)', () => {
    const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const page of pages) {
      const targets = [...read(page).matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)].map((m) => m[1] as string).filter((t) => !/^[a-z]+:/.test(t));
      if (page === 'README.md') expect(targets.length).toBeGreaterThan(5);
      for (const t of targets) expect(fs.existsSync(path.join(ROOT, path.dirname(page), t)), `${page} links to ${t}`).toBe(true);
    }
  });

  it('recommends no Node version past its end of life in its examples and docs', () => {
    for (const file of ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      expect(read(file), file).not.toMatch(/node-version:\s*['"]?(1\d|20)\b/);
    }
  });
});

describe('the README recipes', () => {
  // They run as written, with the real npx, from the package installed into a new project (test/package/install.test.ts,
  // "the README recipes, run as written with the real npx, from the installed package"): the route they are written for.
  // They used to run here too, through shims to this checkout's bin/rollcall.js: the same blocks and the same CLI, twice.
  it('the README marks its three recipes runnable', () => {
    expectThreeRecipes(runnableBlocks(README));
  });
});

describe('test/durations.json (the order vitest.config.ts starts the files in)', () => {
  it('names only test files that exist (regenerate it with scripts/test-durations.mjs after renaming one)', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const listed = Object.keys((JSON.parse(fs.readFileSync(path.join(root, 'test', 'durations.json'), 'utf8')) as { files: Record<string, number> }).files);
    expect(listed.length).toBeGreaterThan(50);
    expect(listed.filter((f) => !f.endsWith('.test.ts') || !fs.existsSync(path.join(root, f)))).toEqual([]);
  });
});
