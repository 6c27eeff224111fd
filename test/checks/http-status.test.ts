import { describe, expect, it } from 'vitest';
import { successStatusVariant, successStatusVariantFindings } from '../../src/checks/http/success-status-variant.js';
import { authRequired, expectStatus, invalidParameter, statusSeen } from '../../src/checks/http/expected-status.js';
import type { Exchange } from '../../src/types.js';

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
