/**
 * The passes of a run (src/run/runner.ts suitePasses): where a kick may happen, the mutating suite runs after
 * every read-only suite; where nothing may be changed, every suite runs in one pass (the mutating one only
 * says it is skipped, test/run/targets.test.ts), which saves a second pass's worker.
 */
import { describe, expect, it } from 'vitest';
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
});
