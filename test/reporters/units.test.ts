/** The reporters' small pure parts, table-driven: patterns, escaping, option checks, meta guards. */
import { describe, expect, it } from 'vitest';
import { pathPattern } from '../../reporters/aggregate.js';
import { evidenceFromMeta, FieldTallies } from '../../src/report-types/evidence.js';
import { escapeData, escapeProperty } from '../../reporters/github.js';
import { createReporters, defaultReporters } from '../../reporters/index.js';
import { xmlEscape } from '../../reporters/junit.js';
import type { RunMeta } from '../../src/report-types/run-meta.js';
import { parseXml, textOf } from './xml.js';

const run: RunMeta = { tool: 'rollcall', rollcallVersion: '0', vitestVersion: '0', node: 'v20', target: 't', kind: 'mock', faults: [], strict: false, startedAt: '2026-01-01T00:00:00.000Z' };

describe('pathPattern', () => {
  it.each([
    ['/participants/3/room_sid', '/participants/*/room_sid'],
    ['/data/12', '/data/*'],
    ['/participants/0/links/1/x', '/participants/*/links/*/x'],
    ['/meta/page_size', '/meta/page_size'],
    ['/participants/3a/sid', '/participants/3a/sid'],
    ['#status', '#status'],
    ['#header/content-type', '#header/content-type'],
    ['', ''],
  ])('%s -> %s', (pointer, pattern) => {
    expect(pathPattern(pointer)).toBe(pattern);
  });
});

describe('xmlEscape', () => {
  it.each([
    ['a < b & c > "d" \'e\''],
    ['control \u0001\u0008\u000B\u001F characters'],
    ['lone surrogate \uD800 here, pair 😀 kept'],
    ['tab\tnewline\ncarriage\r'],
    [']]> and &amp; literal'],
  ])('%j survives a strict XML parser in text and attribute, control characters shown as escapes (forXml)', (text) => {
    const doc = parseXml(`<r a="${xmlEscape(text)}">${xmlEscape(text)}</r>`);
    // src/sanitize.ts: controls, lone surrogates, tab, CR and LF read as their escapes; a pair and ordinary text are kept.
    const expected = text.replace(/[\u0000-\u001F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/g, (c) => ({ '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(textOf(doc)).toBe(expected);
    expect(doc.attrs.a).toBe(expected);
  });

  it('keeps rollcall\'s own line feeds in multiline text, escaping every other control character', () => {
    const doc = parseXml(`<r>${xmlEscape('block one\nvalue \u001b[31m\r', { multiline: true })}</r>`);
    expect(textOf(doc)).toBe('block one\nvalue \\u001b[31m\\r');
  });
});

describe('GitHub workflow command escaping', () => {
  // Data keeps rollcall's own line feeds (%0A, shown as line breaks); a property is one line; every other control character reads as its escape.
  it.each([
    ['100% done\nnext', '100%25 done%0Anext', '100%25 done\\nnext'],
    ['a:b,c', 'a:b,c', 'a%3Ab%2Cc'],
    ['cr\r', 'cr\\r', 'cr\\r'],
    ['esc \u001b]0;title\u0007 \u009b31m \u202e', 'esc \\u001b]0;title\\u0007 \\u009b31m \\u202e', 'esc \\u001b]0;title\\u0007 \\u009b31m \\u202e'],
  ])('%j', (text, data, property) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });
});

describe('createReporters', () => {
  it.each([
    [['nope'], 'unknown reporter nope; reporters: json, junit, github, markdown, html, coverage'],
    [[['junit', { outputFile: 'x.xml', colour: true }]], 'reporter junit: unknown option colour; options: outputFile, maxGroupsPerCase'],
    [[['json', { pretty: true }]], 'reporter json: unknown option pretty; options: (none)'],
  ])('%j throws naming the valid names', (entries, message) => {
    expect(() => createReporters(entries as Array<string | [string, object]>, { reportDir: '/tmp/unused', run })).toThrow(message);
  });

  it('takes names and [name, options]', () => {
    expect(createReporters(['json', ['junit', { outputFile: 'ci.xml' }], ['github', { maxPerLevel: 3 }]], { reportDir: '/tmp/unused', run })).toHaveLength(3);
  });

  it.each([
    [{}, ['json', 'junit', 'markdown', 'html', 'coverage']],
    [{ GITHUB_ACTIONS: 'true' }, ['json', 'junit', 'markdown', 'html', 'coverage', 'github']],
  ])('defaults with env %j', (env, names) => {
    expect(defaultReporters(env)).toEqual(names);
  });
});

describe('evidenceFromMeta', () => {
  const request = { operation: 'o', method: 'GET', url: 'http://h/x?a=1', status: 200 };
  const tally = { operation: 'o', pointer: '/a', count: 1, types: { string: 1 }, values: { x: 1 }, otherValues: 0 };
  it.each([
    ['no meta', undefined, {}],
    ['today\'s meta', { operation: 'o', violations: [], exchanges: 1 }, {}],
    ['both fields', { requests: [request], fields: [tally] }, { requests: [request], fields: [tally] }],
    ['a malformed request drops the list', { requests: [request, { url: 3 }], fields: [tally] }, { fields: [tally] }],
    ['a malformed tally drops the list', { requests: [request], fields: [{ ...tally, types: { string: 'one' } }] }, { requests: [request] }],
    ['not arrays', { requests: 'x', fields: {} }, {}],
  ])('%s', (_name, meta, evidence) => {
    expect(evidenceFromMeta(meta)).toEqual(evidence);
  });
});

describe('FieldTallies', () => {
  it('counts types and short values per pointer pattern, keeps long strings out', () => {
    const t = new FieldTallies();
    t.add('op', { items: [{ s: 'a', n: 1 }, { s: 'a', n: 1.5 }, { s: null, n: 2, 'x/y': 'RM' + '0'.repeat(32) }] });
    expect(t.list()).toEqual([
      { operation: 'op', pointer: '/items', count: 1, types: { array: 1 }, values: {}, otherValues: 0 },
      { operation: 'op', pointer: '/items/*', count: 3, types: { object: 3 }, values: {}, otherValues: 0 },
      { operation: 'op', pointer: '/items/*/s', count: 3, types: { string: 2, null: 1 }, values: { a: 2 }, otherValues: 0 },
      { operation: 'op', pointer: '/items/*/n', count: 3, types: { integer: 2, number: 1 }, values: {}, otherValues: 0 },
      { operation: 'op', pointer: '/items/*/x~1y', count: 1, types: { string: 1 }, values: {}, otherValues: 1 },
    ]);
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('counts the body value %j like any other (values are keys: never Object.prototype\'s)', (value) => {
    const t = new FieldTallies();
    t.add('op', { v: [value, value, 'x'] });
    const tally = t.list().find((x) => x.pointer === '/v/*');
    expect(Object.getPrototypeOf(tally?.values)).toBe(Object.prototype);
    expect(Object.entries(tally?.values ?? {})).toEqual([[value, 2], ['x', 1]]);
    expect(tally?.otherValues).toBe(0);
  });

  it('keeps at most 16 distinct values per field and counts the rest', () => {
    const t = new FieldTallies();
    t.add('op', { v: Array.from({ length: 20 }, (_, i) => `v${i}`) });
    const v = t.list().find((x) => x.pointer === '/v/*');
    expect(Object.keys(v?.values ?? {})).toHaveLength(16);
    expect(v?.otherValues).toBe(4);
  });
});
