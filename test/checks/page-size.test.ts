/**
 * pageSizeOutOfRange: a page size outside the documented bounds (read from the catalog) is rejected
 * with the vendor's 400 (no finding), clamped (pagination.page-size-clamped, a warning), or anything
 * else (pagination.page-size-out-of-range).
 */
import { describe, expect, it } from 'vitest';
import { pageSizeOutOfRange, pageSizeOutOfRangeRules } from '../../src/checks/walk/page-size-out-of-range.js';
import { withMock } from './mock.js';
import { contextOf, exchange, getCatalog, TELNYX_BASE, TELNYX_LIST, VIDEO_BASE, VIDEO_LIST } from './support.js';

const bounds = (op: string, param: string) => {
  const s = getCatalog().parameterSchema(op, param)!;
  return { min: s.minimum as number, max: s.maximum as number, def: s.default as number };
};
const video = bounds(VIDEO_LIST, 'PageSize');
const telnyx = bounds(TELNYX_LIST, 'page[size]');

const twilioError = { code: 20001, message: 'PageSize must be an integer between …', more_info: 'https://www.twilio.com/docs/errors/20001', status: 400 };
const telnyxError = { errors: [{ code: '10015', title: 'Invalid parameter', detail: 'page[size] …', source: { parameter: 'page[size]' } }] };
const twilioPage = (size: number) => ({ participants: [], meta: { first_page_url: `${VIDEO_BASE}?PageSize=${size}&Page=0`, key: 'participants', next_page_url: null, page: 0, page_size: size, previous_page_url: null, url: `${VIDEO_BASE}?PageSize=${size}&Page=0` } });
const telnyxPage = (size: number) => ({ data: [], meta: { page_number: 1, page_size: size, total_pages: 0, total_results: 0 } });

type Row = [rule: string, severity: string, path: string];

describe('pageSizeOutOfRange on hand-built exchanges', () => {
  it.each<[string, string, string, number, unknown, Row[]]>([
    ['Twilio: below the minimum, 400 with the vendor body', VIDEO_LIST, String(video.min - 1), 400, twilioError, []],
    ['Twilio: above the maximum, 400 with the vendor body', VIDEO_LIST, String(video.max + 1), 400, twilioError, []],
    ['Twilio: not a number, 400 with the vendor body', VIDEO_LIST, 'abc', 400, twilioError, []],
    ['Twilio: within bounds is not this check\'s business', VIDEO_LIST, String(video.def), 200, twilioPage(video.def), []],
    ['Twilio: above the maximum, clamped to it and echoed', VIDEO_LIST, String(video.max + 1), 200, twilioPage(video.max), [['pagination.page-size-clamped', 'warning', '/meta/page_size']]],
    ['Twilio: below the minimum, clamped to it and echoed', VIDEO_LIST, String(video.min - 1), 200, twilioPage(video.min), [['pagination.page-size-clamped', 'warning', '/meta/page_size']]],
    ['Twilio: a fraction, rounded to a neighbour', VIDEO_LIST, `${video.def}.5`, 200, twilioPage(video.def), [['pagination.page-size-clamped', 'warning', '/meta/page_size']]],
    ['Twilio: above the maximum, served as asked', VIDEO_LIST, String(video.max + 1), 200, twilioPage(video.max + 1), [['pagination.page-size-out-of-range', 'error', '/meta/page_size']]],
    ['Twilio: above the maximum, served at the default', VIDEO_LIST, String(video.max + 1), 200, twilioPage(video.def), [['pagination.page-size-out-of-range', 'error', '/meta/page_size']]],
    ['Twilio: not a number, served at the default', VIDEO_LIST, 'abc', 200, twilioPage(video.def), [['pagination.page-size-out-of-range', 'error', '/meta/page_size']]],
    ['Twilio: below the minimum, a 500', VIDEO_LIST, String(video.min - 1), 500, { code: 20500, message: 'x', more_info: 'https://x.example', status: 500 }, [['pagination.page-size-out-of-range', 'error', '#status']]],
    ['Twilio: below the minimum, a 422', VIDEO_LIST, String(video.min - 1), 422, twilioError, [['pagination.page-size-out-of-range', 'error', '#status']]],
    ['Twilio: 400 in another error format', VIDEO_LIST, String(video.min - 1), 400, { error: 'bad', status: 400 }, [['pagination.page-size-out-of-range', 'error', '']]],
    ['Telnyx: above the maximum, 400 with the vendor body', TELNYX_LIST, String(telnyx.max + 1), 400, telnyxError, []],
    ['Telnyx: above the maximum, clamped to it', TELNYX_LIST, String(telnyx.max + 1), 200, telnyxPage(telnyx.max), [['pagination.page-size-clamped', 'warning', '/meta/page_size']]],
    ['Telnyx: 400 with Twilio\'s error body', TELNYX_LIST, String(telnyx.min - 1), 400, twilioError, [['pagination.page-size-out-of-range', 'error', '']]],
    ['Telnyx: bounds are Telnyx\'s: the Twilio maximum is served as asked', TELNYX_LIST, String(video.max), 200, telnyxPage(video.max), [['pagination.page-size-out-of-range', 'error', '/meta/page_size']]],
  ])('%s', (_name, op, asked, status, body, expected) => {
    const base = op === TELNYX_LIST ? `${TELNYX_BASE}?page[size]=` : `${VIDEO_BASE}?PageSize=`;
    const found = pageSizeOutOfRange(exchange(op, base + asked, body, status), asked, contextOf(op));
    expect(found.map((f): Row => [f.rule, f.severity, f.path])).toEqual(expected);
    for (const f of found) expect(f.request).toEqual({ method: 'GET', url: base + asked });
  });

  it('without isErrorBody in the context, any 400 is the documented rejection', () => {
    const { isErrorBody: _omit, ...context } = contextOf(VIDEO_LIST);
    expect(pageSizeOutOfRange(exchange(VIDEO_LIST, VIDEO_BASE, { nope: true }, 400), '0', context)).toEqual([]);
  });

  it('a clamp says what was asked, what is documented and what was served', () => {
    const [f] = pageSizeOutOfRange(exchange(VIDEO_LIST, VIDEO_BASE, twilioPage(video.max)), String(video.max + 1), contextOf(VIDEO_LIST));
    expect(f).toMatchObject({ expected: `400 (PageSize is documented as ${video.min}..${video.max})`, actual: video.max, message: `The API clamps PageSize=${video.max + 1} to ${video.max} instead of rejecting it.` });
  });

  it('lists both rules, out-of-range first', () => {
    expect(pageSizeOutOfRangeRules.map((r) => [r.id, r.severity])).toEqual([
      ['pagination.page-size-out-of-range', 'error'],
      ['pagination.page-size-clamped', 'warning'],
    ]);
  });
});

describe('pageSizeOutOfRange against the mock', () => {
  const outside = (b: { min: number; max: number; def: number }): string[] => [String(b.min - 1), String(b.max + 1), `${b.def}.5`, 'abc'];

  it('the clean mock rejects every out-of-range size with the vendor\'s 400: no finding', async () => {
    await withMock([], async (m) => {
      const session = m.fx.telnyx.roomSessions[0]!.id;
      const room = m.fx.twilio.rooms[0]!.sid;
      for (const [op, url, sizes] of [
        [VIDEO_LIST, `${m.mock.url}/v1/Rooms/${room}/Participants?PageSize=`, outside(video)],
        [TELNYX_LIST, `${m.mock.url}/v2/room_sessions/${session}/participants?page[size]=`, outside(telnyx)],
      ] as const) {
        for (const asked of sizes) {
          const r = await m.send(op, url + encodeURIComponent(asked));
          expect([asked, r.response.status, pageSizeOutOfRange(r, asked, contextOf(op))]).toEqual([asked, 400, []]);
        }
      }
    });
  });

  it('error-format: a 400 in the wrong format is pagination.page-size-out-of-range', async () => {
    await withMock(['error-format'], async (m) => {
      const room = m.fx.twilio.rooms[0]!.sid;
      const asked = String(video.max + 1);
      const r = await m.send(VIDEO_LIST, `${m.mock.url}/v1/Rooms/${room}/Participants?PageSize=${asked}`);
      expect(pageSizeOutOfRange(r, asked, contextOf(VIDEO_LIST)).map((f) => [f.rule, f.path])).toEqual([['pagination.page-size-out-of-range', '']]);
    });
  });
});
