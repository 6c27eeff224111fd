import { describe, expect, it } from 'vitest';
import { successStatusVariant, successStatusVariantFindings } from '../../src/checks/http/success-status-variant.js';
import { authRequired, expectStatus, invalidParameter, statusSeen } from '../../src/checks/http/expected-status.js';
import type { Exchange } from '../../src/types.js';
import { documentingCode, parseResponseCode, statusUndocumentedFindings } from '../../src/checks/http/status-undocumented.js';

const exchange = (operationId: string, status: number): Exchange => ({ operationId, response: { status, body: {} } });

describe(successStatusVariant.id, () => {
  it('is a warning', () => expect(successStatusVariant.severity).toBe('warning'));

  it.each([
    [201, [200, 202, 400, 401, 404, 429]],
    [204, [200, 202, 400]],
    [200, [202, 400]],
  ])('fires on an undocumented 2xx (%i) at #status', (status, documented) => {
    expect(successStatusVariantFindings(status, documented)).toEqual([
      expect.objectContaining({ path: '#status', actual: status, expected: documented.filter((s) => s < 300) }),
    ]);
  });

  it.each([
    [200, [200, 202, 400]],
    [202, [200, 202, 400]],
    [409, [200, 202, 400]], // not a 2xx: http.status-undocumented's business
    [500, [200]],
  ])('is silent on %i', (status, documented) => {
    expect(successStatusVariantFindings(status, documented)).toEqual([]);
  });
});

describe('http.invalid-parameter: 400, or 422 for Telnyx (unverified which)', () => {
  it.each([
    ['telnyx.listRoomSessionParticipants', 400, []],
    ['telnyx.listRoomSessionParticipants', 422, []],
    ['telnyx.listRoomSessionParticipants', 200, ['#status']],
    ['twilio-video.listRoomParticipants', 400, []],
    ['twilio-video.listRoomParticipants', 422, ['#status']],
    ['twilio-insights.listConferenceParticipants', 422, ['#status']],
  ])('%s answered %i', (op, status, paths) => {
    expect(expectStatus(invalidParameter, exchange(op, status), 'page[size]=0').map((f) => f.path)).toEqual(paths);
  });

  it('reports which accepted status was seen', () => {
    expect(statusSeen(invalidParameter, exchange('telnyx.listRoomSessionParticipants', 422))).toBe(422);
    expect(statusSeen(invalidParameter, exchange('telnyx.listRoomSessionParticipants', 400))).toBe(400);
    expect(statusSeen(invalidParameter, exchange('twilio-video.listRoomParticipants', 422))).toBeUndefined();
  });

  it('names both statuses when neither came', () => {
    const [f] = expectStatus(invalidParameter, exchange('telnyx.listRoomSessionParticipants', 200), 'page[size]=0');
    expect(f).toMatchObject({ expected: [400, 422], actual: 200 });
    expect(f?.message).toContain('400 or 422');
  });

  it('keeps a single expected status where nothing else is accepted', () => {
    expect(expectStatus(authRequired, exchange('telnyx.listRoomSessionParticipants', 200), 'A list without credentials')[0]).toMatchObject({ expected: 401 });
  });
});

describe(`${successStatusVariant.id} in the catalog`, () => {
  const UPDATE = 'twilio-video.updateRoomParticipant';
  const kicked = {
    sid: 'PA0123456789abcdef0123456789abcdef', room_sid: 'RM0123456789abcdef0123456789abcdef', account_sid: 'AC0123456789abcdef0123456789abcdef',
    status: 'disconnected', identity: 'alice', date_created: '2026-11-29T10:00:00Z', date_updated: '2026-11-29T10:05:00Z',
    start_time: '2026-11-29T10:00:00Z', end_time: '2026-11-29T10:05:00Z', duration: 300,
    url: 'https://video.twilio.com/v1/Rooms/RM0123456789abcdef0123456789abcdef/Participants/PA0123456789abcdef0123456789abcdef',
    links: { published_tracks: 'https://video.twilio.com/v1/Rooms/RM0123456789abcdef0123456789abcdef/Participants/PA0123456789abcdef0123456789abcdef/PublishedTracks' },
  };
  const rulesOf = (vs: Array<{ rule: string; severity: string; path: string }>) => vs.map((v) => `${v.severity} ${v.rule} ${v.path}`).sort();

  it.each([200, 202])('a documented success (%i) of the update: no finding', async (status) => {
    const { loadCatalog } = await import('../../src/catalog/catalog.js');
    const catalog = await loadCatalog();
    expect(rulesOf(catalog.validate(UPDATE, kicked, { status }))).toEqual([]);
  });

  it('an undocumented 2xx is this warning, and its body is still held to the success schema and its checks', async () => {
    const { loadCatalog } = await import('../../src/catalog/catalog.js');
    const catalog = await loadCatalog();
    expect(rulesOf(catalog.validate(UPDATE, kicked, { status: 201 }))).toEqual(['warning http.success-status-variant #status']);
    const broken = { ...kicked, status: 'gone', end_time: '2026-11-29T09:00:00Z' };
    const found = rulesOf(catalog.validate(UPDATE, broken, { status: 201 }));
    expect(found).toContain('warning http.success-status-variant #status');
    expect(found).toContain('error schema.enum /status');
    expect(found).toContain('error twilio.end-after-start /end_time');
  });

  it('a 3xx or an undocumented 4xx stays http.status-undocumented', async () => {
    const { loadCatalog } = await import('../../src/catalog/catalog.js');
    const catalog = await loadCatalog();
    expect(rulesOf(catalog.validate(UPDATE, kicked, { status: 409 }))).toEqual(['error http.status-undocumented #status']);
  });
});

describe('http.status-undocumented with range codes (4XX documents 400..499)', () => {
  it.each([
    ['200', 200],
    ['404', 404],
    ['4XX', '4XX'],
    ['4xx', '4XX'],
    ['5XX', '5XX'],
    ['default', undefined],
    ['6XX', undefined],
    ['99', undefined],
    ['40X', undefined],
  ] as const)('the response key %j reads as %j', (key, code) => {
    expect(parseResponseCode(key)).toBe(code);
  });

  it.each([
    [403, [200, 400, 401, '4XX'], '4XX'],
    [400, [200, 400, '4XX'], 400], // the exact code first, as OpenAPI says
    [499, [200, '4XX'], '4XX'],
    [500, [200, '4XX'], undefined],
    [503, [200, '4XX', '5XX'], '5XX'],
    [399, [200, '4XX'], undefined],
    [403, [200, 400, 401], undefined],
  ] as const)('%i among %j is documented by %j', (status, documented, by) => {
    expect(documentingCode(status, documented)).toBe(by);
  });

  it.each([
    [403, [200, 400, '4XX'], []],
    [418, [200, '4XX'], []],
    [500, [200, '4XX'], ['#status']],
    [403, [200, 400, 401], ['#status']],
    [201, [200, '4XX'], []], // a 2xx is http.success-status-variant's
  ] as const)('%i among %j: findings at %j', (status, documented, paths) => {
    const findings = statusUndocumentedFindings(status, documented);
    expect(findings.map((f) => f.path)).toEqual(paths);
    for (const f of findings) expect(f).toMatchObject({ actual: status, expected: documented });
  });
});
