/**
 * The passes of a run (src/run/runner.ts suitePasses): where a kick may happen, the mutating suite runs after
 * every read-only suite; where nothing may be changed, every suite runs in one pass (the mutating one only
 * says it is skipped, test/run/targets.test.ts), which saves a second pass's worker. Both passes share one
 * vitest, the mutating suite waiting in its worker until the read-only suites have ended (src/run/runner.ts
 * WritesGate): shown here with two workers, where it would otherwise start beside them; and when a read-only suite
 * cannot reach the target, the mutating suite sends nothing (as a second pass was not started).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollcall, tmpDir, writeConfig } from './support.js';
import { loadCatalog } from '../../src/index.js';
import { suitePasses } from '../../src/run/runner.js';
import { liveTarget, mockTarget } from '../../src/run/targets.js';
import { isMutating } from '../../src/run/spec-operations.js';
import { startMock } from '../../src/mock/index.js';
import { rollcallInProcess } from '../support/in-process-cli.js';

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

  it('a read-only suite that cannot reach the target: the mutating suite sends nothing (no kick on a failing sandbox)', async () => {
    const mock = await startMock();
    // A sandbox in front of the mock that drops the connection of every case's list read (preflight reads with
    // PageSize=1 and discovery with PageSize=1000; they pass), and counts the kicks that reach it.
    let drop = true;
    const kicks: string[] = [];
    const proxy = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', mock.url);
      if (req.method === 'POST') kicks.push(url.pathname);
      if (drop && req.method === 'GET' && !['1', '1000'].includes(url.searchParams.get('PageSize') ?? '')) return void req.socket.destroy();
      const forward = http.request(url, { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      req.pipe(forward);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    try {
      const f = mock.fixtures();
      const room = f.twilio.rooms.find((r) => r.status === 'in-progress' && r.participants.connected > 1)!.sid;
      const env = { TWILIO_ACCOUNT_SID: f.twilio.accountSid, TWILIO_AUTH_TOKEN: f.twilio.authToken, ROLLCALL_TWILIO_ROOM_SID: room, ROLLCALL_TWILIO_VIDEO_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}` };
      const dir = tmpDir('passes-stop');
      const args = ['run', '--target', 'live', '--api', 'twilio-video', '--allow-mutations', room, '--grep', 'first page, no parameters|kick a connected participant', '--config', writeConfig(dir, { slowMs: 60_000, consistencyBudgetMs: 0 })];
      const r = await rollcallInProcess([...args, '--report-dir', path.join(dir, 'r')], env);
      expect(r.code, r.stdout.slice(-1500)).toBe(2);
      const report = JSON.parse(fs.readFileSync(path.join(dir, 'r', 'rollcall-report.json'), 'utf8')) as { cases: Array<{ operation: string; transportError?: string }> };
      expect(report.cases.some((c) => c.transportError), r.stdout.slice(-1500)).toBe(true);
      expect(report.cases.filter((c) => isMutating(catalog.operation(c.operation)))).toEqual([]);
      expect(kicks).toEqual([]);
      // The same run when the reads get through: the kick is sent (the assertion above could fail).
      drop = false;
      const clean = await rollcallInProcess(args, env);
      expect(clean.code, clean.stdout.slice(-1500)).toBe(0);
      expect(kicks.length).toBeGreaterThan(0);
    } finally {
      await new Promise((r) => proxy.close(r));
      await mock.close();
    }
  });
});
