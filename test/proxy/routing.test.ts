/**
 * How the proxy tells which API and operation a request is for: by its path (the three APIs' paths
 * do not collide), by a prefix naming the API, or by the static part of an API's paths; never by a
 * guess.
 */
import { describe, expect, it } from 'vitest';
import { isRoute, Router } from '../../src/proxy/routing.js';
import { getCatalog } from '../checks/support.js';

const upstreams = { 'twilio-video': 'https://video.example', 'twilio-insights': 'https://insights.example', telnyx: 'https://api.example/v2' };
const router = new Router(getCatalog().operations, upstreams);

describe('Router', () => {
  it.each([
    ['GET', '/v1/Rooms/RM1/Participants?Status=connected', 'twilio-video', 'twilio-video.listRoomParticipants', 'https://video.example/v1/Rooms/RM1/Participants?Status=connected'],
    ['GET', '/v1/Rooms/my%20room/Participants/alice', 'twilio-video', 'twilio-video.fetchRoomParticipant', 'https://video.example/v1/Rooms/my%20room/Participants/alice'],
    ['POST', '/v1/Rooms/RM1/Participants/PA1', 'twilio-video', 'twilio-video.updateRoomParticipant', 'https://video.example/v1/Rooms/RM1/Participants/PA1'],
    ['GET', '/v1/Conferences/CF1/Participants?PageSize=5', 'twilio-insights', 'twilio-insights.listConferenceParticipants', 'https://insights.example/v1/Conferences/CF1/Participants?PageSize=5'],
    ['GET', '/v2/room_sessions/abc/participants?page[number]=2', 'telnyx', 'telnyx.listRoomSessionParticipants', 'https://api.example/v2/room_sessions/abc/participants?page[number]=2'],
    ['GET', '/twilio-insights/v1/Conferences/CF1/Participants', 'twilio-insights', 'twilio-insights.listConferenceParticipants', 'https://insights.example/v1/Conferences/CF1/Participants'],
    ['GET', '/telnyx/v2/room_sessions/abc/participants', 'telnyx', 'telnyx.listRoomSessionParticipants', 'https://api.example/v2/room_sessions/abc/participants'],
    // Outside rollcall's operations: routed, not judged (no operation).
    ['GET', '/v1/Rooms', 'twilio-video', undefined, 'https://video.example/v1/Rooms'],
    ['GET', '/v1/Rooms/RM1/Recordings', 'twilio-video', undefined, 'https://video.example/v1/Rooms/RM1/Recordings'],
    ['GET', '/twilio-insights/v1/Video/Rooms/RM1', 'twilio-insights', undefined, 'https://insights.example/v1/Video/Rooms/RM1'],
    ['DELETE', '/v2/room_sessions/abc', 'telnyx', undefined, 'https://api.example/v2/room_sessions/abc'],
  ])('%s %s: %s, %s', (method, target, api, operation, upstreamUrl) => {
    const route = router.route(method, target);
    expect(isRoute(route)).toBe(true);
    if (!isRoute(route)) return;
    expect({ api: route.api, operation: route.operation?.id, upstreamUrl: route.upstreamUrl }).toEqual({ api, operation, upstreamUrl });
  });

  it.each([
    ['/v1/Video/Rooms/RM1', /name the API with a prefix/],
    ['/', /no API of the proxy serves \//],
    ['/telnyx/v1/x', /not under its base path \/v2/],
  ])('%s is not routed: %s', (target, reason) => {
    const route = router.route('GET', target);
    expect(isRoute(route)).toBe(false);
    if (!isRoute(route)) expect(route.reason).toMatch(reason);
  });

  it('an API the proxy does not serve is not routed to', () => {
    const video = new Router(getCatalog().operations, { 'twilio-video': 'https://video.example' });
    expect(isRoute(video.route('GET', '/v2/room_sessions/abc/participants'))).toBe(false);
    expect(video.apis()).toEqual(['twilio-video']);
  });
});
