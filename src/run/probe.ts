/**
 * Every request of a run goes through here: pactum sends it; this adds the credentials of the
 * target, retries 5xx and 429 within bounds, times it and records it (redacted). What the HTTP
 * layer saw (5xx, 429, slowness, no answer, an oversized body) is judged by the rules' own files,
 * src/checks/http/<name>.ts: this file only hands them the observations.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import pactum from 'pactum';
import type { Exchange, HttpRequest } from '../types.js';
import type { BasicAuth, RunSettings } from './target.js';
import { curlLine, Redactor } from './redact.js';
import type { ProbeFinding } from '../checks/http/probe-rules.js';
import { availabilityFindings } from '../checks/http/availability.js';
import { rateLimitedFinding, rateLimitWait } from '../checks/http/rate-limited.js';
import { slowFindings } from '../checks/http/slow.js';
import { timeoutFinding } from '../checks/http/timeout.js';
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
 * An agent whose sockets are destroyed once a response exceeds `cap` bytes: a hostile or broken
 * server cannot make rollcall buffer an endless body. One socket per request (no keep-alive), so the
 * count is per response.
 */
/** How many responses the cap has cut: a request that fails while this grows was cut by rollcall, not by the server. */
let capHits = 0;

function cappedAgent(secure: boolean, cap: number): http.Agent {
  const Base = secure ? https.Agent : http.Agent;
  const agent = new Base({ keepAlive: false });
  const create = (agent as unknown as { createConnection: (o: object, cb?: unknown) => Duplex }).createConnection.bind(agent);
  (agent as unknown as { createConnection: (o: object, cb?: unknown) => Duplex }).createConnection = (options: object, cb?: unknown) => {
    const socket = create(options, cb);
    let received = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > cap && !socket.destroyed) {
        capHits++;
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
    let attempt = 0;
    for (;;) {
      requestCount++;
      if (this.scope.budgetFile) {
        fs.appendFileSync(this.scope.budgetFile, '.');
        if (fs.statSync(this.scope.budgetFile).size > this.settings.maxRequests) throw new BudgetSpent(`the request budget (--max-requests ${this.settings.maxRequests}) is spent`);
      } else if (requestCount > this.settings.maxRequests) {
        throw new BudgetSpent(`the request budget (--max-requests ${this.settings.maxRequests}) is spent`);
      }
      const t0 = Date.now();
      const capsBefore = capHits;
      let res: { statusCode: number; headers: Record<string, string | string[]>; text: string; json: unknown };
      try {
        let spec = pactum
          .spec()
          .withMethod(req.method)
          .withPath(req.url)
          .withHeaders(wireHeaders)
          .withRequestTimeout(this.settings.timeoutMs)
          .withFollowRedirects(false);
        if (body !== undefined) spec = spec.withBody(body);
        res = (await spec.toss()) as unknown as typeof res;
      } catch (err) {
        const message = String((err as Error).message ?? err);
        const code = (err as NodeJS.ErrnoException).code;
        const described = `${req.method} ${this.redactor.text(req.url)}`;
        const failure = timeoutFinding(message, described, this.settings.timeoutMs) ?? responseTooLargeFinding(capHits > capsBefore, message, described, this.settings.maxResponseBytes);
        if (failure) throw new HttpFailure(failure);
        throw new TransportError(`cannot reach ${origin}: ${this.redactor.text(String(code ?? message))}`);
      }
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
          await sleep(wait.ms);
          continue;
        }
      } else if (status >= 500 && attempt < this.settings.retries) {
        attempt++;
        await sleep(100 * attempt);
        continue;
      }
      findings.push(...slowFindings(elapsed, this.settings.slowMs));
      const responseHeaders: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) responseHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
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
