/**
 * Rules exercised (issue 18): a rule counts as exercised only when its logic ran on input it could
 * judge, recorded where the checks are dispatched (the catalog for one exchange, the walk loop, the
 * cases' multi-exchange checks). Firing: a rule whose input the target lacks is reported unexercised,
 * with the reason and what it needs; silent: the same rule with its input present is exercised. One
 * live run against `rollcall mock` (a completed room: disconnected participants only) holds the
 * console, the JSON report, the coverage report and the Markdown summary to one count.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/types.js';
import { EXCHANGE_CHECKS } from '../../src/checks/index.js';
import { WALK_CHECKS } from '../../src/checks/walk/walk.js';
import { checksWithoutInput, needsOf, walkInput } from '../../src/checks/inputs.js';
import { rulesExercised, rulesExercisedHeadline, rulesInScope, runRulesExercised, type RulesExercised } from '../../src/findings/rules-exercised.js';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { getCatalog, participant, twilioWalk, VIDEO_LIST, TELNYX_LIST } from '../checks/support.js';
import { disconnected, ex, videoList } from '../fixtures/proof/support.js';
import { rollcall, tmpDir } from './support.js';
import { reportSchemaValidator } from '../problems.support.js';

const catalog = getCatalog();

/** What one exchange gave the rules, as the catalog's dispatcher tells it. */
function rulesOf(exchange: Exchange): { reached: Set<string>; judged: Set<string> } {
  const reached = new Set<string>();
  const judged = new Set<string>();
  catalog.check(exchange, { onRule: (rule, j) => (reached.add(rule), j ? judged.add(rule) : undefined) });
  return { reached, judged };
}

describe('the catalog records which rules judged an exchange', () => {
  it.each([
    // [rule, an exchange that holds its input, one that does not (the rule is offered it, and judges nothing)]
    ['twilio.connected-has-no-end', videoList([participant(1, 'connected')]), videoList([disconnected(1)])],
    ['twilio.duration-unit', videoList([disconnected(1)]), videoList([participant(1, 'connected')])],
    ['twilio.duration-matches-times', videoList([disconnected(1)]), videoList([participant(1, 'connected')])],
    ['filter.status', videoList([participant(1, 'connected')], 'Status=connected'), videoList([participant(1, 'connected')])],
    ['filter.identity', videoList([participant(1, 'connected')], `Identity=${String(participant(1).identity)}`), videoList([], `Identity=${String(participant(1).identity)}`)],
    // Rules of schemas/: an x-rule annotation and a keyword row, judged where their node meets a value.
    ['twilio.sid-pattern', videoList([participant(1, 'connected')]), videoList([])],
    ['schema.enum', videoList([participant(1, 'connected')]), videoList([])],
    ['pagination.previous-set-after-first-page', twilioWalk({ total: 5, pageSize: 2 }).pages[1]!, twilioWalk({ total: 5, pageSize: 2 }).pages[0]!],
  ] as Array<[string, Exchange, Exchange]>)('%s: exercised with its input, reached but idle without it', (rule, withInput, without) => {
    expect(rulesOf(withInput).judged.has(rule), 'silent: the input is there').toBe(true);
    const idle = rulesOf(without);
    expect(idle.judged.has(rule), 'firing: nothing of its kind').toBe(false);
    expect(idle.reached.has(rule)).toBe(true);
  });

  it('an error body exercises http.error-shape, not the schema rules of its error schema', () => {
    const op = catalog.operation(VIDEO_LIST);
    const refusal = op.responses.find((r) => r.status >= 400 && r.examples.length > 0)!;
    const rules = rulesOf(ex(VIDEO_LIST, `${op.server}/Rooms/RM${'a'.repeat(32)}/Participants`, refusal.examples[0]!.value, refusal.status));
    expect(rules.judged.has('http.error-shape')).toBe(true);
    expect([...rules.judged].filter((r) => r.startsWith('schema.'))).toEqual([]);
    expect(rulesOf(videoList([])).judged.has('http.error-shape')).toBe(false);
  });

  it('recording changes no verdict: the same violations with and without onRule', () => {
    const broken = videoList([{ ...participant(1, 'connected'), sid: 'PA123', status: 'dancing', end_time: '2020-01-01T00:00:00Z' }]);
    const plain = catalog.check(broken);
    const recorded = catalog.check(broken, { onRule: () => undefined });
    expect(recorded).toEqual(plain);
    expect(plain.length).toBeGreaterThan(1);
  });

  it('the list schemas, markers and all, still compile to one function each (no call per item or field)', () => {
    for (const op of [VIDEO_LIST, TELNYX_LIST]) {
      const ref = catalog.operation(op).responses.find((r) => r.status === 200)!.schemaRef!;
      expect(String(catalog.ajv.getSchema(ref)).match(/\bvalidate\d+\(/g)?.length, ref).toBe(1);
    }
  });

  it('every single-exchange check states its input, and every rule what it needs', () => {
    expect(checksWithoutInput()).toEqual([]);
    expect(EXCHANGE_CHECKS.length).toBeGreaterThan(20);
    for (const r of catalog.rules()) expect(needsOf(r.id), r.id).toMatch(/\w/);
  });
});

describe('a walk exercises the walk rules only when it has the pages they compare', () => {
  const rule = (id: string) => WALK_CHECKS.find((c) => c.id === id)!;
  it.each([
    ['pagination.duplicate-item', { total: 5, pageSize: 2 }, { total: 1, pageSize: 2 }],
    ['pagination.missing-item', { total: 5, pageSize: 2, reference: true }, { total: 5, pageSize: 2 }],
    ['pagination.next-null-at-end', { total: 1, pageSize: 2 }, { total: 5, pageSize: 2, stop: { reason: 'budget' as const } }],
  ])('%s', (id, withInput, without) => {
    expect(walkInput(rule(id))(twilioWalk(withInput))).toBe(true);
    expect(walkInput(rule(id))(twilioWalk(without))).toBe(false);
  });
});

describe('the run figure: a union over cases, within the operations run', () => {
  const a = { operation: VIDEO_LIST, rules: { reached: ['filter.status', 'twilio.duration-unit'], judged: ['filter.status'] } };
  const b = { operation: VIDEO_LIST, rules: { reached: ['twilio.duration-unit'], judged: ['twilio.duration-unit'] } };
  const c = { operation: TELNYX_LIST, rules: { reached: ['filter.context'], judged: [] } };

  it('a rule is exercised when any case judged it; otherwise its reason says whether any case reached it', () => {
    const r = rulesExercised(catalog, [a, c]);
    expect(r.rules).toEqual(['filter.status']);
    const why = new Map(r.unexercised.map((u) => [u.rule, u.reason]));
    expect(why.get('twilio.duration-unit')).toBe('no input of its kind');
    expect(why.get('filter.context')).toBe('no input of its kind');
    expect(why.get('lifecycle.kick-sets-end')).toBeUndefined(); // the update operation did not run
    expect(why.get('twilio.connected-has-no-end')).toBe('never reached');
    expect(r.exercised + r.unexercised.length).toBe(r.total);
  });

  it('shards merged count what the whole run counts, whatever their order', () => {
    const whole = rulesExercised(catalog, [a, b, c]);
    expect(rulesExercised(catalog, [c, b, a])).toEqual(whole);
    expect(whole.rules).toEqual(['filter.status', 'twilio.duration-unit']);
  });

  it('cases that do not record their rules (an older run\'s blobs) give no figure rather than every rule idle', () => {
    const old = { operation: VIDEO_LIST, exchanges: 3 };
    expect(runRulesExercised(catalog, [{ ...a, exchanges: 1 }, old])).toBeUndefined();
    expect(runRulesExercised(catalog, [old])).toBeUndefined();
    // A case that sent nothing (skipped before its first request) needs no record.
    expect(runRulesExercised(catalog, [{ ...a, exchanges: 1 }, { operation: VIDEO_LIST, exchanges: 0 }])?.rules).toEqual(['filter.status']);
  });

  it('the rules of an API the run did not select are not counted against the target', () => {
    const video = rulesInScope(catalog, new Set([VIDEO_LIST]));
    expect(video).toContain('twilio.sid-pattern');
    expect(video.filter((id) => id.startsWith('telnyx.') || id === 'filter.context')).toEqual([]);
    const telnyx = rulesInScope(catalog, new Set([TELNYX_LIST]));
    expect(telnyx).toContain('telnyx.record-type');
    // A numbered list never holds a page link: the link rules are not held against it.
    expect(telnyx).not.toContain('pagination.link-params-documented');
    expect(video).toContain('pagination.link-params-documented');
  });
});

describe('a live target without connected participants: every view gives one count, naming what is missing', () => {
  let mock: RunningMock;
  let run: { code: number; stdout: string };
  let dir: string;
  const json = <T>(file: string): T => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as T;

  beforeAll(async () => {
    mock = await startMock();
    const f = mock.fixtures();
    // A completed room: disconnected participants only (nobody to kick, no connected participant to judge).
    const room = f.twilio.rooms.find((r) => r.participants.connected === 0 && r.participants.disconnected > 3)!;
    dir = tmpDir('rules-exercised');
    run = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', dir], {
      TWILIO_ACCOUNT_SID: f.twilio.accountSid,
      TWILIO_AUTH_TOKEN: f.twilio.authToken,
      ROLLCALL_TWILIO_ROOM_SID: room.sid,
      ROLLCALL_TWILIO_VIDEO_BASE_URL: mock.url,
    });
  }, 120_000);

  afterAll(async () => {
    await mock?.close();
  });

  it('console, JSON report, coverage report and Markdown summary say the same figure', () => {
    expect(run.code, run.stdout.slice(-3000)).toBe(0);
    const fromJson = json<{ rulesExercised: RulesExercised }>('rollcall-report.json').rulesExercised;
    const fromCoverage = json<{ rulesExercised: RulesExercised }>('rollcall-coverage.json').rulesExercised;
    expect(fromCoverage).toEqual(fromJson);
    const headline = rulesExercisedHeadline(fromJson);
    expect(headline).toMatch(/^rules exercised: \d+ of \d+ \(\d+ had nothing to judge on this target\)$/);
    expect(run.stdout).toContain(headline);
    expect(fs.readFileSync(path.join(dir, 'rollcall-summary.md'), 'utf8')).toContain(headline);
    expect(fs.readFileSync(path.join(dir, 'rollcall-report.html'), 'utf8')).toContain(headline);
    expect(fromJson.exercised + fromJson.unexercised.length).toBe(fromJson.total);
    expect(fromJson.exercised).toBeLessThan(fromJson.total);
    // The field is additive: the report still validates against its published schema, which describes it.
    const validate = reportSchemaValidator();
    expect(validate(json('rollcall-report.json')), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...json<object>('rollcall-report.json'), rulesExercised: { total: 1 } })).toBe(false);
  });

  it('firing: the rules whose input the room lacks are named, with why and what they need', () => {
    const r = json<{ rulesExercised: RulesExercised }>('rollcall-report.json').rulesExercised;
    const idle = new Map(r.unexercised.map((u) => [u.rule, u]));
    expect(idle.get('twilio.connected-has-no-end')).toEqual({ rule: 'twilio.connected-has-no-end', reason: 'no input of its kind', needs: 'a connected participant' });
    // The kick cases need a connected participant (and mutations): never reached.
    expect(idle.get('lifecycle.kick-sets-end')?.reason).toBe('never reached');
    expect(run.stdout).toMatch(/no input of its kind, needs a connected participant: twilio\.connected-has-no-end/);
    expect(run.stdout).toMatch(/never reached, needs a connected participant to kick.*\n?.*lifecycle\.kick-sets-end/);
  });

  it('silent: the rules whose input it holds are exercised, and no rule of an API not run is counted', () => {
    const r = json<{ rulesExercised: RulesExercised }>('rollcall-report.json').rulesExercised;
    for (const rule of ['twilio.duration-unit', 'twilio.end-after-start', 'twilio.sid-pattern', 'filter.status', 'pagination.missing-item', 'consistency.fetch-matches-list', 'http.not-found']) {
      expect(r.rules, rule).toContain(rule);
    }
    expect([...r.rules, ...r.unexercised.map((u) => u.rule)].filter((id) => id.startsWith('telnyx.'))).toEqual([]);
  });
});
