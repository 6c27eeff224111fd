/**
 * A busy room is not a red build: the churn rules (what the data did while rollcall read it) are
 * reported but never fail a case, not even under --strict; a real defect under the same churn still does.
 * The runs use the CLI's `main` in this process (test/support/in-process-cli.ts), one after another.
 * The --strict run under churn keeps to the walks and the filter[context] cases (--grep, 13 cases of 207; was every
 * Telnyx case, ~1 s of CPU more): the walks are where churn shows (pagination.churn-observed in each run measured),
 * filter[context] the cases the defect run breaks. Which churn findings a run meets depends on its request schedule
 * (the mock churns per request): the whole run happened to meet pagination.offset-shift too. That each informational
 * rule, offset-shift among them, fails no case under --strict while any other warning does is proven here on
 * failingOf itself (src/findings/fold.ts, what decides a case's failure: src/run/suite.ts), below.
 */
import { describe, expect, it } from 'vitest';
import { readReport, tmpDir, writeConfig } from './support.js';
import { rollcallInProcess as rollcall } from '../support/in-process-cli.js';
import { INFORMATIONAL_RULES } from '../../src/checks/walk/informational.js';
import { failingOf } from '../../src/findings/fold.js';
import type { Violation } from '../../src/types.js';

describe('rollcall run --churn on the embedded mock', () => {
  it('--strict passes with churn findings reported, and still fails on a paging defect under the same churn', async () => {
    const dir = tmpDir('churn-strict');
    const config = writeConfig(dir, { slowMs: 60_000 });
    const busy = await rollcall(['run', '--api', 'telnyx', '--churn', '1', '--strict', '--grep', 'walk|filter\\[context\\]', '--config', config, '--report-dir', `${dir}/busy`]);
    expect(busy.code, busy.stdout.slice(-2000)).toBe(0);
    const seen = readReport(`${dir}/busy`).cases.flatMap((c) => c.violations);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(INFORMATIONAL_RULES.has(v.rule), v.rule).toBe(true);

    // The defect under the same churn: the filter[context] cases, the ones that read what filter-ignored breaks.
    const broken = await rollcall(['run', '--api', 'telnyx', '--churn', '1', '--strict', '--faults', 'filter-ignored', '--grep', 'filter\\[context\\]', '--config', config, '--report-dir', `${dir}/broken`]);
    expect(broken.code).toBe(1);
    expect(readReport(`${dir}/broken`).cases.flatMap((c) => c.violations).map((v) => v.rule)).toContain('filter.context');
  }, 300_000);

  it('under --strict a warning fails its case unless its rule is informational (every churn rule is)', () => {
    const warning = (rule: string): Violation => ({ rule, severity: 'warning', operation: 'telnyx.listRoomSessionParticipants', path: '/data/0', expected: null, actual: null, message: rule, hint: '' });
    const churn = ['pagination.churn-observed', 'pagination.offset-shift'].map(warning);
    expect(churn.map((v) => INFORMATIONAL_RULES.has(v.rule))).toEqual([true, true]);
    expect(failingOf(churn, true)).toEqual([]);
    // Any other warning fails under --strict, and only there; an error fails either way.
    const slow = warning('http.slow');
    expect(failingOf([...churn, slow], true)).toEqual([slow]);
    expect(failingOf([...churn, slow], false)).toEqual([]);
    const error = { ...slow, rule: 'filter.context', severity: 'error' } as const;
    expect(failingOf([...churn, error], false)).toEqual([error]);
  });

  it('--churn is a usage error off the mock, or out of range', async () => {
    const live = await rollcall(['run', '--target', 'live', '--churn', '1']);
    expect(live.code).toBe(2);
    expect(live.stderr).toMatch(/--churn applies to the embedded mock only/);
    const high = await rollcall(['run', '--churn', '99']);
    expect(high.code).toBe(2);
    expect(high.stderr).toMatch(/--churn must be a number/);
  });
});

describe('a dropped Identity match on a quiet room', () => {
  it('is still filter.dropped-match: the re-read by SID shows the participant unchanged', async () => {
    const { startMock } = await import('../../src/mock/index.js');
    const http = await import('node:http');
    const mock = await startMock();
    // A proxy whose Identity filter answers with no participant at all.
    const server = http.createServer((req, res) => {
      const url = req.url ?? '/';
      const forward = http.request(new URL(url, mock.url), { method: req.method, headers: req.headers }, (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          let body = Buffer.concat(chunks);
          if (/[?&]Identity=/.test(url) && up.statusCode === 200) {
            body = Buffer.from(JSON.stringify({ ...(JSON.parse(body.toString('utf8')) as object), participants: [] }));
            delete up.headers['content-length'];
          }
          res.writeHead(up.statusCode ?? 502, up.headers);
          res.end(body);
        });
      });
      req.pipe(forward);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const proxy = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const f = mock.fixtures();
      const dir = tmpDir('dropped-identity');
      const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'Identity of a participant', '--config', writeConfig(dir, { slowMs: 60_000 }), '--report-dir', `${dir}/r`], {
        TWILIO_ACCOUNT_SID: f.twilio.accountSid,
        TWILIO_AUTH_TOKEN: f.twilio.authToken,
        ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((x) => x.status === 'in-progress')!.sid,
        ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy,
      });
      expect(r.code, r.stdout.slice(-1500)).toBe(1);
      expect(readReport(`${dir}/r`).cases.flatMap((c) => c.violations).map((v) => v.rule)).toContain('filter.dropped-match');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await mock.close();
    }
  }, 120_000);
});
