import { describe, expect, it } from 'vitest';
import { diffSpecs, type ChangeKind } from '../../src/diff/index.js';
import { BASE, loadBase, tmpDir, writeVariant, type Json } from './support.js';

const LIST = '/v1/Rooms/{RoomSid}/Participants';
const UPDATE = '/v1/Rooms/{RoomNameOrSid}/Participants/{ParticipantIdentityOrSid}';
const TELNYX = '/v2/room_sessions/{id}/participants';
const listParams = (doc: Json) => doc.paths[LIST].get.parameters as Json[];
const param = (doc: Json, name: string) => listParams(doc).find((p) => p.name === name) as Json;
const participant = (schema: Json) => schema.$defs.Participant as Json;
const props = (schema: Json) => participant(schema).properties as Json;
const updateBody = (doc: Json) => doc.paths[UPDATE].post.requestBody.content['application/x-www-form-urlencoded'].schema as Json;

type Mutation = (doc: Json, schema: Json) => void;
interface Row {
  name: string;
  /** Diff the variant against the base instead (B -> A). */
  reverse?: boolean;
  mutate: Mutation;
  changes: Array<{ kind: ChangeKind; breaking: boolean; operation: string; location: string; path: string }>;
}

const V_LIST = 'twilio-video.listRoomParticipants';
const V_UPDATE = 'twilio-video.updateRoomParticipant';
const T_LIST = 'telnyx.listRoomSessionParticipants';
/** The participant schema is the update's response and the list's items: a change to it shows in both. */
const inParticipant = (kind: ChangeKind, breaking: boolean, field: string) => [
  { kind, breaking, operation: V_LIST, location: 'response', path: `/participants/*${field}` },
  { kind, breaking, operation: V_UPDATE, location: 'response', path: field },
];

const ROWS: Row[] = [
  // enums
  { name: 'response enum value added', mutate: (_d, s) => s.$defs.ParticipantStatus.enum.push('disconnecting'), changes: inParticipant('enum-value-added', true, '/status') },
  { name: 'response enum value removed', mutate: (_d, s) => s.$defs.ParticipantStatus.enum.pop(), changes: inParticipant('enum-value-removed', false, '/status') },
  { name: 'request enum value removed', mutate: (d) => param(d, 'Status').schema.enum.pop(), changes: [{ kind: 'enum-value-removed', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Status' }] },
  { name: 'request enum value added', mutate: (d) => param(d, 'Status').schema.enum.push('disconnecting'), changes: [{ kind: 'enum-value-added', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/Status' }] },
  { name: 'request-body enum value added', mutate: (d) => updateBody(d).properties.Status.enum.push('connected'), changes: [{ kind: 'enum-value-added', breaking: false, operation: V_UPDATE, location: 'request-body', path: '/Status' }] },
  { name: 'response enum dropped (const removed)', mutate: (d) => delete d.components.schemas.ListResponse.properties.meta.properties.key.const, changes: [{ kind: 'enum-removed', breaking: true, operation: V_LIST, location: 'response', path: '/meta/key' }] },
  { name: 'request enum added', mutate: (d) => (param(d, 'Identity').schema.enum = ['alice']), changes: [{ kind: 'enum-added', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  // patterns
  { name: 'response pattern changed', mutate: (_d, s) => (s.$defs.ParticipantSid.pattern = '^PA[0-9a-f]{32}$'), changes: inParticipant('pattern-changed', true, '/sid') },
  { name: 'response pattern removed', mutate: (_d, s) => delete props(s).country_code.pattern, changes: inParticipant('pattern-removed', true, '/country_code') },
  { name: 'request pattern added', mutate: (d) => (param(d, 'Identity').schema.pattern = '^[a-z]+$'), changes: [{ kind: 'pattern-added', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'request pattern removed', mutate: (d) => delete param(d, 'RoomSid').schema.pattern, changes: [{ kind: 'pattern-removed', breaking: false, operation: V_LIST, location: 'parameter', path: 'path/RoomSid' }] },
  // bounds
  { name: 'request bound tightened', mutate: (d) => (d.components.parameters.PageSize.schema.maximum = 500), changes: [{ kind: 'bound-tightened', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/PageSize' }] },
  { name: 'request bound loosened', mutate: (d) => (d.components.parameters.PageSize.schema.maximum = 2000), changes: [{ kind: 'bound-loosened', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/PageSize' }] },
  { name: 'response bound loosened (minimum dropped)', mutate: (_d, s) => delete props(s).duration.anyOf[0].minimum, changes: inParticipant('bound-loosened', true, '/duration') },
  { name: 'response bound tightened', mutate: (_d, s) => (props(s).tags.maxItems = 5), changes: inParticipant('bound-tightened', false, '/tags') },
  // fields and required
  { name: 'response field removed', mutate: (_d, s) => delete props(s).tags, changes: inParticipant('field-removed', true, '/tags') },
  { name: 'response field added', mutate: (_d, s) => (props(s).media_region = { type: 'string' }), changes: inParticipant('field-added', false, '/media_region') },
  { name: 'response field made optional', mutate: (_d, s) => (participant(s).required = participant(s).required.filter((r: string) => r !== 'sid')), changes: inParticipant('field-made-optional', true, '/sid') },
  { name: 'response field made required', mutate: (_d, s) => participant(s).required.push('tags'), changes: inParticipant('field-made-required', false, '/tags') },
  { name: 'request-body field added', mutate: (d) => (updateBody(d).properties.Reason = { type: 'string' }), changes: [{ kind: 'field-added', breaking: false, operation: V_UPDATE, location: 'request-body', path: '/Reason' }] },
  { name: 'request-body required field added', mutate: (d) => Object.assign(updateBody(d), { properties: { ...updateBody(d).properties, Reason: { type: 'string' } }, required: ['Reason'] }), changes: [{ kind: 'required-field-added', breaking: true, operation: V_UPDATE, location: 'request-body', path: '/Reason' }] },
  { name: 'request-body field removed', mutate: (d) => delete updateBody(d).properties.Status, changes: [{ kind: 'field-removed', breaking: true, operation: V_UPDATE, location: 'request-body', path: '/Status' }] },
  // nullability
  { name: 'response became nullable', mutate: (_d, s) => (props(s).country_code.type = ['string', 'null']), changes: inParticipant('became-nullable', true, '/country_code') },
  { name: 'response became non-nullable (anyOf null dropped)', mutate: (_d, s) => (props(s).duration = props(s).duration.anyOf[0]), changes: inParticipant('became-non-nullable', false, '/duration') },
  { name: 'nullable 3.1 type array -> 3.0 nullable: no change', mutate: (d) => (d.paths[TELNYX].get.responses['200'].content['application/json'].schema.properties.data.items.properties.left_at = { type: 'string', format: 'date-time', nullable: true }), changes: [] },
  // parameters
  { name: 'parameter added', mutate: (d) => listParams(d).push({ name: 'Label', in: 'query', schema: { type: 'string' } }), changes: [{ kind: 'parameter-added', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/Label' }] },
  { name: 'required parameter added', mutate: (d) => listParams(d).push({ name: 'Label', in: 'query', required: true, schema: { type: 'string' } }), changes: [{ kind: 'required-parameter-added', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Label' }] },
  { name: 'parameter made required', mutate: (d) => (param(d, 'Identity').required = true), changes: [{ kind: 'parameter-made-required', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'parameter removed', mutate: (d) => d.paths[LIST].get.parameters.splice(listParams(d).indexOf(param(d, 'Identity')), 1), changes: [{ kind: 'parameter-removed', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'path parameter renamed', mutate: (d) => { d.paths['/v2/room_sessions/{room_session_id}/participants'] = d.paths[TELNYX]; delete d.paths[TELNYX]; d.paths['/v2/room_sessions/{room_session_id}/participants'].get.parameters[0].name = 'room_session_id'; }, changes: [{ kind: 'parameter-renamed', breaking: false, operation: T_LIST, location: 'parameter', path: 'path/id' }] },
  // defaults
  { name: 'request default changed', mutate: (d) => (d.components.parameters.PageSize.schema.default = 20), changes: [{ kind: 'default-changed', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/PageSize' }] },
  { name: 'request default removed', mutate: (d) => delete d.components.parameters.PageSize.schema.default, changes: [{ kind: 'default-removed', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/PageSize' }] },
  // types and formats
  { name: 'response type changed', mutate: (_d, s) => (props(s).duration.anyOf[0] = { type: 'string' }), changes: [...inParticipant('type-changed', true, '/duration')] },
  { name: 'response type widened', mutate: (_d, s) => (props(s).duration.anyOf[0].type = 'number'), changes: inParticipant('type-widened', true, '/duration') },
  { name: 'request type changed', mutate: (d) => (param(d, 'Identity').schema.type = 'integer'), changes: [{ kind: 'type-changed', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'request type widened', mutate: (d) => (param(d, 'Identity').schema.type = ['string', 'integer']), changes: [{ kind: 'type-widened', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'request type narrowed (the widened variant read backwards)', reverse: true, mutate: (d) => (param(d, 'Identity').schema.type = ['string', 'integer']), changes: [{ kind: 'type-narrowed', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'response type narrowed (the widened variant read backwards)', reverse: true, mutate: (_d, s) => (props(s).duration.anyOf[0].type = 'number'), changes: inParticipant('type-narrowed', false, '/duration') },
  { name: 'response format changed', mutate: (_d, s) => (s.$defs.DateTime.format = 'date'), changes: inParticipant('format-changed', true, '/end_time') },
  { name: 'request format added', mutate: (d) => (param(d, 'Identity').schema.format = 'email'), changes: [{ kind: 'format-added', breaking: true, operation: V_LIST, location: 'parameter', path: 'query/Identity' }] },
  { name: 'number width format added', mutate: (d) => (d.components.parameters.PageSize.schema.format = 'int64'), changes: [{ kind: 'format-width-changed', breaking: false, operation: V_LIST, location: 'parameter', path: 'query/PageSize' }] },
  { name: 'map values lose their format', mutate: (_d, s) => delete props(s).links.additionalProperties.format, changes: inParticipant('format-removed', true, '/links/{key}') },
  // objects, statuses, operations
  { name: 'response object opened', mutate: (_d, s) => delete participant(s).additionalProperties, changes: inParticipant('additional-properties-allowed', false, '') },
  { name: 'success status changed', mutate: (d) => { d.paths[UPDATE].post.responses['200'] = d.paths[UPDATE].post.responses['202']; delete d.paths[UPDATE].post.responses['202']; }, changes: [{ kind: 'success-status-changed', breaking: true, operation: V_UPDATE, location: 'response', path: '#status' }] },
  { name: 'error status no longer documented', mutate: (d) => delete d.paths[LIST].get.responses['404'], changes: [{ kind: 'response-status-removed', breaking: false, operation: V_LIST, location: 'response', path: '#status/404' }] },
  { name: 'request media type changed', mutate: (d) => { const c = d.paths[UPDATE].post.requestBody.content; c['application/json'] = c['application/x-www-form-urlencoded']; delete c['application/x-www-form-urlencoded']; }, changes: [{ kind: 'media-type-changed', breaking: true, operation: V_UPDATE, location: 'request-body', path: '' }] },
  { name: 'operation removed', mutate: (d) => delete d.paths[LIST], changes: [{ kind: 'operation-removed', breaking: true, operation: V_LIST, location: 'operation', path: '' }] },
];

describe('rollcall diff: one change to the base fixture, one classification', () => {
  it.each(ROWS)('$name', ({ mutate, changes, reverse }) => {
    const { doc, schema } = loadBase();
    mutate(doc, schema);
    const variant = writeVariant(tmpDir('diff'), doc, schema);
    const report = reverse ? diffSpecs(variant, BASE) : diffSpecs(BASE, variant);
    const got = report.changes.map(({ kind, breaking, operation, location, path }) => ({ kind, breaking, operation, location, path }));
    expect(got).toEqual(changes);
    expect(report.summary).toEqual({ breaking: changes.filter((c) => c.breaking).length, nonBreaking: changes.filter((c) => !c.breaking).length });
  });

  it('reads a change in both directions with opposite classifications where the table says so', () => {
    const { doc, schema } = loadBase();
    schema.$defs.ParticipantStatus.enum.push('disconnecting');
    const variant = writeVariant(tmpDir('diff'), doc, schema);
    expect(diffSpecs(BASE, variant).changes.map((c) => [c.kind, c.breaking])).toEqual([['enum-value-added', true], ['enum-value-added', true]]);
    expect(diffSpecs(variant, BASE).changes.map((c) => [c.kind, c.breaking])).toEqual([['enum-value-removed', false], ['enum-value-removed', false]]);
  });
});
