/** Whole list responses kept per request (src/mock/json-cache.ts): same request and data, same bytes; a kick, another Host or a fault is never served stale. */
import { describe, expect, it } from 'vitest';
import { ListResponses } from '../../src/mock/json-cache.js';
import { createDataset, DEFAULT_SEED } from '../../src/mock/dataset.js';
import { get, list, openMock, send } from './helpers.js';

const standup = createDataset(DEFAULT_SEED).twilio.primary.rooms[0]!;
const statusOf = (body: unknown, sid: string): unknown => list(body, 'participants').find((p) => p.sid === sid)?.status;

describe('ListResponses', () => {
  it('builds once per resource, version and key', () => {
    const kept = new ListResponses();
    const room = {};
    let builds = 0;
    const build = () => Buffer.from(String(++builds));
    expect(String(kept.respond(room, 0, 'a', build))).toBe('1');
    expect(String(kept.respond(room, 0, 'a', build))).toBe('1');
    expect(String(kept.respond(room, 0, 'b', build))).toBe('2');
    expect(String(kept.respond({}, 0, 'a', build))).toBe('3'); // another resource
    expect(String(kept.respond(room, 1, 'a', build))).toBe('4'); // a new version drops what the old one kept
    expect(String(kept.respond(room, 1, 'b', build))).toBe('5');
  });

  it('keeps at most 64 responses per resource, dropping the oldest', () => {
    const kept = new ListResponses();
    const room = {};
    let builds = 0;
    const build = () => Buffer.from(String(++builds));
    for (let i = 0; i < 65; i++) kept.respond(room, 0, `k${i}`, build);
    expect(builds).toBe(65);
    kept.respond(room, 0, 'k64', build);
    expect(builds).toBe(65);
    kept.respond(room, 0, 'k0', build);
    expect(builds).toBe(66);
  });

  it('keeps nothing when the build throws (an error response is never served from it)', () => {
    const kept = new ListResponses();
    const room = {};
    expect(() => kept.respond(room, 0, 'a', () => { throw new Error('400'); })).toThrow('400');
    expect(String(kept.respond(room, 0, 'a', () => Buffer.from('ok')))).toBe('ok');
  });
});

describe('the mock with kept list responses', () => {
  const url = `/v1/Rooms/${standup.sid}/Participants?Status=connected&PageSize=50`;

  it('answers a repeated request with the same bytes', async () => {
    const m = await openMock();
    const a = await get(m, url);
    const b = await get(m, url);
    expect(a.status).toBe(200);
    expect(b.text).toBe(a.text);
  });

  it('does not serve the page from before a kick for the same URL', async () => {
    const m = await openMock();
    const target = standup.participants.find((p) => p.status === 'connected')!;
    expect(statusOf((await get(m, url)).body, target.sid)).toBe('connected');
    const kick = await send(m.app, {
      method: 'POST', url: `/v1/Rooms/${standup.sid}/Participants/${target.sid}`, payload: 'Status=disconnected',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: m.twilioAuth },
    });
    expect(kick.status).toBe(202);
    expect(statusOf((await get(m, url)).body, target.sid)).toBeUndefined();
    const disconnected = await get(m, url.replace('Status=connected', 'Status=disconnected'));
    expect(statusOf(disconnected.body, target.sid)).toBe('disconnected');
  });

  it('writes each Host its own URLs for the same path', async () => {
    const m = await openMock();
    const a = await get(m, url, { host: 'a.example:8080' });
    const b = await get(m, url, { host: 'b.example:8080' });
    expect(a.text).toContain('http://a.example:8080/v1/Rooms/');
    expect(b.text).toContain('http://b.example:8080/v1/Rooms/');
    expect(b.text).not.toContain('a.example');
  });

  it('answers a bad request with its 400 every time, after a good one and before', async () => {
    const m = await openMock();
    const bad = `/v1/Rooms/${standup.sid}/Participants?PageSize=0`;
    expect((await get(m, bad)).status).toBe(400);
    expect((await get(m, url)).status).toBe(200);
    expect((await get(m, bad)).status).toBe(400);
  });

  it('keeps nothing while a fault is on: each response is deformed afresh', async () => {
    const m = await openMock({ faults: ['server-error-burst'] });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(m, url)).status);
    expect(new Set(statuses).size).toBeGreaterThan(1);
  });
});
