import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/diff/index.js';
import { BASE, loadBase, rollcall, tmpDir, VENDOR_STYLE, writeVariant } from './support.js';

function breakingVariant(): string {
  const { doc, schema } = loadBase();
  schema.$defs.ParticipantStatus.enum.push('disconnecting');
  return writeVariant(tmpDir('diff-cli'), doc, schema);
}

describe('rollcall diff (the CLI)', () => {
  it.each([
    ['no change', 0, [BASE, BASE]],
    ['non-breaking changes only', 0, [BASE, VENDOR_STYLE]],
    ['a breaking change', 1, [BASE, 'BREAKING']],
    ['one document', 2, [BASE]],
    ['three documents', 2, [BASE, BASE, BASE]],
    ['a missing document', 2, [BASE, '/nonexistent/b.yaml']],
    ['a document that is not OpenAPI', 2, [BASE, 'package.json']],
    ['an unknown --format', 2, ['--format', 'xml', BASE, BASE]],
    ['an unknown flag', 2, ['--bogus', BASE, BASE]],
  ] as Array<[string, number, string[]]>)('%s: exit %i', async (_name, code, args) => {
    const r = await rollcall(['diff', ...args.map((a) => (a === 'BREAKING' ? breakingVariant() : a))]);
    expect(r.code, r.stderr).toBe(code);
    if (code === 2) expect(r.stderr).toMatch(/^rollcall diff: /);
  });

  it('prints each change with its classification, kind, place and message in text', async () => {
    const r = await rollcall(['diff', BASE, breakingVariant()]);
    expect(r.stdout).toContain('3 operations compared: 2 breaking changes, 0 non-breaking');
    expect(r.stdout).toMatch(/BREAKING {2}enum-value-added {2}response \/participants\/\*\/status {2}status now lists the value "disconnecting"\./);
  });

  it('prints the report as JSON with --format json', async () => {
    const r = await rollcall(['diff', '--format', 'json', BASE, VENDOR_STYLE]);
    const report = JSON.parse(r.stdout) as DiffReport;
    expect(report.tool).toBe('rollcall diff');
    expect(report.summary).toEqual({ breaking: 0, nonBreaking: 3 });
    expect(report.changes[0]).toEqual({
      kind: 'parameter-renamed', breaking: false, operation: 'telnyx.listRoomSessionParticipants', location: 'parameter', path: 'path/id',
      before: 'id', after: 'room_session_id', message: 'The path parameter {id} is called {room_session_id}.',
    });
  });

  it('writes Markdown to --out and says so on stdout', async () => {
    const out = path.join(tmpDir('diff-md'), 'diff.md');
    const r = await rollcall(['diff', '--format', 'markdown', '--out', out, BASE, breakingVariant()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(`rollcall diff: 2 breaking, 0 non-breaking changes; report written to ${out}\n`);
    const md = fs.readFileSync(out, 'utf8');
    expect(md).toContain('| | change | where | A | B | what |');
    // The message cell through forMarkdown (src/sanitize.ts): quotes as entities, Markdown's punctuation escaped.
    expect(md).toContain('| **breaking** | `enum-value-added` | `response /participants/*/status` |  | `disconnecting` | status now lists the value &quot;disconnecting&quot;\\. |');
  });

  it('is listed by rollcall help', async () => {
    const r = await rollcall(['help']);
    expect(r.stdout).toMatch(/^ {2}diff {2,}.*SPEC_A SPEC_B$/m);
    expect(r.stdout).toMatch(/^ {2}drift {2,}.*--from DIR/m);
  });
});
