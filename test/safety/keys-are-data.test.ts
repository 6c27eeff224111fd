/**
 * Keys are data: a body's `__proto__` and `constructor` keys are parsed, redacted, recorded and
 * replayed intact (src/json-safe.ts, src/run/redact.ts), and reported as undocumented fields in a
 * live run and in its replay alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import { copyJson, hasKey, ownValue, setKey } from '../../src/json-safe.js';
import { Redactor } from '../../src/run/redact.js';
import { plantingProxy, type RecordingProxy } from './proxy.js';
import { readReport, tmpDir } from '../run/support.js';
// The CLI's `main` in this process (test/support/in-process-cli.ts): the same run, without a Node start each.
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';

/** A body as JSON.parse gives it from a hostile server: own keys named like Object.prototype's. */
const HOSTILE_TEXT = '{"__proto__":{"polluted":"yes"},"constructor":{"name":"x"},"toString":"s","hasOwnProperty":1,"nested":[{"__proto__":[1,2]}]}';

describe('a key-safe copy (src/json-safe.ts) and the redactor', () => {
  it.each([
    ['copyJson', (v: unknown) => copyJson(v)],
    ['Redactor.json', (v: unknown) => new Redactor(['secret-value']).json(v)],
  ])('%s keeps __proto__, constructor and every other key, as own data', (_name, copy) => {
    const body = JSON.parse(HOSTILE_TEXT) as Record<string, unknown>;
    const out = copy(body) as Record<string, unknown>;
    expect(JSON.stringify(out)).toBe(HOSTILE_TEXT);
    expect(Object.keys(out)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'nested']);
    // The copy's prototype is untouched: no key changes how rollcall's objects behave.
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as { polluted?: unknown }).polluted).toBeUndefined();
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(ownValue(out, '__proto__')).toEqual({ polluted: 'yes' });
  });

  it('Redactor.json still redacts values under such keys', () => {
    const out = new Redactor(['secret-value']).json(JSON.parse('{"__proto__":{"k":"a secret-value b"}}') as unknown);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"k":"a [REDACTED] b"}}');
  });

  it('Redactor.headers keeps a header named __proto__', () => {
    const headers: Record<string, string> = {};
    setKey(headers, '__proto__', 'x');
    expect(JSON.stringify(new Redactor([]).headers(headers))).toBe('{"__proto__":"x"}');
  });

  it('ownValue and hasKey never answer with what Object.prototype holds', () => {
    const body = JSON.parse('{"a":1}') as object;
    expect(hasKey(body, 'constructor')).toBe(false);
    expect(ownValue(body, 'constructor')).toBeUndefined();
    expect(ownValue(body, '__proto__')).toBeUndefined();
  });
});

describe('__proto__ and constructor in a participant survive record -> replay', () => {
  let mock: RunningMock;
  let proxy: RecordingProxy;
  let env: Record<string, string>;

  beforeAll(async () => {
    mock = await startMock();
    // Every listed participant gets the two keys, as own properties of the JSON text.
    proxy = await plantingProxy(mock.url, (body) => {
      const list = (body as { participants?: unknown }).participants;
      if (Array.isArray(list)) for (const p of list) if (p && typeof p === 'object') {
        setKey(p as Record<string, unknown>, '__proto__', { planted: true });
        setKey(p as Record<string, unknown>, 'constructor', 'planted');
      }
      return body;
    });
    const f = mock.fixtures();
    env = {
      TWILIO_ACCOUNT_SID: f.twilio.accountSid,
      TWILIO_AUTH_TOKEN: f.twilio.authToken,
      ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => r.participants.connected > 0)!.sid,
      ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
    };
  }, 60_000);

  afterAll(async () => {
    await proxy?.close();
    await mock?.close();
  });

  const GREP = 'first page, no parameters';
  const undocumented = (dir: string) =>
    readReport(dir)
      .cases.filter((c) => c.name.includes(GREP))
      .flatMap((c) => c.violations.filter((v) => v.rule === 'drift.undocumented-field').map((v) => v.path))
      .sort();

  it('the live run and its replay report the same undocumented fields, __proto__ and constructor among them', async () => {
    const rec = tmpDir('keys-rec');
    const live = tmpDir('keys-live');
    const r1 = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--report-dir', live, '--record', rec, '--grep', GREP], env);
    expect(r1.code, r1.stdout.slice(-1500) + r1.stderr).toBeLessThan(2);
    const livePaths = undocumented(live);
    expect(livePaths).toEqual(expect.arrayContaining(['/participants/0/__proto__', '/participants/0/constructor']));
    // The recording holds the keys as the server sent them.
    const recorded = fs.readdirSync(rec).filter((f) => f.endsWith('.jsonl')).map((f) => fs.readFileSync(path.join(rec, f), 'utf8')).join('');
    expect(recorded).toContain('"__proto__":{"planted":true}');
    expect(recorded).toContain('"constructor":"planted"');

    const replay = tmpDir('keys-replay');
    const r2 = await rollcall(['run', '--target', 'replay', '--from', rec, '--api', 'twilio-video', '--report-dir', replay, '--grep', GREP]);
    expect(r2.code, r2.stdout.slice(-1500) + r2.stderr).toBe(r1.code);
    expect(undocumented(replay)).toEqual(livePaths);
  }, 180_000);
});
