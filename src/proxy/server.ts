/**
 * `rollcall proxy`'s server: node:http on loopback. Each request is routed (routing.ts), forwarded
 * with the application's own headers and credentials (forward.ts), judged as it passes (judge.ts,
 * sequence.ts), recorded redacted, and answered with the upstream's status, headers and bytes. The
 * proxy answers by itself only when it must: a request it will not forward (a mutation without
 * --allow-mutations, a malformed or oversized request, a path no API serves), an upstream that
 * failed (reset, hung, oversized), or, under --fail-fast, an answer that broke the contract.
 */
import http from 'node:http';
import type { Duplex } from 'node:stream';
import type { Catalog } from '../catalog/catalog.js';
import type { OperationInfo } from '../catalog/specs.js';
import type { Exchange, Violation } from '../types.js';
import { isRoute, Router, type Route, type Upstreams } from './routing.js';
import { bodyText, forward, isFailure, isHopByHop, parsedBody, type Failure, type Upstream } from './forward.js';
import { httpViolation, judgeExchange, type JudgeSettings } from './judge.js';
import { SequenceTracker } from './sequence.js';
import { requestShape, RuleNotes, type CaseSink, type ProxyCase } from './cases.js';
import { ProxyRecorder } from './record.js';
import { refusal, refusalOf, refusedViolation, upstreamFailure, type Refusal } from './refusals.js';
import { requestRefusedFinding, type RefusedFinding } from '../checks/proxy/request-refused.js';
import { SecretBook } from './secrets.js';
import { curlLine } from '../run/redact.js';
import { failingOf, fingerprintOf, problemId } from '../findings/index.js';

export interface ProxyServerOptions extends JudgeSettings {
  host: string;
  port: number;
  upstreams: Upstreams;
  catalog: Catalog;
  sink: CaseSink;
  secrets: SecretBook;
  allowMutations: boolean;
  failFast: boolean;
  strict: boolean;
  /** `proxy`: absolute links to an upstream in an answer point at the proxy (SDKs that follow next_page_url stay on it). */
  links: 'origin' | 'proxy';
  timeoutMs: number;
  maxRequestBytes: number;
  maxResponseBytes: number;
  maxPagesPerWalk: number;
  recordDir?: string;
  /** Called once the proxy has answered its last allowed request (--max-requests). */
  maxRequests?: number;
  onLimit?: () => void;
}

/** Counts of what passed: exchanges judged, forwarded outside rollcall's operations (not judged), answered by the proxy (refused or unrouted). */
export interface ProxyCounts {
  requests: number;
  judged: number;
  unjudged: number;
  refused: number;
  failedUpstream: number;
}

/** Success bodies per operation whose fields are tallied for the reports (the first ones: a chart, not a census). */
const FIELD_TALLIES_PER_OPERATION = 50;

/** Exchanges waiting to be judged before the proxy waits for them before forwarding more: memory stays bounded under load. */
const MAX_PENDING = 256;

export class ProxyServer {
  readonly counts: ProxyCounts = { requests: 0, judged: 0, unjudged: 0, refused: 0, failedUpstream: 0 };
  private readonly router: Router;
  private readonly tracker: SequenceTracker;
  private readonly recorder?: ProxyRecorder;
  private readonly server: http.Server;
  private readonly sockets = new Set<Duplex>();
  private seq = 0;
  /** The judging of answers already sent (without --fail-fast), and how many wait in it. */
  private work: Promise<unknown> = Promise.resolve();
  private pending = 0;
  private readonly talliedBodies = new Map<string, number>();
  private url = '';
  private stopping = false;

  constructor(private readonly options: ProxyServerOptions) {
    this.router = new Router(options.catalog.operations, options.upstreams);
    this.tracker = new SequenceTracker(options.catalog, { maxPagesPerWalk: options.maxPagesPerWalk });
    if (options.recordDir) this.recorder = new ProxyRecorder(options.recordDir);
    this.server = http.createServer({ requestTimeout: options.timeoutMs * 2, headersTimeout: options.timeoutMs }, (req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    // A request Node's parser refuses (bad request line, headers too large) gets the proxy's JSON and a finding.
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket: Duplex) => this.malformed(err, socket));
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    const address = this.server.address();
    if (!address || typeof address === 'string') throw new Error('rollcall proxy: the server has no TCP address');
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  /** Stops taking requests, lets the ones in flight end (up to `graceMs`), and drops walks whose end was not seen. */
  async close(graceMs = 2000): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const grace = setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, graceMs);
    await closed;
    clearTimeout(grace);
    await this.drained();
    await this.tracker.close();
  }

  /** The case of a request: its operation's path template (or the path) and its query's parameter names. */
  private shapeOf(method: string, url: string, operation?: OperationInfo): string {
    let path = url;
    try {
      path = new URL(url).pathname;
    } catch {
      // Not a URL: shown as sent.
    }
    return requestShape(method, operation?.path ?? path, url);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    this.counts.requests++;
    const method = (req.method ?? 'GET').toUpperCase();
    const target = req.url ?? '/';
    try {
      this.options.secrets.learn(req.headers.authorization);
      const policy = { allowMutations: this.options.allowMutations, maxRequestBytes: this.options.maxRequestBytes };
      const notPath = requestRefusedFinding({ target }, policy);
      if (notPath) return await this.refuse(req, res, refusalOf(notPath), undefined, notPath);
      const route = this.router.route(method, target);
      if (!isRoute(route)) return await this.refuse(req, res, refusal('unrouted', route.reason));
      const declared = Number(req.headers['content-length'] ?? 0);
      // The request as far as it is known before its body is read: its method, and the size it declares.
      const refused = requestRefusedFinding({ method, about: route.operation?.id, ...(declared > 0 ? { bodyBytes: declared } : {}) }, policy);
      if (refused) return await this.refuse(req, res, refusalOf(refused), route, refused);
      const read = await readBody(req, this.options.maxRequestBytes);
      const over = requestRefusedFinding({ bodyBytes: read.bytes }, policy);
      if (over) return await this.refuse(req, res, refusalOf(over), route, over);
      await this.pass(req, res, method, route, read.body ?? Buffer.alloc(0));
    } catch (err) {
      // A bug of the proxy must not take the application's request down silently: a 502 that says so.
      if (!res.headersSent) sendJson(res, 502, refusal('internal', `rollcall proxy failed on this request: ${this.options.secrets.redactor().text((err as Error).message)}`).body);
    } finally {
      if (this.options.maxRequests !== undefined && this.counts.requests >= this.options.maxRequests && !this.stopping) {
        this.stopping = true;
        res.once('finish', () => this.options.onLimit?.());
        if (res.writableFinished) this.options.onLimit?.();
      }
    }
  }

  private async pass(req: http.IncomingMessage, res: http.ServerResponse, method: string, route: Route, body: Buffer): Promise<void> {
    if (this.pending > MAX_PENDING) await this.drained();
    const url = new URL(route.upstreamUrl);
    const answer = await forward(url, method, req.rawHeaders, body, { timeoutMs: this.options.timeoutMs, maxResponseBytes: this.options.maxResponseBytes });
    const operation = route.operation;
    const requestHeaders = appHeaders(req.rawHeaders);
    const request = { method, url: route.upstreamUrl, headers: requestHeaders, ...(body.length > 0 ? { body: body.toString('utf8') } : {}) };
    this.seq++;
    const name = this.shapeOf(method, route.upstreamUrl, operation);
    if (isFailure(answer)) {
      this.counts.failedUpstream++;
      const failure = upstreamFailure(answer, `${method} ${this.options.secrets.redactor().text(route.upstreamUrl)}`, this.options);
      const operationId = operation?.id ?? `${route.api}.(not an operation)`;
      const rules = new RuleNotes();
      rules.note(failure.finding.rule, true);
      this.options.sink.add({ operation: operationId, group: 'exchanges', name, violations: [httpViolation(failure.finding, { operationId, request })], exchanges: 1, durationMs: answer.elapsedMs, requests: [this.evidence(operationId, request, 0, operation)], rules });
      sendJson(res, failure.status, failure.body);
      return;
    }
    const text = bodyText(answer, this.options.maxResponseBytes);
    if (!operation) {
      // Forwarded and counted, not judged: rollcall has no contract for it.
      this.counts.unjudged++;
      this.reply(res, answer, route);
      return;
    }
    this.counts.judged++;
    const seq = this.seq;
    const judge = async (): Promise<Violation[]> => {
      const exchange: Exchange = { operationId: operation.id, request, response: { status: answer.status, headers: answer.headers, body: parsedBody(text) } };
      const rules = new RuleNotes();
      const violations = judgeExchange(this.options.catalog, exchange, answer.elapsedMs, this.options, rules);
      const walks = await this.sequences(seq, exchange, operation, route, violations, rules);
      this.recorder?.record(exchange, answer.elapsedMs, this.options.secrets.redactor());
      const body = this.tallied(operation.id, exchange);
      this.options.sink.add({ operation: operation.id, group: 'exchanges', name, violations, exchanges: 1, durationMs: answer.elapsedMs, requests: [this.evidence(operation.id, request, answer.status, operation)], rules, ...(body !== undefined ? { body } : {}) });
      return failingOf([...violations, ...walks], this.options.strict);
    };
    if (!this.options.failFast) {
      // The application gets its answer first; the judging follows, in the order the answers left (a walk's pages in order).
      this.reply(res, answer, route);
      this.later(judge);
      return;
    }
    await this.drained();
    const failing = await judge();
    if (failing.length > 0) {
      const rules = [...new Set(failing.map((v) => v.rule))];
      const refused = refusal('violation', `the answer of the upstream broke the contract: ${failing[0]?.message ?? ''}`, {
        rules,
        problems: [...new Set(failing.map((v) => problemId(fingerprintOf(v))))],
        violations: this.options.secrets.redactor().json(failing.slice(0, 5)),
        upstreamStatus: answer.status,
      });
      sendJson(res, refused.status, refused.body, { 'X-Rollcall-Violation': rules.join(', ') });
      return;
    }
    this.reply(res, answer, route);
  }

  /** Judging queued behind the answers already sent, one at a time, in order. */
  private later(work: () => Promise<unknown>): void {
    this.pending++;
    this.work = this.work
      .then(work)
      .catch((err: Error) => this.options.sink.note(`rollcall proxy: judging an exchange failed: ${err.message}`))
      .finally(() => void this.pending--);
  }

  /** Resolves once every exchange answered so far is judged. */
  async drained(): Promise<void> {
    while (this.pending > 0) await this.work;
  }

  /** A success body to tally field by field for the reports' charts: the first bodies of each operation only (the cost is per item). */
  private tallied(operationId: string, exchange: Exchange): unknown {
    const { status, body } = exchange.response;
    if (status < 200 || status > 299 || !body || typeof body !== 'object') return undefined;
    const tallied = this.talliedBodies.get(operationId) ?? 0;
    if (tallied >= FIELD_TALLIES_PER_OPERATION) return undefined;
    this.talliedBodies.set(operationId, tallied + 1);
    return body;
  }

  /** The walks and list-vs-fetch comparisons this exchange finishes: each walk a case of its own. Returns their violations. */
  private async sequences(seq: number, exchange: Exchange, operation: OperationInfo, route: Route, single: Violation[], rules: RuleNotes): Promise<Violation[]> {
    const listKey = this.options.catalog.paging(operation.id);
    const out: Violation[] = [];
    if (operation.method.toUpperCase() === 'GET' && listKey.size) {
      for (const judged of await this.tracker.onList(seq, exchange, operation)) {
        const { walk } = judged;
        out.push(...judged.violations);
        this.options.sink.add({
          operation: operation.id,
          group: 'walks',
          name: `${this.shapeOf('GET', walk.pages[0]?.request?.url ?? '', operation)}, ${walk.stop.reason}`,
          violations: judged.violations,
          exchanges: 0,
          durationMs: 0,
          requests: [],
          rules: judged.rules,
        });
      }
    } else if (operation.method.toUpperCase() === 'GET') {
      // A fetch: compared with the application's earlier list of the same participant; found on the fetch's case.
      single.push(...this.tracker.onFetch(exchange, operation, route.params, rules));
    }
    return out;
  }

  private evidence(operationId: string, request: { method: string; url: string; body?: string }, status: number, operation?: OperationInfo) {
    const auth = operation?.security === 'bearer' ? `-H "Authorization: Bearer $TELNYX_API_KEY"` : `-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`;
    return { operation: operationId, method: request.method, url: request.url, status, ...(request.body !== undefined ? { body: request.body } : {}), curl: curlLine(request, auth) };
  }

  /** The upstream's answer to the application: status, headers and bytes as received (links pointed at the proxy under --links proxy). */
  private reply(res: http.ServerResponse, answer: Upstream, route: Route): void {
    let body = answer.body;
    const headers: string[] = [];
    let rewritten = false;
    if (this.options.links === 'proxy') {
      const text = bodyText(answer, this.options.maxResponseBytes);
      const pointed = this.pointLinksHere(text, route.api);
      if (pointed !== text) {
        body = Buffer.from(pointed, 'utf8');
        rewritten = true;
      }
    }
    for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2) {
      const name = answer.rawHeaders[i] as string;
      const lower = name.toLowerCase();
      if (isHopByHop(lower) || lower === 'content-length' || (rewritten && lower === 'content-encoding')) continue;
      headers.push(name, answer.rawHeaders[i + 1] as string);
    }
    headers.push('Content-Length', String(body.length));
    if (rewritten) headers.push('X-Rollcall-Links', 'rewritten to the proxy');
    res.writeHead(answer.status, answer.statusMessage, headers);
    res.end(body);
  }

  /**
   * Every absolute link to an upstream base URL in `text`, pointed at the same API through the proxy.
   * The answering API's own base first: where APIs share an origin (the mock), its links are its own.
   */
  private pointLinksHere(text: string, answering: string): string {
    let out = text;
    const entries = Object.entries(this.options.upstreams).sort(([a], [b]) => Number(b === answering) - Number(a === answering));
    for (const [api, base] of entries) {
      if (!base) continue;
      const clean = base.replace(/\/+$/, '');
      const origin = new URL(clean).origin;
      const serverPath = clean.slice(origin.length);
      const escaped = clean.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      out = out.replace(new RegExp(`${escaped}(?=[/?"#]|$)`, 'g'), `${this.url}/${api}${serverPath}`);
    }
    return out;
  }

  /** The proxy's own answer; `finding` says why it refused (a path no API serves has none: counted, not judged). */
  private async refuse(req: http.IncomingMessage, res: http.ServerResponse, r: Refusal, route?: Route, finding?: RefusedFinding): Promise<void> {
    this.counts.refused++;
    // The request's body is not read past the cap: the connection closes after the answer.
    if (r.kind === 'too-large') res.setHeader('Connection', 'close');
    else req.resume();
    const operationId = route?.operation?.id ?? (route ? `${route.api}.(not an operation)` : 'rollcall.proxy');
    const method = (req.method ?? '?').toUpperCase();
    const url = route?.upstreamUrl ?? req.url ?? '';
    this.seq++;
    const request = { method, url };
    if (finding) this.options.sink.add(refusedCase(finding, operationId, `${this.shapeOf(method, url, route?.operation)}: ${finding.kind}`, request));
    sendJson(res, r.status, r.body);
    if (r.kind === 'too-large') res.once('finish', () => req.socket.destroy());
  }

  private malformed(err: NodeJS.ErrnoException, socket: Duplex): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    this.counts.requests++;
    this.counts.refused++;
    const finding = requestRefusedFinding({ parseError: err.code ?? err.message }, { allowMutations: this.options.allowMutations, maxRequestBytes: this.options.maxRequestBytes }) as RefusedFinding;
    const r = refusalOf(finding);
    this.seq++;
    this.options.sink.add(refusedCase(finding, 'rollcall.proxy', `(unreadable request): ${finding.kind}`, undefined));
    const text = JSON.stringify(r.body);
    socket.end(`HTTP/1.1 ${r.status} ${http.STATUS_CODES[r.status] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`);
  }
}

/** A refused request as the case of its shape and kind: proxy.request-refused judged it. */
function refusedCase(finding: RefusedFinding, operation: string, name: string, request: { method: string; url: string } | undefined): ProxyCase {
  const rules = new RuleNotes();
  rules.note(finding.rule, true);
  return { operation, group: 'refused', name, violations: [refusedViolation(finding, operation, request)], exchanges: 0, durationMs: 0, requests: [], rules };
}

/** The request's headers for the recording and the checks (the recorder redacts credentials). */
function appHeaders(rawHeaders: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = (rawHeaders[i] as string).toLowerCase();
    if (isHopByHop(name)) continue;
    out[name] = out[name] === undefined ? (rawHeaders[i + 1] as string) : `${out[name]}, ${rawHeaders[i + 1] as string}`;
  }
  return out;
}

/** The whole body, or no body once it passes `cap` bytes (`bytes`: what was read by then). */
function readBody(req: http.IncomingMessage, cap: number): Promise<{ body?: Buffer; bytes: number }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > cap) {
        over = true;
        resolve({ bytes: size });
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve({ body: Buffer.concat(chunks), bytes: size });
    });
    req.on('error', reject);
  });
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'X-Rollcall-Proxy': 'answered by the proxy', ...extra });
  res.end(text);
}

export type { Failure };
