/**
 * Vendor evidence: every published, vendor-written response body we found for our five operations
 * (test/fixtures/vendor/, provenance in its manifest.json) gets its verdict from the library
 * validator. Each expected flag names the specs/NOTES.md "Vendor evidence" entry that explains it:
 * a defect of the published example (a finding, kept) or a retired shape of the API. A flag that only
 * our reading of the seeds produced was removed by fixing schemas/ or specs/, not listed here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/index.js';

interface Version { commit: string; date: string; path: string }
interface Provenance { repository?: string; page?: string; locator: string; versions?: Version[] }
interface Entry {
  file: string;
  operation: string;
  status: number;
  requestUrl?: string;
  kind: string;
  what: string;
  firstSeen: string | null;
  lastSeen: string | null;
  provenance: Provenance[];
}

const DIR = path.join(import.meta.dirname, 'fixtures/vendor');
const manifest = JSON.parse(fs.readFileSync(path.join(DIR, 'manifest.json'), 'utf8')) as { bodies: Entry[] };
const notes = fs.readFileSync(path.join(import.meta.dirname, '../specs/NOTES.md'), 'utf8');
const vendorNotes = notes.slice(notes.indexOf('## Vendor evidence'));
const catalog = await loadCatalog();

/** 'severity rule path' of each flag, and the NOTES entry (E1...) that gives its reason. */
type Verdict = { flags: string[]; why?: string };
const clean: Verdict = { flags: [] };
const placeholderSids = (prefix: string): string[] => ['sid', 'room_sid', 'account_sid'].map((f) => `error twilio.sid-pattern ${prefix}/${f}`);
const retiredInsightsShape = (n: number): string[] =>
  Array.from({ length: n }, (_, i) => [
    `error schema.required /participants/${i}/call_status`,
    `error schema.required /participants/${i}/processing_state`,
    ...['agent_audio', 'call_state', 'quality_issues', 'whisper'].map((f) => `warning drift.undocumented-field /participants/${i}/${f}`),
  ]).flat();

const VERDICTS: Record<string, Verdict> = {
  'twilio-video/list-empty-2017-11-03.json': clean,
  'twilio-video/list-filters-2017-11-03.json': clean,
  'twilio-video/list-filters-2018-01-30.json': clean,
  'twilio-video/list-filters-2019-05-15.json': clean,
  'twilio-video/list-filters-2019-05-29.json': clean,
  'twilio-video/list-filters-2022-09-07.json': clean,
  'twilio-video/fetch-participant-2017-11-03.json': clean,
  'twilio-video/fetch-participant-2018-01-30.json': clean,
  'twilio-video/fetch-participant-2019-05-15.json': clean,
  'twilio-video/fetch-participant-2022-09-07.json': clean,
  // Answered 200: clean since V12 documents 200 and 202 (E2).
  'twilio-video/update-status200-2017-11-03.json': clean,
  'twilio-video/update-status200-2018-01-30.json': clean,
  'twilio-video/update-status200-2019-05-15.json': clean,
  'twilio-video/update-status200-2022-09-07.json': clean,
  'twilio-video/update-status202-2025-02-20.json': clean,
  'twilio-video/snippet-retrieve-participant.json': { flags: placeholderSids(''), why: 'E1' },
  'twilio-video/snippet-kick-remove-participant.json': { flags: placeholderSids(''), why: 'E1' },
  'twilio-video/snippet-retrieve-participant-list-connected.json': { flags: placeholderSids('/participants/0'), why: 'E1' },
  'twilio-video/snippet-retrieve-participant-list-disconnected.json': { flags: [...placeholderSids('/participants/0'), ...placeholderSids('/participants/1')], why: 'E1' },
  'twilio-insights/list-full-2022-02-09.json': clean,
  'twilio-insights/list-label-2022-02-09.json': clean,
  'twilio-insights/list-full-2022-01-26.json': { flags: retiredInsightsShape(2), why: 'E4' },
  'twilio-insights/list-label-2022-01-26.json': { flags: retiredInsightsShape(1), why: 'E4' },
  // `details`: optional since E5.
  'twilio/error-400-details.json': clean,
  'twilio/error-400.json': clean,
  'telnyx/list-docs-sample.json': { flags: ['error pagination.full-page-before-last /data'], why: 'E6' },
  // No `source` (E7) and 422 (E8): clean.
  'telnyx/error-401-credentials.json': clean,
  'telnyx/error-401-headers.json': clean,
  'telnyx/error-404-plain.json': clean,
  'telnyx/error-404-pointer.json': clean,
  'telnyx/error-400-bad-request.json': clean,
  'telnyx/error-422-page-size.json': clean,
  'telnyx/error-429.json': clean,
  // 403 documented (T10); the generic 4XX body of Telnyx's OpenAPI (T9): clean.
  'telnyx/error-403-not-authorized.json': clean,
  'telnyx/error-4xx-generic.json': clean,
};

const flagsOf = (e: Entry): string[] =>
  catalog
    .validate(e.operation, fs.readFileSync(path.join(DIR, e.file), 'utf8'), { status: e.status, requestUrl: e.requestUrl })
    .map((v) => `${v.severity} ${v.rule} ${v.path}`)
    .sort();

describe('the vendor fixtures', () => {
  const listed = new Set(manifest.bodies.map((e) => e.file));
  const onDisk = fs
    .readdirSync(DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .map((f) => f.split(path.sep).join('/'));

  it('are each listed once in the manifest, and each listed body is on disk', () => {
    expect([...listed].sort()).toEqual(onDisk.sort());
    expect(listed.size).toBe(manifest.bodies.length);
  });

  it('are distinct bodies (key order aside) per operation and status', () => {
    const canonical = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => [k, canonical(x)])) : v;
    const keys = manifest.bodies.map((e) => `${e.operation} ${e.status} ${JSON.stringify(canonical(JSON.parse(fs.readFileSync(path.join(DIR, e.file), 'utf8'))))}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it.each(manifest.bodies.map((e) => [e.file, e] as const))('%s names a known operation and its provenance', (_file, e) => {
    expect(catalog.operations.map((o) => o.id)).toContain(e.operation);
    expect(e.what.length).toBeGreaterThan(10);
    expect(e.provenance.length).toBeGreaterThan(0);
    for (const p of e.provenance) {
      if (p.page) expect(p.page).toMatch(/^https:\/\/[a-z.]+\//);
      else {
        expect(p.repository).toMatch(/^[\w-]+\/[\w.-]+$/);
        expect(p.versions?.length).toBeGreaterThan(0);
        for (const v of p.versions ?? []) {
          expect(v.commit).toMatch(/^[0-9a-f]{40}$/);
          expect(v.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          expect(v.path.length).toBeGreaterThan(0);
        }
      }
      expect(p.locator.length).toBeGreaterThan(0);
    }
  });

  it('each have a verdict, and every verdict a fixture', () => {
    expect(Object.keys(VERDICTS).sort()).toEqual([...listed].sort());
  });
});

describe('verdicts on the vendor bodies', () => {
  it.each(manifest.bodies.map((e) => [e.file, e.operation, e.status, e] as const))('%s (%s, %i)', (file, _op, _status, e) => {
    const verdict = VERDICTS[file];
    expect(verdict, `no verdict for ${file}`).toBeDefined();
    expect(flagsOf(e)).toEqual([...(verdict?.flags ?? [])].sort());
    if (verdict?.flags.length) {
      expect(verdict.why, `${file}: a flag on a vendor body needs its reason in NOTES`).toBeDefined();
      expect(vendorNotes).toMatch(new RegExp(`\\| ${verdict.why} \\|`));
    }
  });

  it('no flag on a vendor body is left without a reason in NOTES (Vendor evidence)', () => {
    const cited = new Set(Object.values(VERDICTS).filter((v) => v.flags.length > 0).map((v) => v.why));
    for (const id of cited) expect(vendorNotes).toContain(`| ${id} |`);
  });
});

/**
 * Range codes (NOTES T9): Telnyx's OpenAPI documents this operation's errors as `4XX`, so every 4xx
 * status is documented and its body is held to the range's schema (either error shape); Twilio's
 * files document no range, so a 4xx Twilio does not list stays http.status-undocumented.
 */
describe('range status codes: 4XX documents every 4xx status with its schema', () => {
  const TELNYX = 'telnyx.listRoomSessionParticipants';
  const telnyxErrors = manifest.bodies.filter((e) => e.operation === TELNYX && e.status >= 400);
  const flags = (operation: string, body: unknown, status: number): string[] =>
    catalog.validate(operation, body, { status }).map((v) => `${v.severity} ${v.rule} ${v.path}`).sort();
  const every4xx = Array.from({ length: 100 }, (_, i) => 400 + i);

  it('the Telnyx operation documents 4XX and 403 (NOTES T9, T10)', () => {
    const codes = catalog.operation(TELNYX).responses.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['4XX', 403]));
    expect(catalog.operation(TELNYX).responses.find((r) => r.code === '4XX')).toMatchObject({ status: 400, range: [400, 499] });
  });

  it.each(telnyxErrors.map((e) => [e.file] as const))('%s passes at every status from 400 to 499', (file) => {
    const body = fs.readFileSync(path.join(DIR, file), 'utf8');
    const flagged = every4xx.map((status) => [status, flags(TELNYX, body, status)] as const).filter(([, f]) => f.length > 0);
    expect(flagged).toEqual([]);
  });

  it('a 5xx is still undocumented for Telnyx, and expected lists the range code', () => {
    expect(catalog.validate(TELNYX, '{"message":"Error","success":false}', { status: 503 })).toMatchObject([
      { rule: 'http.status-undocumented', path: '#status', actual: 503, expected: [200, 400, 401, 403, 404, 422, 429, '4XX'] },
    ]);
  });

  it.each([
    // the generic shape (recognised by its success field): message and success, typed as Telnyx's file types them
    [{ success: false }, 418, ['error http.error-shape /message']],
    [{ message: 'Error' }, 418, ['error http.error-shape /errors']],
    // Twilio's error body is neither Telnyx shape
    [{ code: 20003, message: 'Authenticate', more_info: 'https://www.twilio.com/docs/errors/20003', status: 401 }, 401, ['error http.error-shape /errors', 'warning drift.undocumented-field /code', 'warning drift.undocumented-field /more_info', 'warning drift.undocumented-field /status']],
    [{ message: 1, success: false }, 403, ['error http.error-shape /message']],
    [{ message: 'Error', success: 'false' }, 409, ['error http.error-shape /success']],
    [{ message: 'Error', success: false, trace: 'x' }, 409, ['warning drift.undocumented-field /trace']],
    [[], 409, ['error http.error-shape ']],
    // the errors list: code a string, title required, at least one error
    [{ errors: [] }, 403, ['error http.error-shape /errors']],
    [{ errors: [{ code: 10010, title: 'Not authorized' }] }, 403, ['error http.error-shape /errors/0/code']],
    [{ errors: [{ code: '10010', detail: 'x' }] }, 409, ['error http.error-shape /errors/0/title']],
    [{ errors: [{ code: '10010', title: 'Not authorized' }], trace: 'x' }, 400, ['warning drift.undocumented-field /trace']],
    [{ errors: [{ code: '10010', title: 'Not authorized', status: 403 }] }, 403, ['warning drift.undocumented-field /errors/0/status']],
  ])('a body that breaks the error shapes still fails: %j at %i', (body, status, expected) => {
    expect(flags(TELNYX, body, status)).toEqual(expected);
  });

  it("an errors list without detail follows Telnyx's video_Error (code and title required): clean at 404 and at 409", () => {
    for (const status of [404, 409]) expect(flags(TELNYX, { errors: [{ code: '10005', title: 'Resource not found' }] }, status)).toEqual([]);
  });

  it.each([
    ['twilio-video.listRoomParticipants'],
    ['twilio-video.fetchRoomParticipant'],
    ['twilio-video.updateRoomParticipant'],
    ['twilio-insights.listConferenceParticipants'],
  ])('%s: 403 is documented with the Twilio error body (V15); a 4xx it does not list stays undocumented', (operation) => {
    const forbidden = { code: 20403, message: '403 Forbidden', more_info: 'https://www.twilio.com/docs/errors/20403', status: 403 };
    expect(flags(operation, forbidden, 403)).toEqual([]);
    expect(flags(operation, { message: 'Error', success: false }, 403)).toEqual(
      expect.arrayContaining(['error http.error-shape /code', 'error http.error-shape /more_info', 'error http.error-shape /status']),
    );
    expect(flags(operation, { ...forbidden, status: 418 }, 418)).toEqual(['error http.status-undocumented #status']);
  });
});
