// The live preflight's cost (src/run/preflight.ts): requests and milliseconds of its reads against the
// mock used as a live sandbox, for parents with participants and for empty ones (which read each Status
// too), beside a baseline in the same run: the same number of plain GETs of the same first page.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { liveEnv, roomSize } from './live-env.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function benchPreflight() {
  const { startMock } = await import(path.join(ROOT, 'dist/src/mock/index.js'));
  const mock = await startMock();
  try {
    const f = mock.fixtures();
    const total = roomSize;
    const targets = {
      'parents with participants': {
        ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => total(r) > 0).sid,
        ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences.find((c) => c.participants > 0).sid,
        ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions.find((s) => s.participants > 0).id,
      },
      'empty parents (--allow-empty)': {
        ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((r) => total(r) === 0).sid,
        ROLLCALL_TWILIO_CONFERENCE_SID: f.twilio.conferences.find((c) => c.participants === 0).sid,
        ROLLCALL_TELNYX_ROOM_SESSION_ID: f.telnyx.roomSessions.find((s) => s.participants === 0).id,
      },
    };
    const rows = [];
    for (const [name, ids] of Object.entries(targets)) {
      // --grep that matches no case: the run is the preflight and the suites' start, nothing else.
      // Asynchronous: the mock answers from this process.
      const { stdout: out } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'bin/rollcall.js'), 'run', '--target', 'live', '--allow-empty', '--grep', '^no case has this name$'], { env: liveEnv(f, mock.url, ids), encoding: 'utf8' });
      const m = /preflight: (\d+) requests? in (\d+) ms/.exec(out);
      if (!m) throw new Error(`no preflight line in: ${out}`);
      const requests = Number(m[1]);
      // Baseline: the same number of plain authenticated GETs of a first page at PageSize=1.
      const auth = `Basic ${Buffer.from(`${f.twilio.accountSid}:${f.twilio.authToken}`).toString('base64')}`;
      const t0 = performance.now();
      for (let i = 0; i < requests; i++) {
        const r = await fetch(`${mock.url}/v1/Rooms/${ids.ROLLCALL_TWILIO_ROOM_SID}/Participants?PageSize=1`, { headers: { authorization: auth } });
        await r.arrayBuffer();
      }
      const baselineMs = Math.round(performance.now() - t0);
      rows.push({ case: name, requests, preflightMs: Number(m[2]), baselineMs });
    }
    return rows;
  } finally {
    await mock.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const r of await benchPreflight()) console.log(JSON.stringify({ bench: 'preflight', ...r }));
}
