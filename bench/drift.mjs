// Bounded memory of `rollcall drift`: 100,000 and 1,000,000 participants, generated on the fly.
//
//   npm run build && node --expose-gc bench/drift.mjs [--disk] [--max N]
//
// 1. In memory: Twilio Video pages (1000 participants each) and Telnyx pages (250 each) are
//    generated one at a time and fed to a DriftAggregator; the retained heap (after a full GC,
//    aggregator alive) is sampled every 10% of the way. Some data is hostile on purpose: one
//    participant in 500 has an undocumented status value of its own, one in 5000 an undocumented
//    field of its own, so that the caps on distinct values and undocumented paths are exercised.
// 2. On disk (--disk): a Telnyx recording of the same size is written to a temp dir in chunks
//    (exchanges-*.jsonl, as `rollcall run --record` writes them) and read back by
//    driftFromRecordings, which streams it line by line; heap sampled while it reads.
// Bounded means: the retained heap at 1,000,000 is within a few hundred kB of the one at 100,000.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DriftAggregator, driftFromRecordings } from '../dist/src/drift/index.js';

const args = process.argv.slice(2);
const DISK = args.includes('--disk');
const MAX = Number(args[args.indexOf('--max') + 1]) || 1_000_000;
if (typeof global.gc !== 'function') {
  console.error('bench/drift.mjs: run with node --expose-gc for retained-heap figures');
  process.exit(2);
}

const hex = (n, len = 32) => (n.toString(16).padStart(8, '0').repeat(Math.ceil(len / 8))).slice(0, len);
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const T0 = Date.UTC(2026, 0, 1);
const STATUSES = ['connected', 'disconnected', 'reconnecting'];
const ROOM = `RM${hex(7)}`;
const ACCOUNT = `AC${hex(9)}`;

function videoParticipant(i) {
  const sid = `PA${hex(i)}`;
  const url = `https://video.twilio.com/v1/Rooms/${ROOM}/Participants/${sid}`;
  const status = i % 500 === 0 ? `status-${i}` : STATUSES[i % 3];
  const start = T0 + i * 1000;
  const p = {
    sid, room_sid: ROOM, account_sid: ACCOUNT, status, identity: `user-${i}`,
    date_created: iso(start), date_updated: iso(start + 5000), start_time: iso(start),
    end_time: status === 'disconnected' ? iso(start + 60000) : null, duration: status === 'disconnected' ? 60 : null,
    url, links: { published_tracks: `${url}/PublishedTracks`, subscribed_tracks: `${url}/SubscribedTracks`, subscribe_rules: `${url}/SubscribeRules`, anonymize: `${url}/Anonymize` },
  };
  if (i % 500 === 0) p[`extra_${i}`] = i;
  return p;
}

function videoPage(first, size) {
  const participants = Array.from({ length: size }, (_, k) => videoParticipant(first + k));
  const page = Math.floor(first / 1000);
  const base = `https://video.twilio.com/v1/Rooms/${ROOM}/Participants?PageSize=1000`;
  return {
    operationId: 'twilio-video.listRoomParticipants',
    response: { status: 200, body: { participants, meta: { key: 'participants', page, page_size: 1000, url: `${base}&Page=${page}`, first_page_url: `${base}&Page=0`, previous_page_url: page ? `${base}&Page=${page - 1}` : null, next_page_url: `${base}&Page=${page + 1}` } } },
  };
}

const uuid = (i) => `${hex(i, 8)}-${hex(i, 4)}-4${hex(i, 3)}-a${hex(i, 3)}-${hex(i, 12)}`;
const SESSION = uuid(42);

function telnyxParticipant(i) {
  const joined = T0 + i * 1000;
  const p = { id: uuid(i), session_id: SESSION, context: `ctx-${i % 7}`, joined_at: iso(joined), updated_at: iso(joined + 1000), left_at: i % 4 === 0 ? null : iso(joined + 2000), record_type: i % 500 === 0 ? `record-${i}` : 'room_participant' };
  if (i % 500 === 0) p[`extra_${i}`] = 'x';
  return p;
}

function telnyxPage(first, size, total) {
  return {
    operationId: 'telnyx.listRoomSessionParticipants',
    response: { status: 200, body: { data: Array.from({ length: size }, (_, k) => telnyxParticipant(first + k)), meta: { page_number: first / 250 + 1, page_size: 250, total_pages: Math.ceil(total / 250), total_results: total } } },
  };
}

function retainedHeap() {
  global.gc();
  global.gc();
  return process.memoryUsage().heapUsed;
}

const kB = (bytes) => `${(bytes / 1024).toFixed(0)} kB`;
const MB = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function inMemory(label, pageSize, makePage) {
  const aggregator = new DriftAggregator();
  const baseline = retainedHeap();
  const samples = [];
  const t0 = process.hrtime.bigint();
  let peak = 0;
  for (let first = 0; first < MAX; first += pageSize) {
    aggregator.add(makePage(first, Math.min(pageSize, MAX - first), MAX));
    const done = first + pageSize;
    if (done % (MAX / 10) === 0) {
      const elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      const heap = retainedHeap();
      samples.push({ participants: done, heapBytes: heap, retainedBytes: heap - baseline, stateEntries: aggregator.stateSize(), seconds: elapsed });
    }
  }
  const report = aggregator.report();
  const at100k = samples.find((s) => s.participants === MAX / 10);
  const atMax = samples[samples.length - 1];
  const processing = atMax.seconds;
  console.log(`# ${label}: ${MAX.toLocaleString('en')} participants in pages of ${pageSize}, generated and fed to DriftAggregator`);
  console.log(`  heap after a full GC with the empty aggregator: ${MB(baseline)}; then (GC noise is about +-100 kB):`);
  for (const s of samples) console.log(`  ${s.participants.toLocaleString('en').padStart(9)} participants: heap ${MB(s.heapBytes)}, ${kB(s.retainedBytes).padStart(7)} over the empty aggregator, ${s.stateEntries} counter entries, ${s.seconds.toFixed(1)} s`);
  console.log(`  retained at ${at100k.participants.toLocaleString('en')}: ${kB(at100k.retainedBytes)}; at ${atMax.participants.toLocaleString('en')}: ${kB(atMax.retainedBytes)}; difference ${kB(atMax.retainedBytes - at100k.retainedBytes)}`);
  const rules = {};
  for (const f of report.findings) rules[f.rule] = (rules[f.rule] ?? 0) + 1;
  console.log(`  ${(MAX / processing / 1000).toFixed(0)}k participants/s (GC samples included); findings by rule: ${JSON.stringify(rules)}`);
  return { bench: 'drift', mode: 'memory', label, participants: MAX, retained100k: at100k.retainedBytes, retainedMax: atMax.retainedBytes, stateEntries100k: at100k.stateEntries, stateEntriesMax: atMax.stateEntries, seconds: processing };
}

async function onDisk() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-drift-bench-'));
  try {
    const results = [];
    for (const n of [MAX / 10, MAX]) {
      fs.mkdirSync(path.join(dir, String(n)));
      const target = path.join(dir, String(n), 'exchanges-1.jsonl');
      const fd = fs.openSync(target, 'w');
      let chunk = '';
      for (let first = 0, seq = 1; first < n; first += 250, seq++) {
        const page = telnyxPage(first, Math.min(250, n - first), n);
        chunk += JSON.stringify({ at: T0 + seq, seq, operationId: page.operationId, auth: 'valid', ms: 3, request: { method: 'GET', url: `https://api.telnyx.com/v2/room_sessions/${SESSION}/participants?page[size]=250&page[number]=${seq}`, headers: { Accept: 'application/json', Authorization: 'Bearer [REDACTED]' } }, response: { status: 200, headers: { 'content-type': 'application/json' }, body: page.response.body } }) + '\n';
        if (chunk.length > 4 << 20) {
          fs.writeSync(fd, chunk);
          chunk = '';
        }
      }
      fs.writeSync(fd, chunk);
      fs.closeSync(fd);
      const bytes = fs.statSync(target).size;
      const baseline = retainedHeap();
      let peak = 0;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed - baseline)), 20);
      const t0 = process.hrtime.bigint();
      const report = await driftFromRecordings([path.join(dir, String(n))]);
      const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(timer);
      const after = retainedHeap() - baseline;
      console.log(`# disk: ${n.toLocaleString('en')} Telnyx participants, ${MB(bytes)} of JSONL streamed by driftFromRecordings in ${seconds.toFixed(1)} s (${MB(bytes / seconds)}/s)`);
      console.log(`  heap while reading: peak ${MB(peak)} over the start (garbage included); retained after a full GC, report alive: ${kB(after)}; ${report.totals.exchanges} exchanges`);
      results.push({ bench: 'drift', mode: 'disk', participants: n, bytes, seconds, peakBytes: peak, retainedBytes: after });
      fs.rmSync(path.join(dir, String(n)), { recursive: true, force: true });
    }
    return results;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Warm-up: JIT and lazily built internals settle before any baseline is taken.
{
  const warm = new DriftAggregator();
  for (let first = 0; first < 20_000; first += 1000) warm.add(videoPage(first, 1000));
  for (let first = 0; first < 20_000; first += 250) warm.add(telnyxPage(first, 250, 20_000));
  warm.report();
}
const results = [inMemory('Twilio Video', 1000, videoPage), inMemory('Telnyx', 250, telnyxPage)];
if (DISK) results.push(...(await onDisk()));
for (const r of results) console.log(JSON.stringify(r));
