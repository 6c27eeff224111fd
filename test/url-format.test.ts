import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isDate, isDateTime, isHttpUrl, isHttpUrlUncached } from '../src/catalog/url-format.js';

describe('uri format: an absolute http(s) URL with a resolvable host (specs/NOTES.md)', () => {
  it.each([
    ['https://video.twilio.com/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?PageSize=50&Page=0', true],
    ['http://127.0.0.1:4010/v1/Rooms?x=%20', true],
    ['http://[::1]:3000/x', true],
    ['https://x.y.', true],
    ['http://localhost', true],
    ['https://ZHUcqpoWYKvhcafbKLYJpXyO.ithxZ-+0BqowbJ6ABikLg+JRAYOx9vQGe3asXyuIW5s.cYQoCKJKB7toJA97Qk', false],
    ['http://UCZFvxrzUiUNTQEApajfmKogCyCOsG.jkzddAWrS9+zHJe0dc-Zzz22DH-sRSqjcbL0G7xAPq0,vJ+LKnY2', false],
    ['http://999.1.1.1/', false],
    ['http://a-.com', false],
    ['http://user:secret@example.com/', false],
    ['ftp://example.com/', false],
    ['/v1/Rooms', false],
    ['http://localhost:80/a b', false],
    ['https://video.twilio.com/v1/x?y=1&z=%zz', false],
    ['http://example.com:99999/', false],
    [`http://${'a'.repeat(64)}.com/`, false],
  ])('%s → %s', (url, ok) => {
    expect(isHttpUrl(url)).toBe(ok);
  });
});

describe('date-time and date formats', () => {
  it.each([
    ['2017-07-30T20:00:01Z', true],
    ['2021-04-16T09:46:20.954863Z', true],
    ['2023-05-04T09:42:00+00:00', true],
    ['2024-02-29T00:00:00Z', true],
    ['2023-02-29T00:00:00Z', false],
    ['2017-07-30 20:00:01Z', false],
    ['2017-07-30T20:00:01', false],
    ['2017-13-01T00:00:00Z', false],
    ['2023-04-31T00:00:00Z', false],
    ['2023-04-30T00:00:00Z', true],
    ['2023-12-31T23:59:59Z', true],
    ['2000-02-29T00:00:00Z', true],
    ['1900-02-29T00:00:00Z', false],
    ['2100-02-29T00:00:00Z', false],
    ['2023-02-28T00:00:00Z', true],
  ])('date-time %s → %s', (value, ok) => expect(isDateTime(value)).toBe(ok));
  it.each([['2021-04-16', true], ['2021-02-30', false], ['2021-4-16', false]])('date %s → %s', (value, ok) => expect(isDate(value)).toBe(ok));
});

describe('uri format: the prefix memo gives the same answers as the full check', () => {
  // A URL that begins like the last one accepted in full has only its rest checked (url-format.ts).
  it.each([
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1/anonymize', true],
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1/a b', false],
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1%zz', false],
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1%4', false],
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1%41', true],
    ['https://video.twilio.com/v1/Rooms/RM1', 'https://video.twilio.com/v1/Rooms/RM1"', false],
    ['https://video.twilio.com/v1/Rooms/RM1/Participants/PA1', 'https://video.twilio.com/v1/Rooms/RM1/Participants/PA2', true],
    ['https://video.twilio.com/v1/Rooms/RM1/Participants/PA1', 'https://video.twilio.com/v1/Rooms/RM1/Participants/', true],
    ['https://video.twilio.com/v1/Rooms/RM1/Participants/PA1', 'https://video.twilio.com/v1/Rooms/RM1/Participants/P\\A', false],
    ['https://h.example/a?b=c/d', 'https://h.example/a?b=c/d e', false],
    // No path yet: the tail could still change the host, so the memo is not used.
    ['https://video.twilio.com', 'https://video.twilio.com-', false],
    ['https://video.twilio.com', 'https://video.twilio.com+x', false],
    ['http://127.0.0.1', 'http://127.0.0.1999', false],
    ['http://127.0.0.1:80', 'http://127.0.0.1:80999', false],
  ])('after %s: %s → %s', (first, second, ok) => {
    expect(isHttpUrl(first)).toBe(true);
    expect(isHttpUrl(second)).toBe(ok);
    expect(isHttpUrlUncached(second)).toBe(ok);
  });

  it('any URL, then any URL sharing its start: memo and full check agree', () => {
    const chars = [...'aZ09-._~:/?#[]@!$&\'()*+,;=%fF "<>\\^`{|}é'];
    const piece = fc.array(fc.constantFrom(...chars), { maxLength: 12 }).map((cs) => cs.join(''));
    const host = fc.constantFrom('video.twilio.com', 'a-b.example', '127.0.0.1', '999.1.1.1', '[::1]', 'localhost', 'x.y.', 'a-');
    const scheme = fc.constantFrom('http://', 'https://');
    fc.assert(
      fc.property(scheme, host, fc.constantFrom('', ':80', ':99999'), piece, piece, (s, h, port, rest, tail) => {
        const first = s + h + port + rest;
        const second = first + tail;
        isHttpUrl(first);
        expect(isHttpUrl(second)).toBe(isHttpUrlUncached(second));
      }),
      { numRuns: 5000, seed: 42 },
    );
  });
});
