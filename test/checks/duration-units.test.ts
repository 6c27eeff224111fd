/**
 * Units and magnitudes (issue 20): a disconnected participant's duration, documented in seconds, against
 * its own end_time - start_time. Within rounding (schemas/: DurationRounding) nothing; up to the
 * tolerance (DurationTolerance) the warning twilio.duration-matches-times; beyond, the error
 * twilio.duration-unit. Silent on the vendor's recorded bodies (seed 001, the SDKs' mocks). NOTES U1.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROUNDING_S, TOLERANCE_S } from '../../src/checks/twilio/duration-gap.js';
import { getCatalog, participant, VIDEO_BASE, VIDEO_LIST, type Json } from './support.js';

const catalog = getCatalog();
const RULES = new Set(['twilio.duration-matches-times', 'twilio.duration-unit']);
const durationFindings = (operation: string, body: unknown, status = 200): string[] =>
  catalog.validate(operation, body, { status }).filter((v) => RULES.has(v.rule)).map((v) => `${v.severity} ${v.rule} ${v.path}`);

/** One disconnected participant, connected `seconds` (start 09:00:00Z), whose duration is `duration`. */
function page(seconds: number, duration: number, ms = 0): Json {
  const p = participant(0, 'disconnected');
  const start = Date.parse('2024-03-04T09:00:00Z');
  const end = new Date(start + seconds * 1000 + ms).toISOString().replace('.000Z', 'Z');
  const item = { ...p, date_created: '2024-03-04T09:00:00Z', start_time: '2024-03-04T09:00:00Z', end_time: end, date_updated: end, duration };
  const url = `${VIDEO_BASE}?PageSize=50&Page=0`;
  return { participants: [item], meta: { first_page_url: url, key: 'participants', next_page_url: null, page: 0, page_size: 50, previous_page_url: null, url } };
}

describe('the bounds come from schemas/', () => {
  it('rounding 1 s, tolerance 6 s (twilio-video.schema.json DurationRounding, DurationTolerance)', () => {
    expect([ROUNDING_S, TOLERANCE_S]).toEqual([
      catalog.resolve('twilio-video.schema.json#/$defs/DurationRounding').maximum,
      catalog.resolve('twilio-video.schema.json#/$defs/DurationTolerance').maximum,
    ]);
    expect([ROUNDING_S, TOLERANCE_S]).toEqual([1, 6]);
  });
});

describe('duration against end_time - start_time', () => {
  const WARN = 'warning twilio.duration-matches-times /participants/0/duration';
  const ERR = 'error twilio.duration-unit /participants/0/duration';
  it.each<[string, number, number, string[], number?]>([
    ['exact', 3540, 3540, []],
    ['exact, zero seconds', 0, 0, []],
    ['one second more (whole-second timestamps; the Insights recordings show +1)', 63, 64, []],
    ['one second less', 64, 63, []],
    ['half a second apart (timestamps with milliseconds)', 10, 10, [], 500],
    ['two seconds apart: a warning', 3540, 3542, [WARN]],
    ['six seconds apart, the tolerance: a warning', 3540, 3534, [WARN]],
    ['seven seconds apart: an error', 3540, 3547, [ERR]],
    ['milliseconds (x1000): an error', 3540, 3_540_000, [ERR]],
    ['milliseconds of a one-second participant: an error', 1, 1000, [ERR]],
    ['minutes: an error', 3540, 59, [ERR]],
    ['a sub-second session in milliseconds (0 s apart, 400 sent): an error', 0, 400, [ERR]],
  ])('%s', (_name, seconds, duration, expected, ms = 0) => {
    expect(durationFindings(VIDEO_LIST, page(seconds, duration, ms))).toEqual(expected);
  });

  it('the error names the likely unit, with expected and actual', () => {
    const [v] = catalog.validate(VIDEO_LIST, page(3540, 3_540_000)).filter((x) => x.rule === 'twilio.duration-unit');
    expect(v).toMatchObject({ severity: 'error', path: '/participants/0/duration', expected: 3540, actual: 3_540_000 });
    expect(v?.message).toContain('milliseconds');
    expect(v?.hint).toBe('Send duration in seconds, not milliseconds.');
  });

  it('connected participants (no end_time, no duration) and negative durations are other rules\' business', () => {
    const body = page(10, 10);
    const item = (body.participants as Json[])[0]!;
    Object.assign(item, { status: 'connected', end_time: null, duration: null });
    expect(durationFindings(VIDEO_LIST, body)).toEqual([]);
  });
});

describe("the vendor's recorded bodies: no duration finding", () => {
  const SEEDS = path.join(import.meta.dirname, '../fixtures/seeds');
  const VENDOR = path.join(import.meta.dirname, '../fixtures/vendor');
  const manifest = JSON.parse(fs.readFileSync(path.join(VENDOR, 'manifest.json'), 'utf8')) as { bodies: Array<{ file: string; operation: string; status: number }> };
  const videoBodies = manifest.bodies.filter((b) => b.operation.startsWith('twilio-video.'));
  it('there are Video bodies with a disconnected participant among them', () => {
    const text = videoBodies.map((b) => fs.readFileSync(path.join(VENDOR, b.file), 'utf8')).join('\n');
    expect(text).toMatch(/"duration": 1\b/);
  });
  it.each(videoBodies.map((b) => [b.file, b] as const))('%s', (_file, b) => {
    expect(durationFindings(b.operation, fs.readFileSync(path.join(VENDOR, b.file), 'utf8'), b.status)).toEqual([]);
  });
  it('seed 001 (filters example: start 20:00:00, end 20:00:01, duration 1)', () => {
    expect(durationFindings(VIDEO_LIST, fs.readFileSync(path.join(SEEDS, '001-video-list-filters.json'), 'utf8'))).toEqual([]);
  });
  it('seed 000 (generated: 26 years between the times, 21,450,371 s of duration) is an error, not a warning', () => {
    expect(durationFindings(VIDEO_LIST, fs.readFileSync(path.join(SEEDS, '000-generated-list.json'), 'utf8'))).toEqual(['error twilio.duration-unit /participants/0/duration']);
  });
});
