import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DiffInputError, diffSpecs } from '../../src/diff/index.js';
import { RefResolver } from '../../src/diff/document.js';
import { Normalizer } from '../../src/diff/normalize.js';
import { BASE, ROOT, tmpDir, VENDOR_STYLE } from './support.js';

const OUR_SPECS = ['telnyx.v2.yaml', 'twilio-insights.v1.yaml', 'twilio-video.v1.yaml'].map((f) => path.join(ROOT, 'specs', f));

/** A copy of specs/ and schemas/ (the specs $ref ../schemas), for one edit. */
function copyOfOurSpecs(): string {
  const dir = tmpDir('diff-ours');
  fs.cpSync(path.join(ROOT, 'specs'), path.join(dir, 'specs'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'schemas'), path.join(dir, 'schemas'), { recursive: true });
  return dir;
}

describe('rollcall diff: documents against themselves and equivalents', () => {
  it.each([BASE, VENDOR_STYLE, ...OUR_SPECS].map((f) => [path.relative(ROOT, f), f]))('%s diffed with itself has no change', (_name, file) => {
    const report = diffSpecs(file, file);
    expect(report.changes).toEqual([]);
    expect(report.operations.length).toBeGreaterThan(0);
  });

  it('finds all five operations in our specs, each in the spec that documents it', () => {
    const found = OUR_SPECS.flatMap((f) => diffSpecs(f, f).operations.map((o) => [o.id, o.a?.method, o.a?.path]));
    expect(found).toEqual([
      ['telnyx.listRoomSessionParticipants', 'GET', '/v2/room_sessions/{room_session_id}/participants'],
      ['twilio-insights.listConferenceParticipants', 'GET', '/v1/Conferences/{ConferenceSid}/Participants'],
      ['twilio-video.listRoomParticipants', 'GET', '/v1/Rooms/{RoomSid}/Participants'],
      ['twilio-video.fetchRoomParticipant', 'GET', '/v1/Rooms/{RoomNameOrSid}/Participants/{ParticipantIdentityOrSid}'],
      ['twilio-video.updateRoomParticipant', 'POST', '/v1/Rooms/{RoomNameOrSid}/Participants/{ParticipantIdentityOrSid}'],
    ]);
  });

  it('reads a 3.0 vendor-style document (nullable, inline enums, uri-map, /v2 in the server) as equal to our 3.1 style, but for path parameter names', () => {
    const report = diffSpecs(BASE, VENDOR_STYLE);
    expect(report.changes.map((c) => [c.operation, c.kind, c.path, c.after, c.breaking])).toEqual([
      ['telnyx.listRoomSessionParticipants', 'parameter-renamed', 'path/id', 'room_session_id', false],
      ['twilio-video.updateRoomParticipant', 'parameter-renamed', 'path/RoomNameOrSid', 'RoomSid', false],
      ['twilio-video.updateRoomParticipant', 'parameter-renamed', 'path/ParticipantIdentityOrSid', 'Sid', false],
    ]);
    expect(report.notFound).toEqual(['twilio-insights.listConferenceParticipants', 'twilio-video.fetchRoomParticipant']);
  });
});

describe('rollcall diff: our spec against a copy with one change', () => {
  it('a region added to the shared Region enum is two breaking response changes', () => {
    const dir = copyOfOurSpecs();
    const file = path.join(dir, 'schemas/twilio-insights.schema.json');
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    schema.$defs.Region.enum.push('xx1'); // a region no source lists (in1 is listed since the vendor evidence)
    fs.writeFileSync(file, JSON.stringify(schema));
    const report = diffSpecs(path.join(ROOT, 'specs/twilio-insights.v1.yaml'), path.join(dir, 'specs/twilio-insights.v1.yaml'));
    expect(report.changes.map((c) => [c.kind, c.location, c.path, c.after, c.breaking])).toEqual([
      ['enum-value-added', 'response', '/participants/*/conference_region', 'xx1', true],
      ['enum-value-added', 'response', '/participants/*/participant_region', 'xx1', true],
    ]);
  });

  it('a status removed from the Video enum breaks the Status filter and only narrows the responses', () => {
    const dir = copyOfOurSpecs();
    const file = path.join(dir, 'schemas/twilio-video.schema.json');
    const schema = JSON.parse(fs.readFileSync(file, 'utf8'));
    schema.$defs.ParticipantStatus.enum = ['connected', 'disconnected'];
    fs.writeFileSync(file, JSON.stringify(schema));
    const report = diffSpecs(path.join(ROOT, 'specs/twilio-video.v1.yaml'), path.join(dir, 'specs/twilio-video.v1.yaml'));
    expect(report.changes.map((c) => [c.operation, c.kind, c.location, c.path, c.breaking])).toEqual([
      ['twilio-video.listRoomParticipants', 'enum-value-removed', 'parameter', 'query/Status', true],
      ['twilio-video.listRoomParticipants', 'enum-value-removed', 'response', '/participants/*/status', false],
      ['twilio-video.fetchRoomParticipant', 'enum-value-removed', 'response', '/status', false],
      ['twilio-video.updateRoomParticipant', 'enum-value-removed', 'response', '/status', false],
    ]);
    expect(report.summary).toEqual({ breaking: 1, nonBreaking: 3 });
  });
});

describe('rollcall diff: normalisation', () => {
  const norm = (schema: unknown) => {
    const dir = tmpDir('diff-norm');
    const file = path.join(dir, 'doc.json');
    fs.writeFileSync(file, JSON.stringify({ openapi: '3.1.0', paths: {}, components: { schemas: { S: schema, Node: { type: 'object', properties: { child: { $ref: '#/components/schemas/Node' } } } } } }));
    return new Normalizer(new RefResolver()).normalize({ $ref: '#/components/schemas/S' }, file);
  };

  it.each([
    ['3.0 nullable', { type: 'string', nullable: true }, { types: ['string'], nullable: true }],
    ['3.1 type array', { type: ['string', 'null'] }, { types: ['string'], nullable: true }],
    ['anyOf with a null branch', { anyOf: [{ type: 'string' }, { type: 'null' }] }, { types: ['string'], nullable: true }],
    ['oneOf with a null branch', { oneOf: [{ type: 'null' }, { type: 'integer' }] }, { types: ['integer'], nullable: true }],
    ['null in an enum', { type: 'string', enum: ['a', null] }, { types: ['string'], nullable: true, enum: ['a'] }],
    ['const', { const: 'x' }, { nullable: false, enum: ['x'] }],
    ['3.0 exclusiveMinimum: true', { type: 'integer', minimum: 0, exclusiveMinimum: true }, { types: ['integer'], nullable: false, bounds: { exclusiveMinimum: 0 } }],
    ['3.1 exclusiveMinimum: 0', { type: 'integer', exclusiveMinimum: 0 }, { types: ['integer'], nullable: false, bounds: { exclusiveMinimum: 0 } }],
    ['a union of two types', { anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] }, { types: ['integer', 'string'], nullable: true }],
    ['$ref siblings win (3.0 nullable and a type next to a $ref)', { $ref: '#/components/schemas/Node', nullable: true, type: 'object' }, { types: ['object'], nullable: true }],
    ['uri-map', { type: 'object', format: 'uri-map' }, { types: ['object'], additionalProperties: { types: ['string'], format: 'uri' } }],
  ])('%s', (_name, schema, expected) => {
    expect(norm(schema)).toMatchObject(expected);
  });

  it('a recursive schema is compared by name and does not loop', () => {
    const node = norm({ $ref: '#/components/schemas/Node' });
    expect(node.properties?.child?.recursive).toBe('Node');
  });
});

describe('rollcall diff: tool errors name the file', () => {
  it.each([
    ['a missing file', () => diffSpecs(BASE, '/nonexistent/spec.yaml'), /cannot read \/nonexistent\/spec\.yaml: ENOENT/],
    ['a file that is not OpenAPI', () => diffSpecs(BASE, path.join(ROOT, 'package.json')), /package\.json is not an OpenAPI document/],
    ['a document without our operations', () => {
      const dir = tmpDir('diff-none');
      const file = path.join(dir, 'other.yaml');
      fs.writeFileSync(file, 'openapi: 3.1.0\ninfo: {title: x, version: "1"}\npaths:\n  /pets:\n    get:\n      responses: {"200": {description: ok}}\n');
      return diffSpecs(file, file);
    }, /describes any of rollcall's operations/],
    ['a $ref that does not resolve', () => {
      const dir = tmpDir('diff-ref');
      const file = path.join(dir, 'broken.yaml');
      fs.writeFileSync(file, fs.readFileSync(BASE, 'utf8').replace("'#/components/schemas/ListResponse'", "'#/components/schemas/Missing'"));
      return diffSpecs(BASE, file);
    }, /broken\.yaml: \$ref #\/components\/schemas\/Missing does not resolve/],
  ])('%s', (_name, run, message) => {
    expect(run).toThrow(DiffInputError);
    expect(run).toThrow(message);
  });
});
