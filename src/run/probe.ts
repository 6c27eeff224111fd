/**
 * Every request of a run goes through here: pactum sends it; this adds the credentials of the
 * target, retries 5xx and 429 within bounds, times it and records it (redacted). What the HTTP
 * layer saw (5xx, 429, slowness, no answer, an oversized body) is judged by the rules' own files,
 * src/checks/http/<name>.ts: this file only hands them the observations.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import pactum from 'pactum';
import type { Exchange, HttpRequest } from '../types.js';
import type { BasicAuth, RunSettings } from './target.js';
import { curlLine, Redactor } from './redact.js';
import { setKey } from '../json-safe.js';
import type { ProbeFinding } from '../checks/http/probe-rules.js';
import { availabilityFindings } from '../checks/http/availability.js';
import { rateLimitedFinding, rateLimitWait } from '../checks/http/rate-limited.js';
import { slowFindings } from '../checks/http/slow.js';
import { caseBudgetFinding, DEADLINE_ERROR, timeoutFinding } from '../checks/http/timeout.js';
import { responseTooLargeFinding, TOO_LARGE_ERROR } from '../checks/http/response-too-large.js';

export { rateLimitWait } from '../checks/http/rate-limited.js';

export type AuthMode = 'valid' | 'none' | 'wrong';

export interface ProbeRequest {
  method: 'GET' | 'POST';
  url: string;
  auth?: AuthMode;
  form?: Record<string, string>;
}

/** A finding of the HTTP layer itself (src/checks/http/probe-rules.ts lists its rules). */
export type HttpFinding = ProbeFinding;

export interface ProbeResult {
  exchange: Exchange;
  text: string;
  durationMs: number;
  findings: HttpFinding[];
  curl: string;
}

export interface Credentials {
  kind: 'basic' | 'bearer';
  basic?: BasicAuth;
  bearer?: string;
}

/** A tool error: the target cannot be reached at all. The run stops with one clear line, exit 2. */
export class TransportError extends Error {}

/** The run's request budget (--max-requests) is spent: the remaining cases are skipped, and the run says how many. */
export class BudgetSpent extends Error {}

/** A request that got no usable answer (a timeout, an oversized body): a violation of the case, not a crash. */
export class HttpFailure extends Error {
  constructor(readonly finding: HttpFinding) {
    super(finding.message);
  }
}

/** A request rollcall must never send: a tool bug caught before it leaves the process. */
export class SafetyError extends Error {}

/** Where this probe may send credentials and what it may mutate. */
export interface ProbeScope {
  /** Origins the target is configured with: credentials never go anywhere else. */
  origins: string[];
  /** URL prefixes a non-GET request may go to (the room --allow-mutations names, or the mock's mutation copy). */
  mutable: string[];
  /** A file whose size counts the run's requests across workers (O_APPEND of one byte per request). */
  budgetFile?: string;
}

// pactum logs a failed request, headers (credentials) included, to the console: never.
pactum.settings.setLogLevel('SILENT');
pactum.settings.setLogger({ trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined });

/**
 * One attempt of a request, as its sockets see it: pactum deep-copies its options, so nothing can be
 * passed to the socket through them; the attempt travels in the async context instead (an
 * AsyncLocalStorage), which also keeps concurrent requests of one worker apart.
 */
interface Attempt {
  sockets: Set<Duplex>;
  /** Why rollcall itself ended the attempt, if it did: a request failing then was cut by rollcall, not by the server. */
  cut?: 'deadline' | 'too-large';
}
const currentAttempt = new AsyncLocalStorage<Attempt>();

/** A case's budget: every request, retry and wait of the case ends by `deadlineAt`. */
interface CaseBudget {
  budgetMs: number;
  deadlineAt: number;
}
const currentCase = new AsyncLocalStorage<CaseBudget>();

/**
 * Runs one case under a total budget: each request of it ends by the earlier of its own deadline
 * (timeoutMs) and the case's; a request, retry or wait that would pass the case's deadline is
 * `http.timeout` instead. Meant for src/run/suite.ts, around `c.run(outcome)`.
 */
export function withCaseBudget<T>(budgetMs: number, run: () => Promise<T>): Promise<T> {
  return currentCase.run({ budgetMs, deadlineAt: Date.now() + budgetMs }, run);
}

/**
 * An agent whose sockets are destroyed once a response exceeds `cap` bytes: a hostile or broken
 * server cannot make rollcall buffer an endless body. One socket per request (no keep-alive), so the
 * count is per response. Each socket joins its attempt, whose deadline destroys it.
 */
function cappedAgent(secure: boolean, cap: number): http.Agent {
  const Base = secure ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: false });
  const create = (agent as unknown as { createConnection: (o: object, cb?: unknown) => Duplex }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (o: object, cb?: unknown) => Duplex }).createConnection = (options: object, cb?: unknown) => {
    const socket = create(options, cb);
    const attempt = currentAttempt.getStore();
    if (attempt) {
      if (attempt.cut === 'deadline') socket.destroy(new Error(DEADLINE_ERROR));
      attempt.sockets.add(socket);
    }
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > cap && !socket.destroyed) {
        if (attempt) attempt.cut ??= 'too-large';
        socket.destroy(new Error(TOO_LARGE_ERROR));
      }
    });
    return socket;
  };
  return agent;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function authHeader(credentials: Credentials, mode: AuthMode): string | undefined {
  if (mode === 'none') return undefined;
  if (credentials.kind === 'bearer') return `Bearer ${mode === 'wrong' ? 'KEYwrong0000000000000000000000' : credentials.bearer}`;
  const b = credentials.basic as BasicAuth;
  const pass = mode === 'wrong' ? 'wrong-password-for-rollcall' : b.password;
  return `Basic ${Buffer.from(`${b.username}:${pass}`).toString('base64')}`;
}

/** The curl flag that carries the credentials, as environment variables: never their values. */
function curlAuth(credentials: Credentials, mode: AuthMode): string | undefined {
  if (mode === 'none') return undefined;
  if (mode === 'wrong') return credentials.kind === 'bearer' ? `-H 'Authorization: Bearer wrong-key'` : `-u "$TWILIO_ACCOUNT_SID:wrong-password"`;
  return credentials.kind === 'bearer' ? `-H "Authorization: Bearer $TELNYX_API_KEY"` : `-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`;
}

let requestCount = 0;
let recordSeq = 0;
pactum.request.setDefaultTimeout(15_000);

/**
 * Sends one attempt with a deadline (epoch ms) for its headers and its whole body: when it passes,
 * the attempt's sockets are destroyed and the attempt fails with DEADLINE_ERROR at once, whatever
 * the server is still sending. Also says whether the size cap cut the response.
 */
async function sendBy<T>(deadlineAt: number, send: () => Promise<T>): Promise<{ res: T } | { error: unknown; cut?: Attempt['cut'] }> {
  const attempt: Attempt = { sockets: new Set() };
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      attempt.cut = 'deadline';
      for (const s of attempt.sockets) s.destroy(new Error(DEADLINE_ERROR));
      reject(new Error(DEADLINE_ERROR));
    }, Math.max(0, deadlineAt - Date.now()));
  });
  const sent = currentAttempt.run(attempt, send);
  // Whichever loses the race settles later, unobserved: never an unhandled rejection.
  sent.catch(() => undefined);
  expired.catch(() => undefined);
  try {
    return { res: await Promise.race([sent, expired]) };
  } catch (error) {
    return { error, cut: attempt.cut };
  } finally {
    clearTimeout(timer);
  }
}

export class Probe {
  private readonly recordFile?: string;

  constructor(
    private readonly credentials: Credentials,
    private readonly settings: RunSettings,
    private readonly redactor: Redactor,
    private readonly operationId: string,
    private readonly scope: ProbeScope,
  ) {
    // A probe knows where it may send credentials before it sends anything: there is no "any origin".
    if (!scope || !Array.isArray(scope.origins) || scope.origins.length === 0) {
      throw new SafetyError(`a Probe for ${operationId} needs a scope naming the target's origins; it sends nothing without one`);
    }
    // pactum deep-copies its request options, so an agent cannot be passed per request: the worker's
    // global agents are replaced instead (each vitest worker thread has its own http module state).
    const target = http as unknown as { globalAgent: http.Agent };
    const targetS = https as unknown as { globalAgent: http.Agent };
    target.globalAgent = cappedAgent(false, settings.maxResponseBytes);
    targetS.globalAgent = cappedAgent(true, settings.maxResponseBytes);
    if (settings.recordDir) {
      fs.mkdirSync(settings.recordDir, { recursive: true });
      this.recordFile = path.join(settings.recordDir, `exchanges-${process.pid}.jsonl`);
    }
  }

  static requestsSent(): number {
    return requestCount;
  }

  async send(req: ProbeRequest, operationId: string = this.operationId): Promise<ProbeResult> {
    const mode = req.auth ?? 'valid';
    // A URL a server sent is parsed by the case before it gets here (src/server-url.ts); one that still
    // cannot be parsed is a tool bug, said in one line, never a TypeError from deep inside.
    if (!URL.canParse(req.url)) throw new SafetyError(`refusing to send a request to ${JSON.stringify(this.redactor.text(req.url))}: not an absolute URL`);
    const origin = new URL(req.url).origin;
    if (!this.scope.origins.includes(origin)) {
      throw new SafetyError(`refusing to send a request to ${origin}: not one of the target's origins (${this.scope.origins.join(', ')}); credentials never leave them`);
    }
    if (req.method !== 'GET' && !this.scope.mutable.some((prefix) => req.url.startsWith(prefix))) {
      throw new SafetyError(`refusing ${req.method} ${this.redactor.text(req.url)}: the run is read-only there (--allow-mutations names the only room that may be changed)`);
    }
    // The credential is added on the wire only: the exchange handed to checks, reporters and recordings never holds it.
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = authHeader(this.credentials, mode);
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const wireHeaders: Record<string, string> = auth ? { ...headers, Authorization: auth } : { ...headers };
    const findings: HttpFinding[] = [];
    const started = Date.now();
    const described = `${req.method} ${this.redactor.text(req.url)}`;
    const budget = currentCase.getStore();
    /** Waits before a retry, unless the wait would outlast the case's budget: that is the case's http.timeout. */
    const waitForRetry = async (ms: number) => {
      if (budget && Date.now() + ms >= budget.deadlineAt) throw new HttpFailure(caseBudgetFinding(described, budget.budgetMs));
      await sleep(ms);
    };
    let attempt = 0;
    for (;;) {
      if (budget && Date.now() >= budget.deadlineAt) throw new HttpFailure(caseBudgetFinding(described, budget.budgetMs));
      requestCount++;
      if (this.scope.budgetFile) {
        fs.appendFileSync(this.scope.budgetFile, '.');
        if (fs.statSync(this.scope.budgetFile).size > this.settings.maxRequests) throw new BudgetSpent(`the request budget (--max-requests ${this.settings.maxRequests}) is spent`);
      } else if (requestCount > this.settings.maxRequests) {
        throw new BudgetSpent(`the request budget (--max-requests ${this.settings.maxRequests}) is spent`);
      }
      const t0 = Date.now();
      // A deadline for the whole answer, headers and body: the earlier of timeoutMs and the case's budget.
      const ownDeadline = t0 + this.settings.timeoutMs;
      const byCase = budget !== undefined && budget.deadlineAt < ownDeadline;
      const deadlineAt = byCase ? budget.deadlineAt : ownDeadline;
      type Res = { statusCode: number; headers: Record<string, string | string[]>; text: string; json: unknown };
      const spec = pactum
        .spec()
        .withMethod(req.method)
        .withPath(req.url)
        .withHeaders(wireHeaders)
        // pactum's own timer is an idle timer; it stays as a backstop behind the deadline.
        .withRequestTimeout(Math.max(1, deadlineAt - t0) + 1000)
        .withFollowRedirects(false);
      if (body !== undefined) spec.withBody(body);
      const sent = await sendBy(deadlineAt, async () => (await spec.toss()) as unknown as Res);
      if ('error' in sent) {
        const err = sent.error;
        const message = sent.cut === 'deadline' ? DEADLINE_ERROR : String((err as Error)?.message ?? err);
        const code = (err as NodeJS.ErrnoException)?.code;
        if (byCase && sent.cut === 'deadline') throw new HttpFailure(caseBudgetFinding(described, (budget as CaseBudget).budgetMs));
        const failure = timeoutFinding(message, described, this.settings.timeoutMs) ?? responseTooLargeFinding(sent.cut === 'too-large', message, described, this.settings.maxResponseBytes);
        if (failure) throw new HttpFailure(failure);
        throw new TransportError(`cannot reach ${origin}: ${this.redactor.text(String(code ?? message))}`);
      }
      const res = sent.res;
      const elapsed = Date.now() - t0;
      const status = res.statusCode;
      if (res.headers['x-rollcall-replay'] === 'miss') throw new TransportError(`${req.method} ${this.redactor.text(req.url)} is not in the recording (was it recorded with the same seed, target and rollcall version?)`);
      const wait = rateLimitWait(res.headers, attempt, this.settings);
      findings.push(...availabilityFindings(status, attempt));
      const throttled = rateLimitedFinding(status, wait, attempt, this.settings);
      if (throttled) {
        findings.push(throttled.finding);
        if (throttled.retry) {
          attempt++;
          await waitForRetry(wait.ms);
          continue;
        }
      } else if (status >= 500 && attempt < this.settings.retries) {
        attempt++;
        await waitForRetry(100 * attempt);
        continue;
      }
      findings.push(...slowFindings(elapsed, this.settings.slowMs));
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) setKey(responseHeaders, k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v));
      const text = res.text ?? '';
      const request: HttpRequest = { method: req.method, url: req.url, headers, ...(body !== undefined ? { body } : {}) };
      const exchange: Exchange = {
        operationId,
        request,
        response: { status, headers: responseHeaders, body: res.json !== undefined ? res.json : text },
      };
      const result: ProbeResult = { exchange, text, durationMs: Date.now() - started, findings, curl: curlLine({ method: req.method, url: req.url, body }, curlAuth(this.credentials, mode)) };
      this.record(exchange, mode, elapsed);
      return result;
    }
  }

  private record(exchange: Exchange, mode: AuthMode, ms: number): void {
    if (!this.recordFile) return;
    const line = {
      // Replay serves each request's responses in the order they happened, across workers and passes.
      at: Date.now(),
      seq: ++recordSeq,
      operationId: exchange.operationId,
      auth: mode,
      ms,
      request: { ...exchange.request, headers: this.redactor.headers(exchange.request?.headers), url: this.redactor.text(exchange.request?.url ?? '') },
      response: { ...exchange.response, headers: this.redactor.headers(exchange.response.headers), body: this.redactor.json(exchange.response.body) },
    };
    fs.appendFileSync(this.recordFile, JSON.stringify(line) + '\n');
  }
}
