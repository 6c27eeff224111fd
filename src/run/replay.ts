/**
 * `--target replay --from DIR`: re-checks a recording offline. A loopback server per recorded origin
 * answers each request with the recorded response for the same method, path, query and kind of
 * credentials (valid, wrong, none), in recorded order; recorded origins in bodies and headers are
 * rewritten to the replay server's. The suites run unchanged: same cases, same checks.
 */
import { Redactor } from './redact.js';
import { setKey } from '../json-safe.js';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ApiName } from '../types.js';
import { DEFAULT_SETTINGS, type RunSettings, type TargetInfo } from './target.js';
import type { BuiltTarget } from './targets.js';
import { targetOf } from './spec-operations.js';
import { unknownSid } from '../catalog/facts.js';

export const TARGET_FILE = 'target.json';
/** Stand-in credentials of a replay: the recording holds none. */
const REPLAY_USER = unknownSid('AccountSid');
const REPLAY_SECRET = 'replay-secret';
const REPLAY_KEY = 'KEYreplay';

interface RecordedLine {
  at?: number;
  seq?: number;
  operationId: string;
  auth: 'valid' | 'wrong' | 'none';
  request: { method: string; url: string; body?: string };
  response: { status: number; headers?: Record<string, string>; body: unknown };
}

/** The target as recorded: every base URL, id and count; no credential. */
export function recordableTarget(target: TargetInfo): unknown {
  return {
    kind: target.kind,
    label: target.label,
    skipped: target.skipped,
    twilioVideo: target.twilioVideo && { ...target.twilioVideo, auth: undefined, mutations: target.twilioVideo.mutations && { ...target.twilioVideo.mutations, auth: undefined } },
    twilioInsights: target.twilioInsights && { ...target.twilioInsights, auth: undefined },
    telnyx: target.telnyx && { ...target.telnyx, apiKey: undefined },
  };
}

/** Like every file rollcall writes, the recording's target description goes through the redactor. */
export function writeTargetFile(dir: string, target: TargetInfo, redactor: Redactor): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, TARGET_FILE), JSON.stringify(redactor.json(recordableTarget(target)), null, 2) + '\n');
}

const keyOf = (method: string, url: URL, auth: string) => {
  const params = [...url.searchParams.entries()].sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${method} ${url.pathname}?${new URLSearchParams(params).toString()} ${auth}`;
};

function authKind(header: string | undefined): 'valid' | 'wrong' | 'none' {
  if (!header) return 'none';
  const valid = [`Basic ${Buffer.from(`${REPLAY_USER}:${REPLAY_SECRET}`).toString('base64')}`, `Bearer ${REPLAY_KEY}`];
  return valid.includes(header) ? 'valid' : 'wrong';
}

export async function replayTarget(from: string, options: { apis: ApiName[]; settings?: Partial<RunSettings> }): Promise<BuiltTarget> {
  const targetFile = path.join(from, TARGET_FILE);
  if (!fs.existsSync(targetFile)) throw new Error(`${from} is not a rollcall recording (no ${TARGET_FILE}); record one with rollcall run --record DIR`);
  const recorded = JSON.parse(fs.readFileSync(targetFile, 'utf8')) as TargetInfo;
  const lines: RecordedLine[] = [];
  for (const f of fs.readdirSync(from).filter((n) => n.endsWith('.jsonl')).sort()) {
    fs.readFileSync(path.join(from, f), 'utf8').split('\n').forEach((line, i) => {
      if (!line.trim()) return;
      // A recording is a file anyone could have edited: a bad line is one clear error, never a TypeError.
      let recorded: RecordedLine;
      try {
        recorded = JSON.parse(line) as RecordedLine;
      } catch {
        throw new Error(`${path.join(from, f)}:${i + 1} is not a JSON line; record again with rollcall run --record DIR`);
      }
      if (typeof recorded?.request?.url !== 'string' || !URL.canParse(recorded.request.url)) throw new Error(`${path.join(from, f)}:${i + 1}: request.url is not an absolute URL; record again with rollcall run --record DIR`);
      lines.push(recorded);
    });
  }
  if (lines.length === 0) throw new Error(`${from} holds no recorded exchange`);
  // Chronological across the files of every worker (each file is already in order).
  lines.sort((a, b) => (a.at ?? 0) - (b.at ?? 0) || (a.seq ?? 0) - (b.seq ?? 0));
  // One replay server per recorded origin, each answering from the exchanges recorded there.
  const byOrigin = new Map<string, RecordedLine[]>();
  for (const l of lines) {
    const origin = new URL(l.request.url).origin;
    byOrigin.set(origin, [...(byOrigin.get(origin) ?? []), l]);
  }
  const servers: http.Server[] = [];
  const originMap = new Map<string, string>();
  for (const [origin, recordedLines] of byOrigin) {
    const queues = new Map<string, RecordedLine[]>();
    for (const l of recordedLines) {
      const k = keyOf(l.request.method, new URL(l.request.url), l.auth);
      queues.set(k, [...(queues.get(k) ?? []), l]);
    }
    const served = new Map<string, number>();
    let replayOrigin = '';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', replayOrigin);
      const k = keyOf(req.method ?? 'GET', url, authKind(req.headers.authorization));
      const queue = queues.get(k);
      req.resume();
      if (!queue) {
        res.writeHead(599, { 'content-type': 'application/json', 'x-rollcall-replay': 'miss' });
        res.end(JSON.stringify({ rollcall: 'this request is not in the recording', request: `${req.method} ${url.pathname}${url.search}` }));
        return;
      }
      const n = served.get(k) ?? 0;
      served.set(k, n + 1);
      const line = queue[Math.min(n, queue.length - 1)] as RecordedLine;
      const text = (typeof line.response.body === 'string' ? line.response.body : JSON.stringify(line.response.body)).split(origin).join(replayOrigin);
      const headers: Record<string, string> = {};
      for (const [h, v] of Object.entries(line.response.headers ?? {})) if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'date'].includes(h)) setKey(headers, h, v.split(origin).join(replayOrigin));
      res.writeHead(line.response.status, headers);
      res.end(text);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    replayOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    originMap.set(origin, replayOrigin);
    servers.push(server);
  }
  const rebase = (u: string) => {
    const url = new URL(u);
    const mapped = originMap.get(url.origin);
    return mapped ? mapped + u.slice(url.origin.length) : u;
  };
  const basic = { username: REPLAY_USER, password: REPLAY_SECRET };
  const target: TargetInfo = {
    kind: 'replay',
    label: `replay of ${from} (recorded from ${recorded.label})`,
    skipped: recorded.skipped ?? [],
    settings: { ...DEFAULT_SETTINGS, ...recorded.settings, ...options.settings, recordDir: undefined },
  };
  if (options.apis.includes('twilio-video') && recorded.twilioVideo) {
    const v = recorded.twilioVideo;
    target.twilioVideo = { ...v, baseUrl: rebase(v.baseUrl), auth: basic, mutations: v.mutations && { ...v.mutations, baseUrl: rebase(v.mutations.baseUrl), auth: basic } };
  }
  if (options.apis.includes('twilio-insights') && recorded.twilioInsights) {
    target.twilioInsights = { ...recorded.twilioInsights, baseUrl: rebase(recorded.twilioInsights.baseUrl), auth: basic };
  }
  if (options.apis.includes('telnyx') && recorded.telnyx) target.telnyx = { ...recorded.telnyx, baseUrl: rebase(recorded.telnyx.baseUrl), apiKey: REPLAY_KEY };
  for (const api of options.apis) {
    if (!targetOf(target, api) && !target.skipped.some((s) => s.api === api)) target.skipped.push({ api, reason: `the recording in ${from} has no ${api} exchanges` });
  }
  // Closed when the run is over: no answer is still wanted, so a connection left open (a stopped run's) is dropped.
  const closeServer = (s: http.Server) =>
    new Promise((r) => {
      s.close(r);
      s.closeAllConnections();
    });
  return { target, close: async () => void (await Promise.all(servers.map(closeServer))) };
}
