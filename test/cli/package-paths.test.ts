/** Files of the package named as the user sees them: in the checkout, installed in node_modules, or elsewhere. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePathShown, packagePathsShown, ROOT } from '../../src/paths.js';
import { sourceText } from '../../src/findings/provenance.js';

describe('packagePathShown', () => {
  it.each([
    ['rollcall\'s own checkout', ROOT, 'schemas/twilio.schema.json', 'schemas/twilio.schema.json'],
    ['a subfolder of the checkout', path.join(ROOT, 'test'), 'schemas/twilio.schema.json', path.join(ROOT, 'schemas/twilio.schema.json')],
    ['a folder', ROOT, 'schemas/', 'schemas/'],
    ['outside', '/nowhere/else', 'schemas/', `${path.join(ROOT, 'schemas')}/`],
  ])('%s', (_name, cwd, rel, shown) => {
    expect(packagePathShown(rel, cwd)).toBe(shown);
  });

  it('names node_modules/rollcall/… in a project where the package is installed', () => {
    // The package root as installed: <project>/node_modules/rollcall; the project is its grandparent.
    const project = path.dirname(path.dirname(ROOT));
    const installed = path.relative(project, ROOT);
    expect(packagePathShown('schemas/telnyx.schema.json', project)).toBe(`${installed}/schemas/telnyx.schema.json`);
  });

  it('rewrites each package address in a text, and nothing else', () => {
    const text = 'update schemas/ or specs/NOTES.md; /v2/room_schemas/x and myschemas/y stay; see schemas/x.json.';
    expect(packagePathsShown(text, '/nowhere')).toBe(`update ${path.join(ROOT, 'schemas')}/ or ${path.join(ROOT, 'specs/NOTES.md')}; /v2/room_schemas/x and myschemas/y stay; see ${path.join(ROOT, 'schemas/x.json')}.`);
    expect(packagePathsShown(text, ROOT)).toBe(text);
  });
});

describe('sourceText', () => {
  it('a report source as the user sees it from the working directory (the checkout here)', () => {
    expect(sourceText({ schema: 'schemas/twilio.schema.json#/$defs/ListMeta', document: { seed: '001', quote: 'x' } })).toBe('schemas/twilio.schema.json#/$defs/ListMeta (seed 001: "x")');
    expect(sourceText({ schema: 'specs/telnyx.v2.yaml GET /room_sessions/{room_session_id}/participants', document: { notes: 'I3' } })).toBe('specs/telnyx.v2.yaml GET /room_sessions/{room_session_id}/participants (specs/NOTES.md I3)');
  });
});
