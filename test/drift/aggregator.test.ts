import { describe, expect, it } from 'vitest';
import { compareReports, DriftAggregator, type DriftReport } from '../../src/drift/index.js';

const TELNYX = 'telnyx.listRoomSessionParticipants';
const VIDEO = 'twilio-video.listRoomParticipants';
const SESSION = '7b61621f-5fe4-4aad-ab11-9fd19e272e73';

function telnyxItem(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const hex = i.toString(16).padStart(12, '0');
  return {
    id: `7b61621f-62e0-4aad-ab11-${hex}`, session_id: SESSION, context: `ctx-${i % 3}`,
    joined_at: '2021-04-16T09:46:20.954863Z', updated_at: '2021-04-16T10:24:55.962200Z', left_at: i % 2 ? null : '2021-04-16T10:24:55.962200Z',
    record_type: 'room_participant', ...extra,
  };
}

const telnyxPage = (items: Array<Record<string, unknown>>) => ({
  operationId: TELNYX,
  response: { status: 200, body: { data: items, meta: { page_number: 1, page_size: 250, total_pages: 1, total_results: items.length } } },
});

const fieldOf = (report: DriftReport, op: string, path: string) => report.operations.find((o) => o.id === op)?.fields.find((f) => f.path === path);
const nonInfo = (report: DriftReport) => report.findings.filter((f) => f.severity !== 'info').map((f) => [f.rule, f.operation, f.path, f.actual]);

describe('DriftAggregator: documented fields come from schemas/', () => {
  const report = (() => {
    const agg = new DriftAggregator();
    agg.add(telnyxPage([telnyxItem(0)]));
    agg.add({ operationId: VIDEO, response: { status: 200, body: { participants: [], meta: {} } } });
    return agg.report();
  })();

  it('walks the Telnyx list schema: every documented path, in document order', () => {
    expect(report.operations.find((o) => o.id === TELNYX)?.fields.map((f) => f.path)).toEqual([
      '', '/data', '/data/*', '/data/*/id', '/data/*/session_id', '/data/*/context', '/data/*/joined_at', '/data/*/updated_at', '/data/*/left_at', '/data/*/record_type',
      '/meta', '/meta/page_number', '/meta/page_size', '/meta/total_pages', '/meta/total_results',
    ]);
  });

  it.each([
    [TELNYX, '/data/*/left_at', { types: ['string'], nullable: true, format: 'date-time', required: true }],
    [TELNYX, '/data/*/record_type', { types: ['string'], nullable: false, enum: ['room_participant'], required: true }],
    [TELNYX, '/data/*/id', { types: ['string'], nullable: false, format: 'uuid', required: true }],
    [VIDEO, '/participants/*/sid', { types: ['string'], nullable: true, pattern: '^PA[0-9a-fA-F]{32}$', required: true }],
    [VIDEO, '/participants/*/status', { types: ['string'], nullable: false, enum: ['connected', 'disconnected', 'reconnecting'], required: true }],
    [VIDEO, '/participants/*/duration', { types: ['integer'], nullable: true, required: true }],
    [VIDEO, '/participants/*/links', { types: ['object'], nullable: true, shape: 'map', required: true }],
    [VIDEO, '/participants/*/links/{key}', { types: ['string'], nullable: false, format: 'uri', required: false }],
    [VIDEO, '/meta/key', { types: ['string'], nullable: false, enum: ['participants'], required: true }],
    [VIDEO, '/meta/next_page_url', { types: ['string'], nullable: true, format: 'uri', required: true }],
  ])('%s %s is documented as %j', (op, path, documented) => {
    expect(fieldOf(report, op, path)?.documented).toEqual(documented);
  });

  it('follows anyOf-nullable enums (Insights)', () => {
    const agg = new DriftAggregator();
    agg.add({ operationId: 'twilio-insights.listConferenceParticipants', response: { status: 200, body: { participants: [], meta: {} } } });
    expect(fieldOf(agg.report(), 'twilio-insights.listConferenceParticipants', '/participants/*/call_status')?.documented).toEqual({
      types: ['string'], nullable: true, enum: ['answered', 'completed', 'busy', 'fail', 'noanswer', 'ringing', 'canceled'], required: true,
    });
  });
});

describe('DriftAggregator: observations and findings', () => {
  it('finds each kind of drift in a hand-built page, with its count', () => {
    const agg = new DriftAggregator();
    agg.add(telnyxPage([
      telnyxItem(0, { joined_at: 1618566380 }),
      telnyxItem(1, { status: 'active' }),
      telnyxItem(2, { record_type: 'room_session', id: 'not-a-uuid' }),
      (({ updated_at: _u, ...rest }) => rest)(telnyxItem(3)),
      telnyxItem(4, { context: null }),
    ]));
    const report = agg.report();
    expect(nonInfo(report)).toEqual([
      ['drift.undocumented-field', TELNYX, '/data/*/status', { string: 1 }],
      ['drift.format-miss-rate', TELNYX, '/data/*/id', '1 of 5 (20%) missed'],
      ['drift.nullability', TELNYX, '/data/*/context', 'null in 1 of 5 (20%)'],
      ['drift.type-observed', TELNYX, '/data/*/joined_at', { integer: 1 }],
      ['drift.enum-value-undocumented', TELNYX, '/data/*/record_type', 'room_session'],
      ['drift.required-missing', TELNYX, '/data/*/updated_at', 'missing in 1 of 5 (20%)'],
    ].sort((a, b) => String(a[2]).localeCompare(String(b[2]))));
    const leftAt = fieldOf(report, TELNYX, '/data/*/left_at')?.observed;
    expect(leftAt).toMatchObject({ count: 5, parentCount: 5, nullCount: 2, nullRate: 0.4, types: { null: 2, string: 3 }, format: { checked: 3, hits: 3, hitRate: 1 } });
    expect(fieldOf(report, TELNYX, '/data/*/record_type')?.observed.values).toEqual({ room_participant: 4, room_session: 1 });
    expect(fieldOf(report, TELNYX, '/data/*/id')?.observed.samples).toEqual(['not-a-uuid']);
  });

  it('counts map keys of links and checks each value', () => {
    const agg = new DriftAggregator();
    const url = 'https://video.twilio.com/v1/Rooms/RM00000000000000000000000000000000/Participants/PA00000000000000000000000000000000';
    agg.add({ operationId: 'twilio-video.fetchRoomParticipant', response: { status: 200, body: { links: { published_tracks: `${url}/PublishedTracks`, anonymize: 'not a url' } } } });
    const report = agg.report();
    expect(fieldOf(report, 'twilio-video.fetchRoomParticipant', '/links')?.observed.keys).toEqual({ anonymize: 1, published_tracks: 1 });
    expect(fieldOf(report, 'twilio-video.fetchRoomParticipant', '/links/{key}')?.observed.format).toEqual({ checked: 2, hits: 1, hitRate: 0.5 });
  });

  it('analyses only the documented success status with a JSON body, and counts the rest', () => {
    const agg = new DriftAggregator();
    agg.add(telnyxPage([telnyxItem(0)]));
    agg.add({ operationId: TELNYX, response: { status: 404, body: { errors: [] } } });
    agg.add({ operationId: TELNYX, response: { status: 200, body: 'not json' } });
    agg.add({ operationId: TELNYX, response: { status: 200, body: JSON.stringify(telnyxPage([telnyxItem(1)]).response.body) } });
    agg.add({ operationId: 'vendor.somethingElse', response: { status: 200, body: {} } });
    agg.add({ what: 'not an exchange' });
    agg.addMalformed();
    const report = agg.report();
    const op = report.operations.find((o) => o.id === TELNYX);
    expect([op?.exchanges, op?.analysed, op?.skipped]).toEqual([4, 2, { otherStatus: 1, notJson: 1 }]);
    expect(report.totals).toEqual({ exchanges: 7, analysed: 2, malformed: 2, unknownOperations: { 'vendor.somethingElse': 1 }, notObserved: ['twilio-insights.listConferenceParticipants', 'twilio-video.fetchRoomParticipant', 'twilio-video.listRoomParticipants', 'twilio-video.updateRoomParticipant'] });
  });
});

describe('DriftAggregator: bounded state', () => {
  // Hostile data: every 100th participant has a record_type and an undocumented field of its own.
  function* participants(n: number): Generator<Record<string, unknown>> {
    for (let i = 0; i < n; i++) yield i % 100 === 0 ? telnyxItem(i, { record_type: `type-${i}`, [`extra_${i}`]: i }) : telnyxItem(i);
  }

  it('holds the same counters after 1,000,000 participants as after 100,000', () => {
    const agg = new DriftAggregator();
    let page: Array<Record<string, unknown>> = [];
    const sizes: Record<number, number> = {};
    let n = 0;
    for (const p of participants(1_000_000)) {
      page.push(p);
      if (page.length === 250) {
        agg.add(telnyxPage(page));
        page = [];
      }
      if (++n % 100_000 === 0) sizes[n] = agg.stateSize();
    }
    expect(new Set(Object.values(sizes)).size).toBe(1);
    const report = agg.report();
    const recordType = fieldOf(report, TELNYX, '/data/*/record_type')?.observed;
    // 100 distinct values counted (the documented one among them), the other 9,901 occurrences only as an overflow count.
    expect(Object.keys(recordType?.values ?? {})).toHaveLength(100);
    expect(recordType?.valuesOverflow).toBe(10_000 - 99);
    expect(recordType?.count).toBe(1_000_000);
    expect(recordType?.samples).toHaveLength(5);
    const op = report.operations.find((o) => o.id === TELNYX);
    expect(op?.fields.filter((f) => f.documented === null)).toHaveLength(100);
    expect(op?.undocumentedOverflow).toBe(10_000 - 100);
    expect(report.findings.filter((f) => f.rule === 'drift.undocumented-field')).toHaveLength(100);
  });
});

describe('compareReports: this run vs the previous one', () => {
  it('lists new and vanished observations and findings', () => {
    const before = new DriftAggregator();
    before.add(telnyxPage([telnyxItem(0, { status: 'active' }), telnyxItem(1)]));
    const after = new DriftAggregator();
    after.add(telnyxPage([telnyxItem(0, { joined_at: 1618566380 }), telnyxItem(1)]));
    const c = compareReports(after.report(), before.report(), 'before.json');
    expect(c.newObservations).toEqual([{ operation: TELNYX, path: '/data/*/joined_at', kind: 'type', value: 'integer' }]);
    expect(c.vanishedObservations).toEqual([
      { operation: TELNYX, path: '/data/*/status', kind: 'field' },
      { operation: TELNYX, path: '/data/*/status', kind: 'type', value: 'string' },
    ]);
    expect(c.newFindings).toEqual([{ rule: 'drift.type-observed', severity: 'error', operation: TELNYX, path: '/data/*/joined_at' }]);
    expect(c.resolvedFindings).toEqual([{ rule: 'drift.undocumented-field', severity: 'warning', operation: TELNYX, path: '/data/*/status' }]);
  });

  it('vanishes nothing of an operation this run did not analyse', () => {
    const before = new DriftAggregator();
    before.add(telnyxPage([telnyxItem(0, { status: 'active' })]));
    const c = compareReports(new DriftAggregator().report(), before.report(), 'before.json');
    expect([c.vanishedObservations, c.resolvedFindings]).toEqual([[], []]);
  });
});
