/** `proxy.request-refused` decides in its file: each kind of request the proxy will not forward, and the ones it forwards. */
import { describe, expect, it } from 'vitest';
import { requestRefused, requestRefusedFinding, type ProxiedRequest } from '../../src/checks/proxy/request-refused.js';
import { getCatalog } from '../checks/support.js';
import { basic, startPair, violationsOf } from './support.js';

const policy = { allowMutations: false, maxRequestBytes: 100 };

describe('proxy.request-refused', () => {
  it('is a rule of the catalog: a warning', () => {
    expect(getCatalog().rules().find((r) => r.id === 'proxy.request-refused')).toMatchObject({ severity: 'warning', source: 'http' });
  });

  it.each([
    ['error', 1, ['error proxy.request-refused']],
    ['off', 0, []],
  ] as const)('a severity override %s applies to the proxy\'s refusals (exit %i)', async (level, exitCode, found) => {
    const pair = await startPair({ proxy: { severity: { 'proxy.request-refused': level } } });
    try {
      const f = pair.mock.fixtures();
      const room = f.twilio.rooms[0]!;
      const res = await fetch(`${pair.proxy.url}/v1/Rooms/${room.sid}/Participants/PA1`, { method: 'POST', headers: { authorization: basic(f.twilio.accountSid, f.twilio.authToken) }, body: 'Status=disconnected' });
      expect(res.status).toBe(403);
      const result = await pair.stop();
      expect(violationsOf(result).map((v) => `${v.severity} ${v.rule}`)).toEqual(found);
      expect(result.exitCode).toBe(exitCode);
    } finally {
      await pair.stop();
    }
  });

  it.each<[string, ProxiedRequest, string]>([
    ['an unreadable request', { parseError: 'HPE_INVALID_METHOD' }, 'malformed'],
    ['headers over the parser limit', { parseError: 'HPE_HEADER_OVERFLOW' }, 'headers-too-large'],
    ['an absolute-form target', { target: 'http://example.com/v1/Rooms' }, 'malformed'],
    ['a POST without --allow-mutations', { method: 'POST', about: 'twilio-video.updateRoomParticipant' }, 'mutation'],
    ['a DELETE without --allow-mutations', { method: 'delete' }, 'mutation'],
    ['a body over --max-body', { method: 'GET', bodyBytes: 101 }, 'too-large'],
  ])('fires on %s', (_, request, kind) => {
    const f = requestRefusedFinding(request, policy);
    expect(f).toMatchObject({ rule: requestRefused.id, severity: 'warning', path: '#request', actual: kind, kind });
    expect(f?.hint.length).toBeGreaterThan(10);
  });

  it.each<[string, ProxiedRequest, typeof policy]>([
    ['a path', { target: '/v1/Rooms/RM1/Participants' }, policy],
    ['a GET', { method: 'GET', bodyBytes: 0 }, policy],
    ['a POST with --allow-mutations', { method: 'POST', bodyBytes: 100 }, { ...policy, allowMutations: true }],
  ])('is silent on %s', (_, request, p) => {
    expect(requestRefusedFinding(request, p)).toBeUndefined();
  });
});
