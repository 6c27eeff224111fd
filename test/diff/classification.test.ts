import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGE_KINDS, CLASSIFICATION, isBreaking } from '../../src/diff/index.js';
import { ROOT } from './support.js';

/** The classification table of src/diff/README.md, as [kind, response, request]. */
function readmeTable(): Array<[string, boolean, boolean]> {
  const text = fs.readFileSync(path.join(ROOT, 'src/diff/README.md'), 'utf8');
  const rows: Array<[string, boolean, boolean]> = [];
  for (const line of text.split('\n')) {
    const m = /^\| `([a-z-]+)` \| (\*\*breaking\*\*|non-breaking) \| (\*\*breaking\*\*|non-breaking) \|/.exec(line);
    if (m) rows.push([m[1] as string, m[2] === '**breaking**', m[3] === '**breaking**']);
  }
  return rows;
}

describe('rollcall diff: the classification table', () => {
  it('README.md lists every change kind, in the same order, with the same classification as the code', () => {
    expect(readmeTable()).toEqual(CHANGE_KINDS.map((k) => [k, CLASSIFICATION[k].response, CLASSIFICATION[k].request]));
  });

  // The rule of README.md: wider breaks responses, narrower breaks requests, neither breaks both.
  it.each([
    ['enum-value-added', true, false],
    ['enum-value-removed', false, true],
    ['bound-loosened', true, false],
    ['bound-tightened', false, true],
    ['became-nullable', true, false],
    ['became-non-nullable', false, true],
    ['pattern-removed', true, false],
    ['pattern-added', false, true],
    ['pattern-changed', true, true],
    ['format-changed', true, true],
    ['type-changed', true, true],
    ['field-removed', true, true],
    ['field-made-optional', true, false],
    ['parameter-made-required', true, true],
    ['default-changed', false, true],
  ] as const)('%s: breaking in a response %s, in a request %s', (kind, response, request) => {
    expect([isBreaking(kind, 'response'), isBreaking(kind, 'request')]).toEqual([response, request]);
  });
});
