/**
 * The passes of a run (src/run/runner.ts suitePasses): where a kick may happen, the mutating suite runs after
 * every read-only suite; where nothing may be changed, every suite runs in one pass (the mutating one only
 * says it is skipped, test/run/targets.test.ts), which saves a second pass's worker. Both passes share one
 * vitest, the mutating suite waiting in its worker until the read-only suites have ended (src/run/runner.ts
 * WritesGate): shown here with two workers, where it would otherwise start beside them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollcall, tmpDir, writeConfig } from './support.js';
import { loadCatalog } from '../../src/index.js';
import { suitePasses } from '../../src/run/runner.js';
import { liveTarget, mockTarget } from '../../src/run/targets.js';
import { isMutating } from '../../src/run/spec-operations.js';

const catalog = await loadCatalog();
const operations = catalog.operations;
const mutating = operations.filter((o) => isMutating(o)).map((o) => o.id);
const reading = operations.filter((o) => !isMutating(o)).map((o) => o.id);
const ROOM = `RM${'a'.repeat(32)}`;
const env = { TWILIO_ACCOUNT_SID: `AC${'b'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'token', ROLLCALL_TWILIO_ROOM_SID: ROOM, TELNYX_API_KEY: 'key', ROLLCALL_TELNYX_ROOM_SESSION_ID: 'session', ROLLCALL_TWILIO_CONFERENCE_SID: `CF${'c'.repeat(32)}` };

describe('the passes of a run', () => {
  it('the specs hold both kinds of operation (else this proves nothing)', () => {
    expect(mutating.length).toBeGreaterThan(0);
    expect(reading.length).toBeGreaterThan(0);
  });

  it('the embedded mock (kicks allowed on its copy): every read-only suite, then the mutating ones', async () => {
    const built = await mockTarget({ apis: ['twilio-video', 'twilio-insights', 'telnyx'] });
    try {
      expect(suitePasses(operations, built.target)).toEqual([reading, mutating]);
    } finally {
      await built.close();
    }
  });

  it('a live run with --allow-mutations: the same two passes', () => {
    const { target } = liveTarget(env, { apis: ['twilio-video', 'twilio-insights', 'telnyx'], allowMutations: ROOM });
    expect(target.twilioVideo?.mutations).toBeDefined();
    expect(suitePasses(operations, target)).toEqual([reading, mutating]);
  });

  it('a live run without --allow-mutations: one pass of every suite', () => {
    const { target } = liveTarget(env, { apis: ['twilio-video', 'twilio-insights', 'telnyx'] });
    expect(target.twilioVideo?.mutations).toBeUndefined();
    expect(suitePasses(operations, target)).toEqual([operations.map((o) => o.id)]);
  });

  it('no empty pass: an API selection without a mutating operation is one pass', async () => {
    const built = await mockTarget({ apis: ['telnyx'] });
    try {
      const telnyx = operations.filter((o) => o.api === 'telnyx');
      expect(suitePasses(telnyx, built.target)).toEqual([telnyx.map((o) => o.id)]);
    } finally {
      await built.close();
    }
  });

  it('in one vitest with two workers, the kick comes after the last request of a read-only suite still walking', async () => {
    // Only the telnyx walks (slowed) and the kick are selected: the other read-only suites end at once, so that without the
    // gate the mutating suite would take a free worker and kick while telnyx still reads.
    const dir = tmpDir('passes');
    const config = writeConfig(dir, { faultSettings: { slowMs: 40 }, slowMs: 60_000 });
    const rec = path.join(dir, 'rec');
    const r = await rollcall(['run', '--faults', 'slow', '--config', config, '--grep', 'filter\\[date_joined_at|kick a connected participant', '--record', rec], { VITEST_MAX_WORKERS: '2' });
    expect(r.code, r.stdout.slice(-2000) + r.stderr).toBe(0);
    const exchanges = fs
      .readdirSync(rec)
      .filter((f) => f.endsWith('.jsonl'))
      .flatMap((f) => fs.readFileSync(path.join(rec, f), 'utf8').trim().split('\n'))
      .map((l) => JSON.parse(l) as { at: number; operationId: string; request: { method: string } });
    const telnyx = exchanges.filter((e) => e.operationId.startsWith('telnyx.')).map((e) => e.at);
    const kicks = exchanges.filter((e) => e.request.method === 'POST').map((e) => e.at);
    expect(telnyx.length).toBeGreaterThan(15);
    expect(kicks.length).toBeGreaterThan(0);
    expect(Math.min(...kicks)).toBeGreaterThanOrEqual(Math.max(...telnyx));
  });
});
