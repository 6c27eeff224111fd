/**
 * Stateful bugs, planted by a loopback proxy in front of the embedded mock's own copy of the room (the
 * one kicks go to), each visible only after a kick, so only a sequence of commands finds it:
 *  - `stale-connected`: the Status=connected list keeps a kicked participant, as it was before the kick
 *    (a cache of the connected list not invalidated by the update): lifecycle.kick-moves-filter, after
 *    the sequence kick, list;
 *  - `list-forgets-end`: the lists show a kicked participant without its end_time, which its fetch has
 *    (the list and instance endpoints built from two stores): consistency.fetch-matches-list, after kick,
 *    list (the list against the fetch the kick made);
 *  - `refuses-kick`: a kick is answered 400 in Twilio's error format and the participant stays
 *    connected: lifecycle.kick-sets-end, after a kick alone.
 * And one that is no bug, the churn of a busy room: `left-before-kick`, the participant left by itself
 * just before its kick (the proxy kicks it, then answers the kick as a real API answers a kick of
 * someone gone: 400). Its fetch shows it disconnected since: not a failed kick.
 * `POST /__mock/reset` is passed on and forgets the kicks, as the mock does.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PARTICIPANT_STATUS } from '../../src/catalog/facts.js';
import { MOCK_RESET_PATH } from '../../src/mock-reset.js';

export type StatefulBug = 'stale-connected' | 'list-forgets-end' | 'refuses-kick' | 'left-before-kick';

/** Twilio's error body (schemas/twilio.schema.json#/$defs/Error) for a refused kick. */
const refusal = (sid: string) => Buffer.from(JSON.stringify({ code: 20404, message: `Participant ${sid} is not connected.`, more_info: 'https://www.twilio.com/docs/errors/20404', status: 400 }));

export interface StatefulProxy {
  url: string;
  close(): Promise<void>;
}

type Obj = Record<string, unknown>;
interface Answer { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function forward(upstream: URL, method: string, path: string, headers: http.IncomingHttpHeaders, body?: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const r = http.request({ host: upstream.hostname, port: upstream.port, method, path, headers }, (up) => {
      const parts: Buffer[] = [];
      up.on('data', (c: Buffer) => parts.push(c));
      up.on('end', () => resolve({ status: up.statusCode ?? 502, headers: up.headers, body: Buffer.concat(parts) }));
    });
    r.on('error', reject);
    r.end(body);
  });
}

const LIST_PATH = /^\/v1\/Rooms\/[^/]+\/Participants\/?$/;
const ITEM_PATH = /^\/v1\/Rooms\/[^/]+\/Participants\/([^/]+)\/?$/;

export async function startStatefulProxy(upstreamUrl: string, bug: StatefulBug): Promise<StatefulProxy> {
  const upstream = new URL(upstreamUrl);
  /** sid -> the participant as fetched just before its kick. */
  const kicked = new Map<string, Obj>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://proxy.invalid');
        const body = Buffer.concat(chunks);
        if (url.pathname === MOCK_RESET_PATH) kicked.clear();
        const item = ITEM_PATH.exec(url.pathname);
        if (req.method === 'POST' && item && new URLSearchParams(body.toString('utf8')).get('Status') === PARTICIPANT_STATUS.disconnected) {
          const before = await forward(upstream, 'GET', url.pathname, req.headers);
          const sid = decodeURIComponent(item[1] as string);
          if (before.status === 200 && !kicked.has(sid)) kicked.set(sid, JSON.parse(before.body.toString('utf8')) as Obj);
        }
        const refused = item && req.method === 'POST' && (bug === 'refuses-kick' || bug === 'left-before-kick');
        const answer = refused && bug === 'refuses-kick'
          ? { status: 400, headers: { 'content-type': 'application/json' }, body: Buffer.alloc(0) }
          : await forward(upstream, req.method ?? 'GET', url.pathname + url.search, req.headers, body);
        let text = refused ? refusal(decodeURIComponent(item[1] as string)) : answer.body;
        if (refused) answer.status = 400;
        if (req.method === 'GET' && LIST_PATH.test(url.pathname) && answer.status === 200 && kicked.size > 0) {
          const page = JSON.parse(text.toString('utf8')) as Obj;
          const participants = page.participants as Obj[];
          if (bug === 'stale-connected' && url.searchParams.get('Status') === PARTICIPANT_STATUS.connected) {
            for (const p of kicked.values()) if (!participants.some((q) => q.sid === p.sid)) participants.push(p);
          }
          if (bug === 'list-forgets-end') for (const p of participants) if (kicked.has(String(p.sid))) p.end_time = null;
          text = Buffer.from(JSON.stringify(page));
        }
        const headers = { ...answer.headers, 'content-length': String(text.length) };
        delete headers['transfer-encoding'];
        res.writeHead(answer.status, headers);
        res.end(text);
      })().catch(() => {
        res.writeHead(502);
        res.end();
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
