/**
 * Keys are data in what the reporters count and what the consistency rules compare: a body's field
 * named "constructor", "toString" or "__proto__" is a field like any other, never Object.prototype's
 * (src/report-types/evidence.ts FieldTallies, reporters/observations.ts, src/checks/consistency/fetch-matches-list.ts).
 */
import { describe, expect, it } from 'vitest';
import { fetchMatchesList } from '../../src/checks/consistency/fetch-matches-list.js';
import { deriveObservations } from '../../reporters/observations.js';
import { FieldTallies } from '../../src/report-types/evidence.js';
import type { ReportCase } from '../../reporters/evidence.js';
import { clone, contextOf, exchange, participant, VIDEO_BASE, VIDEO_LIST, type Json } from '../checks/support.js';

const FETCH = 'twilio-video.fetchRoomParticipant';
const ctx = contextOf(VIDEO_LIST);
const disconnected = participant(2, 'disconnected');
/** A body as the wire gives it: JSON.parse makes `__proto__` an own key. */
const withKey = (p: Json, key: string, value: unknown): Json => JSON.parse(JSON.stringify(p).replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(value)},`)) as Json;

describe('consistency.fetch-matches-list reads own keys only', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('a field %j only the list has: expected its value, actual null', (key) => {
    const listed = { pointer: '/participants/0', value: withKey(disconnected, key, 'x') };
    const found = fetchMatchesList(listed, exchange(FETCH, `${VIDEO_BASE}/x`, clone(disconnected)), ctx);
    expect(found.map((f) => [f.path, f.expected, f.actual])).toEqual([[`/${key}`, 'x', null]]);
  });

  it.each(['constructor', 'toString', '__proto__'])('a field %j only the fetch has: expected null, actual its value', (key) => {
    const listed = { pointer: '/participants/0', value: clone(disconnected) };
    const found = fetchMatchesList(listed, exchange(FETCH, `${VIDEO_BASE}/x`, withKey(disconnected, key, 'y')), ctx);
    expect(found.map((f) => [f.path, f.expected, f.actual])).toEqual([[`/${key}`, null, 'y']]);
  });

  it.each(['constructor', '__proto__'])('the same %j on both sides: no finding', (key) => {
    const found = fetchMatchesList({ pointer: '/participants/0', value: withKey(disconnected, key, 'z') }, exchange(FETCH, `${VIDEO_BASE}/x`, withKey(disconnected, key, 'z')), ctx);
    expect(found).toEqual([]);
  });
});

describe('the HTML report\'s field observations count body values that are Object.prototype names', () => {
  it('values "constructor", "__proto__" and "toString" are counted, each as itself', () => {
    const tallies = new FieldTallies();
    tallies.add(VIDEO_LIST, { participants: [{ status: 'constructor' }, { status: '__proto__' }, { status: 'toString' }, { status: 'constructor' }] });
    const c = { id: 'c', operation: VIDEO_LIST, group: '', name: 'c', state: 'passed', violations: [], exchanges: 1, durationMs: 0, evidence: { fields: tallies.list() } } as unknown as ReportCase;
    const status = deriveObservations([c]).find((o) => o.pointer === '/participants/*/status');
    expect(Object.entries(status?.values ?? {})).toEqual([['constructor', 2], ['__proto__', 1], ['toString', 1]]);
  });
});
