/**
 * Where constraints come from: every constraint in schemas/ carries (or sits in a definition that
 * carries) an `x-source` naming the seed document and the line it quotes, or a specs/NOTES.md entry;
 * problems resolve their source from there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog/catalog.js';
import { SOURCE_KEYWORD, sourceOfPattern } from '../src/findings/provenance.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SCHEMAS = path.join(ROOT, 'schemas');
const NOTES = fs.readFileSync(path.join(ROOT, 'specs/NOTES.md'), 'utf8');
/** Keywords that constrain a value (type alone does not: it sits on every node). */
const CONSTRAINTS = ['enum', 'const', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'required', 'x-rule'];

type Node = Record<string, unknown>;
const files = fs.readdirSync(SCHEMAS).filter((f) => f.endsWith('.schema.json')).sort();

/** Every constraining node of a file, with the x-source that covers it (its own, or its definition's). */
function constraintNodes(file: string): Array<{ where: string; keywords: string[]; source: unknown }> {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, file), 'utf8')) as Node;
  const out: Array<{ where: string; keywords: string[]; source: unknown }> = [];
  const visit = (node: unknown, where: string, inherited: unknown): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => visit(n, `${where}/${i}`, inherited));
    if (!node || typeof node !== 'object') return;
    const n = node as Node;
    const source = n[SOURCE_KEYWORD] ?? inherited;
    const keywords = CONSTRAINTS.filter((k) => k in n);
    if (keywords.length > 0) out.push({ where, keywords, source });
    for (const [k, v] of Object.entries(n)) {
      if (k === SOURCE_KEYWORD || k === 'enum' || k === 'const' || k === 'examples' || k === 'required' || k === 'default') continue;
      visit(v, `${where}/${k}`, source);
    }
  };
  for (const [name, def] of Object.entries((schema.$defs ?? {}) as Node)) visit(def, `schemas/${file}#/$defs/${name}`, undefined);
  return out;
}

describe('x-source in schemas/', () => {
  const nodes = files.flatMap((f) => constraintNodes(f));

  it('covers schemas/ (the test reads every schema file)', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
    expect(nodes.length).toBeGreaterThan(30);
  });

  it.each(nodes.map((n) => [n.where, n] as const))('%s has a source', (_where, n) => {
    expect(n.source, `${n.where} (${n.keywords.join(', ')}) has no ${SOURCE_KEYWORD}, neither its own nor its definition's`).toBeTruthy();
    const s = n.source as { seed?: unknown; notes?: unknown; quote?: unknown };
    expect(Object.keys(s).every((k) => ['seed', 'notes', 'quote'].includes(k))).toBe(true);
    expect(s.seed !== undefined || s.notes !== undefined).toBe(true);
    if (s.seed !== undefined) {
      expect(String(s.seed)).toMatch(/^00[0-4]$/);
      expect(typeof s.quote, 'a seed source quotes its line').toBe('string');
    }
    if (s.notes !== undefined) expect(NOTES, `specs/NOTES.md has no entry ${String(s.notes)}`).toContain(`| ${String(s.notes)} |`);
  });
});

describe('a problem finds its constraint', () => {
  it.each([
    ['twilio-video.listRoomParticipants', '/participants/*/status', true, 'schemas/twilio-video.schema.json#/$defs/ParticipantStatus', 'V1'],
    ['twilio-video.listRoomParticipants', '/meta/next_page_url', false, 'schemas/twilio.schema.json#/$defs/ListMeta', 'I3'],
    ['twilio-video.listRoomParticipants', '/participants/*/identity', true, 'schemas/twilio-video.schema.json#/$defs/RoomParticipant', 'V7'],
    ['telnyx.listRoomSessionParticipants', '/data/*/record_type', true, 'schemas/telnyx.schema.json#/$defs/RoomParticipant', 'T1'],
  ] as const)('%s %s (schema rule: %s) -> %s', async (operation, pattern, schemaRule, schema, notes) => {
    const source = sourceOfPattern(await loadCatalog(), operation, pattern, schemaRule);
    expect(source?.schema).toBe(schema);
    expect(source?.document?.notes).toBe(notes);
  });
});
