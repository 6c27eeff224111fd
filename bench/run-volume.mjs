// `rollcall run --target live --api twilio-video` against a hostile sandbox: the mock behind a proxy
// that replaces every Video list page's participants with N broken ones (a malformed sid, nothing
// else). Wall time, CPU time and peak memory of the run (max RSS over its processes, /usr/bin/time),
// the violations it counted and the JSON report's size, at growing N: memory should follow the pages,
// not the number of violations. The baseline in the same run: a clean run against the same mock.
// Usage: node bench/run-volume.mjs [N ...]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BIN = path.join(ROOT, 'bin', 'rollcall.js');

/**
 * A proxy in front of `upstream` whose Video list pages hold `items` broken participants (0: untouched);
 * `inflated()` counts the pages it replaced. Also the sandbox of test/run/bounded-run.test.ts.
 * `distinct`: each broken item carries its own malformed sid (unique across the run's pages, the same
 * when a page is read again), instead of one malformed sid shared by every item.
 * `field: 'status'`: the broken items carry an undocumented status word (letters only, an enum-like
 * value that is its own problem shape) instead of a malformed sid; `distinct` gives each its own word.
 */
export function hostileProxy(upstream, items, { distinct = false, field = 'sid' } = {}) {
  let inflated = 0;
  const server = http.createServer((req, res) => {
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: { ...req.headers, host: req.headers.host } }, (up) => {
      const chunks = [];
      up.on('data', (c) => chunks.push(c));
      up.on('end', () => {
        let body = Buffer.concat(chunks);
        if (items > 0 && req.method === 'GET' && /\/v1\/Rooms\/[^/]+\/Participants(\?|$)/.test(req.url ?? '') && up.statusCode === 200) {
          const page = JSON.parse(body.toString());
          const hash = urlHash(req.url ?? '');
          page.participants = Array.from({ length: items }, (_, i) => (field === 'status' ? { status: distinct ? `x${letters(hash)}${letters(i.toString(16))}` : 'xundocumented' } : { sid: distinct ? `XX${hash}${i.toString(16).padStart(5, '0')}` : 'XX1' }));
          body = Buffer.from(JSON.stringify(page));
          inflated++;
        }
        res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': String(body.length) });
        res.end(body);
      });
    });
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, inflated: () => inflated, close: () => new Promise((r) => server.close(r)) })));
}

/** FNV-1a of a request URL, 8 hex digits: a page's distinct sids differ from every other page's. */
function urlHash(url) {
  let h = 0x811c9dc5;
  for (let i = 0; i < url.length; i++) h = Math.imul(h ^ url.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/** Hex digits as letters (0-f -> a-p): a distinct word without digits, as an enum value looks. */
function letters(hex) {
  return hex.replace(/[0-9a-f]/g, (d) => String.fromCharCode(97 + parseInt(d, 16)));
}

function run(env, reportDir) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const args = [BIN, 'run', '--target', 'live', '--api', 'twilio-video', '--report-dir', reportDir];
    const timed = fs.existsSync('/usr/bin/time');
    const child = timed
      ? spawn('/usr/bin/time', ['-f', 'rollcall-bench-cpu %U %S %M', process.execPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stdout.on('data', () => {});
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (code) => {
      const cpu = /rollcall-bench-cpu ([\d.]+) ([\d.]+) (\d+)/.exec(stderr);
      resolve({ code, seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: cpu ? Number((Number(cpu[1]) + Number(cpu[2])).toFixed(2)) : undefined, peakMb: cpu ? Number(cpu[3]) / 1024 : undefined });
    });
  });
}

/** The distinct-value rows (issue 18): each size twice, one shared bad value vs a bad value per item. */
export const DISTINCT_ROWS = [3_000, 12_000, 20_000].flatMap((items) => [{ items, distinct: false }, { items, distinct: true }]);
/** The same with undocumented status words: one shared word vs a word per item. */
export const DISTINCT_ENUM_ROWS = DISTINCT_ROWS.map((row) => ({ ...row, field: 'status' }));

/** `sizes`: numbers (every broken item carries the same bad sid) or `{ items, distinct, field }` rows. */
export async function benchRunVolume(sizes = [0, 1_000, 3_000, 6_000]) {
  const { startMock } = await import(path.join(ROOT, 'dist/src/mock/index.js'));
  const mock = await startMock();
  const f = mock.fixtures();
  const rows = [];
  try {
    for (const size of sizes) {
      const { items, distinct = false, field = 'sid' } = typeof size === 'number' ? { items: size } : size;
      const proxy = await hostileProxy(mock.url, items, { distinct, field });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-bench-run-'));
      try {
        const r = await run(
          {
            TWILIO_ACCOUNT_SID: f.twilio.accountSid,
            TWILIO_AUTH_TOKEN: f.twilio.authToken,
            ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((room) => room.uniqueName === 'DailyStandup').sid,
            ROLLCALL_TWILIO_VIDEO_BASE_URL: proxy.url,
          },
          dir,
        );
        const file = path.join(dir, 'rollcall-report.json');
        const report = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
        rows.push({ items, distinct, field, exitCode: r.code, seconds: Number(r.seconds.toFixed(1)), cpuSeconds: r.cpuSeconds, peakMb: r.peakMb === undefined ? undefined : Math.round(r.peakMb), violations: report?.totals.violations, problems: report?.totals.problems, reportBytes: report ? fs.statSync(file).size : undefined });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
        await proxy.close();
      }
    }
  } finally {
    await mock.close();
  }
  return rows;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  // `12000` (one shared bad sid) or `12000d` (a bad sid per item), `12000e`/`12000de` (undocumented status words); `distinct`/`distinct-enum`: the rows.
  const args = process.argv.slice(2);
  const sizes = args.includes('distinct') ? DISTINCT_ROWS : args.includes('distinct-enum') ? DISTINCT_ENUM_ROWS : args.map((a) => ({ items: Number(a.replace(/d?e?$/, '')), distinct: /de?$/.test(a), field: a.endsWith('e') ? 'status' : 'sid' }));
  for (const r of await benchRunVolume(sizes.length ? sizes : undefined)) {
    console.log(`${String(r.items).padStart(6)} broken items a page${r.field === 'status' ? ' (status words)' : ''}${r.distinct ? ' (distinct values)' : ''}: exit ${r.exitCode}, ${r.seconds} s wall, ${r.cpuSeconds ?? '?'} s CPU, peak ${r.peakMb ?? '?'} MB, ${r.violations} violations in ${r.problems} problems, report ${((r.reportBytes ?? 0) / 1024).toFixed(0)} kB`);
    console.log(JSON.stringify({ bench: 'run-volume', ...r }));
  }
}
