// A default live run against the mock used as a live sandbox (behind a counting proxy): requests sent
// and wall time, beside the embedded run of the same fixtures in the same bench run (the baseline).
// `node bench/live-run.mjs [PACKAGE_ROOT]` measures another checkout of rollcall the same way.
import { execFile } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { liveEnv } from './live-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = promisify(execFile);

function countingProxy(upstream) {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: { ...req.headers, host: req.headers.host } }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(forward);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${server.address().port}`, count: () => requests, close: () => new Promise((r) => server.close(r)) })));
}

export async function benchLiveRun(root = ROOT) {
  const { startMock } = await import(path.join(ROOT, 'dist/src/mock/index.js'));
  const mock = await startMock();
  const proxy = await countingProxy(mock.url);
  try {
    const f = mock.fixtures();
    const room = f.twilio.rooms.find((r) => r.participants.connected > 0 && r.participants.disconnected > 0) ?? f.twilio.rooms[0];
    const env = liveEnv(f, proxy.url, {
      ROLLCALL_TWILIO_ROOM_SID: room.sid,
      ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences.find((c) => c.participants > 0).sid,
      ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions.find((s) => s.participants > 1 && s.participants < 100)?.id ?? f.telnyx.roomSessions.find((s) => s.participants > 0).id,
    });
    const bin = path.join(root, 'bin/rollcall.js');
    const time = async (args, extraEnv = {}) => {
      const t0 = performance.now();
      const before = proxy.count();
      const r = await run(process.execPath, [bin, ...args], { env: { ...env, ...extraEnv }, maxBuffer: 64 * 1024 * 1024 }).catch((e) => e);
      const cases = /(\d+) cases: (\d+) passed, (\d+) failed, (\d+) skipped/.exec(String(r.stdout ?? ''));
      return { exitCode: r.code ?? 0, seconds: Number(((performance.now() - t0) / 1000).toFixed(1)), requests: proxy.count() - before, cases: Number(cases?.[1] ?? 0), skipped: Number(cases?.[4] ?? 0) };
    };
    const embedded = await time(['run']);
    const live = await time(['run', '--target', 'live']);
    return { root, embedded, live };
  } finally {
    await proxy.close();
    await mock.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify({ bench: 'live-run', ...(await benchLiveRun(process.argv[2] ? path.resolve(process.argv[2]) : ROOT)) }));
}
