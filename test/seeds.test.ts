import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/index.js';

const catalog = await loadCatalog();
const seed = (name: string): string => fs.readFileSync(path.join(import.meta.dirname, 'fixtures/seeds', name), 'utf8');
const found = (operation: string, body: string, options = {}) =>
  catalog.validate(operation, body, options).map((v) => `${v.severity} ${v.rule} ${v.path}`).sort();

describe('seed 000: the randomly generated response', () => {
  const violations = catalog.validate('twilio-video.listRoomParticipants', seed('000-generated-list.json'));

  it('is flagged for each of its real defects, at the right path, and for nothing else', () => {
    expect(found('twilio-video.listRoomParticipants', seed('000-generated-list.json'))).toEqual(
      [
        'error schema.enum /participants/0/status',
        'error schema.enum /participants/1/status',
        'error twilio.duration-non-negative /participants/1/duration',
        'error twilio.updated-after-created /participants/0/date_updated',
        'error pagination.page-non-negative /meta/page',
        'error pagination.page-size-bounds /meta/page_size',
        'error pagination.meta-key /meta/key',
        // '+' and ',' in the host: a URI by RFC 3986, but not a host name anyone can resolve.
        'error schema.format /meta/first_page_url',
        'error schema.format /meta/previous_page_url',
        'error schema.format /meta/url',
        // 26 years between start_time and end_time, 21,450,371 s of duration: beyond any rounding (NOTES U1).
        'error twilio.duration-unit /participants/0/duration',
      ].sort(),
    );
  });

  it.each([
    ['/participants/0/status', 'schema.enum', ['connected', 'disconnected', 'reconnecting'], '<string>'],
    ['/participants/1/duration', 'twilio.duration-non-negative', '>= 0', -40051483],
    ['/meta/page', 'pagination.page-non-negative', '>= 0', -12939677],
    ['/meta/page_size', 'pagination.page-size-bounds', '1..1000', -96654870],
    ['/meta/key', 'pagination.meta-key', 'participants', 'ullamco'],
  ])('%s: %s with expected and actual', (at, rule, expected, actual) => {
    const v = violations.find((x) => x.path === at && x.rule === rule);
    expect(v).toMatchObject({ expected, actual, severity: 'error', operation: 'twilio-video.listRoomParticipants' });
    expect(v?.message).toBeTruthy();
    expect(v?.hint).toBeTruthy();
  });

  it('does not flag its SIDs, which are well formed', () => {
    expect(violations.filter((v) => v.rule === 'twilio.sid-pattern' || /_sid$|\/sid$/.test(v.path))).toEqual([]);
  });

  it('also breaks its own request once the request URL is known (filters and echoes)', () => {
    const url =
      'https://video.twilio.com/v1/Rooms/RM6dA1D8a37aF5fb5D10cE5D8C1AebCbcA/Participants?Status=disconnected&Identity=in%20sit&DateCreatedAfter=2010-06-20T13:39:48.535Z&DateCreatedBefore=2010-06-20T13:39:48.535Z&PageSize=783';
    const rules = new Set(catalog.validate('twilio-video.listRoomParticipants', seed('000-generated-list.json'), { requestUrl: url }).map((v) => `${v.rule} ${v.path}`));
    for (const expected of [
      'filter.status /participants/0/status',
      'filter.identity /participants/1/identity',
      'filter.date-created-after /participants/0/date_created',
      'pagination.page-size-echo /meta/page_size',
      'twilio.parent-sid-matches-path /participants/1/room_sid',
    ]) expect(rules).toContain(expected);
  });
});

describe('documented examples', () => {
  it.each([
    ['001-video-list-empty.json', 'twilio-video.listRoomParticipants'],
    ['001-video-list-filters.json', 'twilio-video.listRoomParticipants'],
  ])('seed %s passes %s with no violation', (file, operation) => {
    expect(catalog.validate(operation, seed(file))).toEqual([]);
  });

  it('seed 002 (Telnyx) shows page 2 of 3 at page_size 25 holding 1 participant: a finding about the vendor document (NOTES T8)', () => {
    expect(found('telnyx.listRoomSessionParticipants', seed('002-telnyx-list.json'))).toEqual(['error pagination.full-page-before-last /data']);
  });

  it('seed 004 (Insights) uses "string" as its SIDs: a finding about the vendor document', () => {
    expect(found('twilio-insights.listConferenceParticipants', seed('004-insights-list.json'))).toEqual(
      [
        'error twilio.sid-pattern /participants/0/account_sid',
        'error twilio.sid-pattern /participants/0/call_sid',
        'error twilio.sid-pattern /participants/0/conference_sid',
        'error twilio.sid-pattern /participants/0/participant_sid',
        'error twilio.sid-pattern /participants/0/coached_participants/0',
        'error schema.pattern /participants/0/country_code',
        'error pagination.meta-key /meta/key',
        // Described in the document without a name; the example omits them (specs/NOTES.md).
        'error schema.required /participants/0/events',
        'error schema.required /participants/0/metrics',
        'error schema.required /participants/0/properties',
        // One participant on a page of page_size 42 that has a next page (NOTES I5).
        'error pagination.full-page-before-last /participants',
      ].sort(),
    );
  });

  // A range code's example (4XX) holds for every status of its range.
  it.each(catalog.operations.flatMap((op) => op.responses.flatMap((r) => r.examples.map((e) => [op.id, r.code, e.name, e.value, r.range ?? [r.status, r.status]] as const))))(
    'the bundled example %s %s %s validates clean',
    (operation, _code, _name, value, [first, last]) => {
      for (let status = first; status <= last; status++) expect(catalog.validate(operation, value, { status }), `at ${status}`).toEqual([]);
    },
  );
});

describe('bodies that are not what they claim', () => {
  it.each([
    ['', '(empty body)'],
    ['{"participants": [', '{"participants": ['],
    ['<html><body>502 Bad Gateway</body></html>', '<html><body>502 Bad Gateway</body></html>'],
  ])('%j is http.body-json, not a crash', (body, actual) => {
    expect(catalog.validate('twilio-video.listRoomParticipants', body)).toMatchObject([{ rule: 'http.body-json', path: '', actual }]);
  });

  it('an undocumented status is http.status-undocumented at #status', () => {
    expect(catalog.validate('telnyx.listRoomSessionParticipants', '{}', { status: 503 })).toMatchObject([
      { rule: 'http.status-undocumented', path: '#status', actual: 503, expected: [200, 400, 401, 403, 404, 422, 429, '4XX'] },
    ]);
    expect(catalog.validate('twilio-video.listRoomParticipants', '{}', { status: 418 })).toMatchObject([
      { rule: 'http.status-undocumented', path: '#status', actual: 418, expected: [200, 400, 401, 403, 404, 429] },
    ]);
  });

  it('a status documented by a range code (Telnyx 4XX, NOTES T9) is documented, and its body is held to the range schema', () => {
    expect(catalog.validate('telnyx.listRoomSessionParticipants', '{"message": "Error", "success": false}', { status: 418 })).toEqual([]);
    expect(catalog.validate('telnyx.listRoomSessionParticipants', '{"success": false}', { status: 418 })).toMatchObject([
      { rule: 'http.error-shape', path: '/message', expected: 'present', actual: '(missing)' },
    ]);
    expect(catalog.validate('telnyx.listRoomSessionParticipants', '{}', { status: 418 })).toMatchObject([
      { rule: 'http.error-shape', path: '/errors', expected: 'present', actual: '(missing)' },
    ]);
  });

  it('an error status is checked against the vendor error shape', () => {
    const twilio = catalog.validate('twilio-video.listRoomParticipants', { code: 20404, message: 'not found', more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }, { status: 404 });
    expect(twilio).toEqual([]);
    const telnyxShapeFromTwilio = catalog.validate('twilio-video.listRoomParticipants', { errors: [{ code: '10005', title: 'Not found', detail: 'x', source: {} }] }, { status: 404 });
    expect(telnyxShapeFromTwilio.map((v) => `${v.rule} ${v.path}`)).toEqual(
      expect.arrayContaining(['http.error-shape /code', 'http.error-shape /message', 'drift.undocumented-field /errors']),
    );
  });

  it('an unknown operation throws, listing the valid ones', () => {
    expect(() => catalog.validate('twilio-video.nope', '{}')).toThrow(/valid operations: .*twilio-video.listRoomParticipants/);
  });
});
