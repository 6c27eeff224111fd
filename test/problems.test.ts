/**
 * Problems (src/findings): fingerprints, exact counts, consequences, excerpts; the JSON
 * report's shape against its published schema (schemas/report/), as a snapshot; the catalog's
 * streaming sink gives the same violations as the array it replaces.
 */
import { describe, expect, it } from 'vitest';
import type { Violation } from '../src/types.js';
import { loadCatalog } from '../src/catalog/catalog.js';
import { excerptAt, fingerprintOf, pathPattern, problemsOfCases, ProblemSet, valueShape } from '../src/findings/index.js';
import { jsonReport } from '../reporters/json.js';
import type { ReportCase } from '../reporters/evidence.js';
import type { RunMeta } from '../src/report-types/run-meta.js';
import { reportSchemaValidator } from './problems.support.js';

const LIST = 'twilio-video.listRoomParticipants';
const FETCH = 'twilio-video.fetchRoomParticipant';
const URL_A = 'http://127.0.0.1:4010/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?Status=connected';
const URL_B = 'http://127.0.0.1:4010/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?Status=disconnected';

function v(rule: string, path: string, actual: unknown, extra: Partial<Violation> = {}): Violation {
  return { rule, severity: 'error', operation: LIST, path, expected: rule === 'schema.enum' ? ['connected', 'disconnected', 'reconnecting'] : 'x', actual, message: `${rule} at ${path}`, hint: 'fix it', request: { method: 'GET', url: URL_A }, ...extra };
}

describe('fingerprints', () => {
  it.each([
    ['/participants/3/sid', '/participants/*/sid'],
    ['/participants/12/links/0', '/participants/*/links/*'],
    ['/meta/page_size', '/meta/page_size'],
    ['/a1/2b/3', '/a1/2b/*'],
    ['#status', '#status'],
    ['', ''],
  ])('path %s -> pattern %s', (pointer, pattern) => {
    expect(pathPattern(pointer)).toBe(pattern);
  });

  it.each([
    ['disconnecting', ['connected'], '"disconnecting"'],
    ['RM123', ['connected'], 'string'],
    ['disconnecting', 'disconnected', 'string'],
    [null, ['connected'], 'null'],
    ['(missing)', 'present', 'missing'],
    ['(object)', 'x', 'object'],
    ['(array of 3)', 'x', 'array'],
    [42, 'x', 'number'],
    [true, 'x', 'boolean'],
  ] as Array<[unknown, unknown, string]>)('actual %j (expected %j) has the shape %s', (actual, expected, shape) => {
    expect(valueShape(actual, expected)).toBe(shape);
  });

  it('separates an undocumented value from null at the same path', () => {
    const a = fingerprintOf(v('schema.enum', '/participants/0/status', 'disconnecting'));
    const b = fingerprintOf(v('schema.enum', '/participants/5/status', 'disconnecting'));
    const c = fingerprintOf(v('schema.enum', '/participants/1/status', null));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe('ProblemSet', () => {
  it('counts violations, items, cases and exchanges exactly, keeping at most maxSamples samples', () => {
    const set = new ProblemSet({ maxSamples: 2 });
    for (let i = 0; i < 1000; i++) set.add(v('schema.enum', `/participants/${i % 100}/status`, 'disconnecting'), { case: `case ${i % 3}` });
    set.add(v('schema.enum', '/participants/0/status', 'disconnecting', { request: { method: 'GET', url: URL_B } }), { case: 'case 0' });
    const [p] = set.list();
    expect(set.size).toBe(1);
    expect(p?.counts).toEqual({ violations: 1001, items: 301, cases: 3, exchanges: 4, known: 0, waived: 0, new: 1001 });
    expect(p?.samples).toHaveLength(2);
    expect(p?.samples[0]).toMatchObject({ case: 'case 0', path: '/participants/0/status', actual: 'disconnecting' });
    expect(set.totals()).toEqual({ problems: 1, causes: 1, violations: 1001, errors: 1001, warnings: 0, new: 1001 });
  });

  it('marks what follows from an undocumented value, and a pagination symptom of another on the same responses', () => {
    const cases = [
      {
        id: 'list > a',
        violations: [
          v('schema.enum', '/participants/0/status', 'disconnecting'),
          v('schema.enum', '/participants/1/status', 'disconnecting'),
          v('filter.status', '/participants/0/status', 'disconnecting', { expected: 'connected' }),
          v('pagination.full-page-before-last', '/participants', 2),
          v('pagination.full-page-before-last', '/participants', 2, { request: { method: 'GET', url: URL_B } }),
          v('pagination.next-null-at-end', '/meta/next_page_url', 'http://x/1'),
          v('twilio.sid-pattern', '/participants/0/sid', 'RM1'),
        ],
      },
      { id: 'fetch > b', violations: [v('schema.enum', '/status', 'disconnecting', { operation: FETCH }), v('consistency.fetch-matches-list', '/status', 'disconnecting', { operation: FETCH, expected: 'connected' })] },
    ];
    const problems = problemsOfCases(cases).list();
    const byRule = (rule: string, operation = LIST) => problems.find((p) => p.fingerprint.rule === rule && p.fingerprint.operation === operation);
    const cause = byRule('schema.enum');
    expect(cause?.consequenceOf).toBeUndefined();
    expect(byRule('filter.status')?.consequenceOf?.id).toBe(cause?.id);
    expect(byRule('schema.enum', FETCH)?.consequenceOf?.id).toBe(cause?.id);
    expect(byRule('consistency.fetch-matches-list', FETCH)?.consequenceOf?.id).toBe(cause?.id);
    expect(byRule('pagination.next-null-at-end')?.consequenceOf?.id).toBe(byRule('pagination.full-page-before-last')?.id);
    expect(byRule('twilio.sid-pattern')?.consequenceOf).toBeUndefined();
    expect(problems.filter((p) => !p.consequenceOf).map((p) => p.fingerprint.rule).sort()).toEqual(['pagination.full-page-before-last', 'schema.enum', 'twilio.sid-pattern']);
  });

  it('a loop back to a page already read explains the short page with a next link on the same responses, not one elsewhere', () => {
    const loop = (url: string) => v('pagination.next-page-cycle', '/meta/next_page_url', 'http://x/0', { request: { method: 'GET', url } });
    const short = (url: string) => v('pagination.full-page-before-last', '/participants', 2, { request: { method: 'GET', url } });
    const same = problemsOfCases([{ id: 'walk', violations: [short(URL_A), short(URL_B), short(URL_B + '&x=1'), loop(URL_A)] }]).list();
    const cycle = same.find((p) => p.fingerprint.rule === 'pagination.next-page-cycle');
    expect(cycle?.consequenceOf).toBeUndefined();
    expect(same.find((p) => p.fingerprint.rule === 'pagination.full-page-before-last')?.consequenceOf?.id).toBe(cycle?.id);
    // The loop on a response the short pages do not share: two defects, two causes.
    const apart = problemsOfCases([{ id: 'walk', violations: [short(URL_A), short(URL_A + '&y=1'), loop(URL_B)] }]).list();
    expect(apart.filter((p) => !p.consequenceOf)).toHaveLength(2);
  });

  it('never files an error as the consequence of a warning, whatever the exchanges they share', () => {
    // Churn noise over a real paging defect: the informational churn finding is on the same responses,
    // and outnumbers the error; it must not explain (hide) it. A warning under the error is still filed.
    const churn = (url: string) => v('pagination.churn-observed', '', { left: 1 }, { severity: 'warning', request: { method: 'GET', url } });
    const missing = v('pagination.missing-item', '/participants/2', 'absent from all 3 pages');
    const problems = problemsOfCases([{ id: 'walk', violations: [churn(URL_A), churn(URL_A + '&Page=1'), churn(URL_A + '&Page=2'), missing] }]).list();
    const byRule = (rule: string) => problems.find((p) => p.fingerprint.rule === rule);
    expect(byRule('pagination.missing-item')?.consequenceOf).toBeUndefined();
    expect(byRule('pagination.missing-item')?.severity).toBe('error');
    expect(problems[0]?.fingerprint.rule).toBe('pagination.missing-item');
    // The same shapes with the severities the other way round: the error explains the warning.
    const flipped = problemsOfCases([{ id: 'walk', violations: [
      v('pagination.next-page-cycle', '/meta/next_page_url', 'http://x/0'),
      v('pagination.next-page-cycle', '/meta/next_page_url', 'http://x/0', { request: { method: 'GET', url: URL_A + '&Page=1' } }),
      v('pagination.page-not-full', '/participants', 2, { severity: 'warning' }),
    ] }]).list();
    const cycle = flipped.find((p) => p.fingerprint.rule === 'pagination.next-page-cycle');
    expect(flipped.find((p) => p.fingerprint.rule === 'pagination.page-not-full')?.consequenceOf?.id).toBe(cycle?.id);
    // An undocumented value seen only as a warning does not explain an error that carries it.
    const values = problemsOfCases([{ id: 'c', violations: [
      v('schema.enum', '/participants/0/status', 'disconnecting', { severity: 'warning' }),
      v('schema.enum', '/participants/1/status', 'disconnecting', { severity: 'warning' }),
      v('filter.status', '/participants/0/status', 'disconnecting', { expected: 'connected' }),
    ] }]).list();
    expect(values.find((p) => p.fingerprint.rule === 'filter.status')?.consequenceOf).toBeUndefined();
  });

  it('an informational rule (nothing to fix in the API) explains nothing: neither an error nor a warning', () => {
    // pagination.churn-observed and pagination.offset-shift (INFORMATIONAL_RULES) on the very responses
    // of a walk warning and a walk error, outnumbering both: each stays a cause.
    const url = (n: number) => `${URL_A}&Page=${n}`;
    const info = (rule: string, n: number) => v(rule, '', { left: 1 }, { severity: 'warning', request: { method: 'GET', url: url(n) } });
    const problems = problemsOfCases([{ id: 'walk', violations: [
      ...[0, 1, 2].flatMap((n) => [info('pagination.churn-observed', n), info('pagination.offset-shift', n)]),
      v('pagination.page-not-full', '/participants', 2, { severity: 'warning', request: { method: 'GET', url: url(1) } }),
      v('pagination.next-null-at-end', '/meta/next_page_url', 'http://x/1', { request: { method: 'GET', url: url(2) } }),
    ] }]).list();
    expect(problems.map((p) => [p.fingerprint.rule, p.consequenceOf?.id ?? null]).sort()).toEqual([
      ['pagination.churn-observed', null],
      ['pagination.next-null-at-end', null],
      ['pagination.offset-shift', null],
      ['pagination.page-not-full', null],
    ]);
  });

  it('reads cases in the order given: the first sample (and its curl line) is from the first case in the run\'s order', () => {
    const curl = (id: string) => [{ operation: LIST, method: 'GET', url: URL_A, status: 200, curl: `curl ${id}` }];
    const cases = [
      { id: `${LIST} > z run first`, violations: [v('twilio.sid-pattern', '/participants/0/sid', 'RM1')], requests: curl('z') },
      { id: `${LIST} > a run second`, violations: [v('twilio.sid-pattern', '/participants/0/sid', 'RM2')], requests: curl('a') },
    ];
    const [problem] = problemsOfCases(cases).list();
    expect(problem?.samples.map((s) => [s.case, s.curl])).toEqual([[`${LIST} > z run first`, 'curl z'], [`${LIST} > a run second`, 'curl a']]);
    expect(problemsOfCases([...cases].reverse()).list()[0]?.samples[0]?.case).toBe(`${LIST} > a run second`);
  });

  it('stays small at a million violations: memory follows the problems, not the violations', () => {
    const set = new ProblemSet();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 1_000_000; i++) set.add(v('schema.required', `/participants/${i % 250_000}/sid`, '(missing)', { request: { method: 'GET', url: i < 500_000 ? URL_A : URL_B } }));
    const [p] = set.list();
    expect(p?.counts).toMatchObject({ violations: 1_000_000, items: 500_000, exchanges: 2, cases: 1 });
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(64 * 1024 * 1024);
  });
});

describe('excerptAt', () => {
  it('keeps the item the pointer goes through (others null, so indexes stay true) and cuts other arrays', () => {
    const body = { participants: [{ sid: 'a' }, { sid: 'b', status: 'x' }, { sid: 'c' }], meta: { list: [1, 2, 3, 4, 5] } };
    expect(excerptAt(body, '/participants/1/status')).toEqual({ participants: [null, { sid: 'b', status: 'x' }], meta: { list: [1, 2, 3] } });
  });

  it('keeps every key of the body: __proto__ and constructor are keys of the excerpt, not its prototype', () => {
    const body = JSON.parse('{"__proto__": {"polluted": true}, "constructor": "x", "participants": [{"__proto__": 1, "sid": "a"}]}') as unknown;
    const out = excerptAt(body, '/participants/0/sid') as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'participants']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toEqual({ polluted: true });
    expect(out.constructor).toBe('x');
    expect(Object.keys((out.participants as Array<Record<string, unknown>>)[0]!)).toEqual(['__proto__', 'sid']);
    expect(JSON.parse(JSON.stringify(out))).toEqual(body);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

const RUN: RunMeta = { tool: 'rollcall', rollcallVersion: '0.0.0', vitestVersion: '4', node: 'v20', target: 'embedded mock', kind: 'mock', faults: ['enum-drift'], strict: false, startedAt: '2026-01-01T00:00:00.000Z' };

function reportCase(id: string, violations: Violation[], requests: ReportCase['evidence']['requests'] = []): ReportCase {
  const [operation = '', group = '', name = ''] = id.split(' > ');
  return { id, operation, group, name, state: violations.length ? 'failed' : 'passed', violations, exchanges: 2, durationMs: 5, evidence: { requests } };
}

describe('the JSON report', () => {
  const cases = [
    reportCase(`${LIST} > room > Status=connected`, [
      ...Array.from({ length: 50 }, (_, i) => v('schema.enum', `/participants/${i}/status`, 'disconnecting')),
      v('filter.status', '/participants/0/status', 'disconnecting', { expected: 'connected' }),
    ], [{ operation: LIST, method: 'GET', url: URL_A, status: 200, curl: `curl -sS '${URL_A}' -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`, excerpts: { '/participants/0/status': { participants: [{ status: 'disconnecting' }] } } }]),
    reportCase(`${LIST} > room > first page`, []),
  ];

  it('validates against schemas/report/rollcall-report.schema.json', () => {
    const validate = reportSchemaValidator();
    const report = jsonReport(cases, RUN, { maxSamples: 2 });
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
  });

  it('carries every problem with capped samples and exact totals; a case keeps the first violation of each of its problems', async () => {
    const report = jsonReport(cases, RUN, { maxSamples: 2 });
    expect(report.totals).toMatchObject({ violations: 51, errors: 51, problems: 2, causes: 1, cases: 2, failed: 1 });
    expect(report.cases[1]?.violations).toHaveLength(2);
    expect(report.cases[1]?.violationCount).toBe(51);
    await expect(JSON.stringify(report, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/problems-report.json');
  });
});

describe('catalog.validate with onViolation', () => {
  it('gives the same violations as the returned array on a long list (schema-checked in chunks)', async () => {
    const catalog = await loadCatalog();
    const participants = Array.from({ length: 2500 }, (_, i) => (i % 7 === 0 ? { sid: `PA${'0'.repeat(31)}${i % 10}`, status: 'gone' } : { sid: 'bad' }));
    const body = { participants, meta: { page: 0, page_size: 2500, key: 'participants', url: 'https://video.twilio.com/v1/x', first_page_url: 'https://video.twilio.com/v1/x', previous_page_url: null, next_page_url: null } };
    const whole = catalog.validate(LIST, body);
    const streamed: Violation[] = [];
    expect(catalog.validate(LIST, body, { onViolation: (x) => streamed.push(x) })).toEqual([]);
    const key = (x: Violation) => `${x.rule} ${x.path} ${JSON.stringify(x.actual)}`;
    expect(streamed.map(key).sort()).toEqual(whole.map(key).sort());
    expect(whole.length).toBeGreaterThan(2500);
  });
});
