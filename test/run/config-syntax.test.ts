/** A config file that is not JSON: the error names the file, then line and column (1-based), never "position N". */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, CONFIG_FILE, loadConfig } from '../../src/run/config.js';
import { jsonErrorOffset, jsonSyntaxError, lineColumn } from '../../src/run/json-syntax.js';

describe('jsonErrorOffset agrees with JSON.parse', () => {
  const texts = [
    '{}', '[]', ' {"a": [1, -2.5e+3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0', '{"a":{"b":[]}}',
    '', ' ', '{', '{"a": tru}', '{"a": 1,}', '{"a" 1}', '{"a": "x\n"}', '{"a": 1} x', 'xyz', '[1 2]', '{"a": 01}',
    '{"a": "\\q"}', '{"a": "\\u12"}', '{a: 1}', '[,]', '{"a": .5}', '{"a": 1.}', '{"a": -}', 'nul', '[1,]',
  ];
  it.each(texts.map((t) => [JSON.stringify(t), t] as const))('%s', (_name, text) => {
    let valid = true;
    try {
      JSON.parse(text);
    } catch {
      valid = false;
    }
    expect(jsonErrorOffset(text) === -1).toBe(valid);
  });

  it.each([
    ['{"a": tru}', 9],
    ['{\n  "target": "mock",\n    x: 1\n}', 26],
    ['{"a": 1} x', 9],
    ['{', 1],
    ['', 0],
  ] as const)('%j fails at offset %i', (text, offset) => {
    expect(jsonErrorOffset(text)).toBe(offset);
  });
});

describe('jsonSyntaxError: FILE:LINE:COLUMN: what', () => {
  const message = (text: string) => {
    try {
      JSON.parse(text);
    } catch (err) {
      return jsonSyntaxError(CONFIG_FILE, text, err as Error);
    }
    throw new Error('valid JSON');
  };
  it.each([
    ['{\n  "target": "mock",\n    x: 1\n}', /^rollcall\.config\.json:3:5: Expected double-quoted property name$/],
    ['{\n  "strict": tru\n}', /^rollcall\.config\.json:2:16: Unexpected token '\\n'$/],
    ['{\n  "target": "mock"\n', /^rollcall\.config\.json:3:1: Expected ',' or '}' after property value$/],
    ['', /^rollcall\.config\.json:1:1: Unexpected end of JSON input$/],
    [`{"${'a'.repeat(60)}": 1,\n "b": x, "${'c'.repeat(60)}": 2}`, /^rollcall\.config\.json:2:7: Unexpected token 'x'$/],
  ] as const)('%j', (text, expected) => {
    const m = message(text);
    expect(m).toMatch(expected);
    expect(m).not.toMatch(/position|is not valid JSON/);
  });

  it('lineColumn counts from 1', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 3)).toEqual({ line: 2, column: 1 });
    expect(lineColumn('ab\ncd', 5)).toEqual({ line: 2, column: 3 });
  });
});

describe('loadConfig', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-config-syntax-'));
  fs.writeFileSync(path.join(dir, CONFIG_FILE), '{\n  "target": "mock",\n    x: 1\n}\n');

  it('names the file found in the working directory as the user sees it', () => {
    expect(() => loadConfig(undefined, dir)).toThrow(ConfigError);
    expect(() => loadConfig(undefined, dir)).toThrow(/^rollcall\.config\.json:3:5: Expected double-quoted property name$/);
  });

  it('names a --config file as given', () => {
    const given = path.join(dir, CONFIG_FILE);
    expect(() => loadConfig(given, dir)).toThrow(`${given}:3:5: Expected double-quoted property name`);
  });
});
