/**
 * The rooms of src/ and reporters/ and the arrows between them (.dependency-cruiser.cjs, shown in
 * src/README.md): dependency-cruiser over the tree finds no import cycle, type-only and dynamic
 * imports included, and no import a room does not declare. Then the same check on a copy of the
 * tree with a cycle and forbidden arrows put in, which it must name.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cruiseTree, layering, layeringTable, ROOT } from './support/layering.js';

describe('the tree keeps its layering', () => {
  let tree: Awaited<ReturnType<typeof cruiseTree>>;
  beforeAll(async () => {
    tree = await cruiseTree(ROOT);
  });

  it('0 cycles and 0 arrows the table does not allow, type-only imports counted', () => {
    expect(tree.modules.length).toBeGreaterThan(250);
    expect(tree.violations, 'move the code to the room it belongs to (src/README.md), or change the table in .dependency-cruiser.cjs and say why').toEqual([]);
  });

  it('every file of src/ and reporters/ is in exactly one room', () => {
    const rooms = Object.fromEntries(tree.modules.map((m) => [m, layering.ROOMS.filter((r) => new RegExp(r.path).test(m)).map((r) => r.name)]));
    expect(Object.entries(rooms).filter(([, names]) => names.length !== 1)).toEqual([]);
  });

  it('every room a room may use is declared below it, so that the arrows between rooms all point one way', () => {
    const order = layering.ROOMS.map((r) => r.name);
    const upward = layering.ROOMS.flatMap((r) => r.mayUse.filter((u) => !order.includes(u) || order.indexOf(u) >= order.indexOf(r.name)).map((u) => `${r.name} -> ${u}`));
    expect(upward).toEqual([]);
  });

  it('src/ reaches reporters/ only through reporters/index.ts, from the composition roots: a reporter is deleted without touching src/', () => {
    const roots = layering.ROOTS.filter((r) => r.file.startsWith('src/') && new RegExp(r.mayImport).test('reporters/index.ts'));
    expect(roots.map((r) => r.file).sort()).toEqual(['src/cli/proxy.ts', 'src/cli/run.ts', 'src/run/merge.ts', 'src/run/runner.ts']);
    for (const r of roots) expect(r.mayImport).toBe('^reporters/index\\.ts$');
    expect(layering.ROOMS.filter((r) => r.path.startsWith('^src') && r.mayUse.includes('reporters'))).toEqual([]);
  });

  it('src/README.md shows the table of .dependency-cruiser.cjs', () => {
    const file = path.join(ROOT, 'src/README.md');
    const text = fs.readFileSync(file, 'utf8');
    const [start, end] = ['<!-- layering:start (rendered from .dependency-cruiser.cjs by test/layering.test.ts) -->\n', '<!-- layering:end -->'];
    const before = text.slice(0, text.indexOf(start) + start.length);
    const after = text.slice(text.indexOf(end));
    expect(text.includes(start) && text.includes(end)).toBe(true);
    const want = before + layeringTable() + after;
    if (process.env.ROLLCALL_WRITE_TABLES === '1') fs.writeFileSync(file, want);
    expect(text).toBe(want);
  });
});

describe('the check fails when a cycle or a forbidden arrow is put in (a copy of the tree)', () => {
  let copy: string;
  let found: string[];
  const append = (file: string, line: string) => fs.appendFileSync(path.join(copy, file), `\n${line}\n`);

  beforeAll(async () => {
    copy = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-layering-'));
    for (const d of ['src', 'reporters']) fs.cpSync(path.join(ROOT, d), path.join(copy, d), { recursive: true });
    fs.copyFileSync(path.join(ROOT, 'tsconfig.json'), path.join(copy, 'tsconfig.json'));
    // A cycle made of a type-only import: problem-set.ts imports titles.ts, which now imports back a type.
    append('src/findings/titles.ts', "import type { ProblemSet } from './problem-set.js';");
    // A lower room reaching up to the run (type-only, inside a comment-free line after code).
    append('src/baseline/pattern.ts', "export type Reach = import('../run/target.js').TargetKind;");
    // src/ importing a reporter directly rather than through the runner's reporters/index.ts.
    append('src/run/needs.ts', "import type { JsonReport } from '../../reporters/json.js';");
    // A reporter reading the run's internals.
    append('reporters/junit.ts', "import { Outcome } from '../src/run/outcome.js';");
    found = (await cruiseTree(copy)).violations;
  });

  afterAll(() => fs.rmSync(copy, { recursive: true, force: true }));

  it('names a cycle of a type-only import (reported on one of its arrows)', () => {
    expect(found.filter((v) => /^no-cycle src\/findings\/(titles|problem-set)\.ts -> src\/findings\/(problem-set|titles)\.ts$/.test(v))).toHaveLength(1);
  });

  it.each([
    ['a room importing a room above it (an inline import() type)', 'room-baseline src/baseline/pattern.ts -> src/run/target.ts'],
    ['src/ importing a reporter other than through reporters/index.ts', 'room-run src/run/needs.ts -> reporters/json.ts'],
    ['a reporter importing the run', 'room-reporters reporters/junit.ts -> src/run/outcome.ts'],
  ])('names %s', (_what, violation) => {
    expect(found).toContain(violation);
  });

  it('and nothing it was not given', () => {
    const expected = /^(no-cycle|room-baseline src\/baseline\/pattern\.ts|room-run src\/run\/needs\.ts|room-reporters reporters\/junit\.ts) /;
    expect(found.filter((v) => !expected.test(v))).toEqual([]);
  });
});
