/**
 * Every request of a run goes through here: pactum sends it; this adds the credentials of the
 * target, retries 5xx and 429 within bounds, times it, records it (redacted), and turns what the
 * HTTP layer saw (5xx, 429, slowness) into findings of their own rules.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import path from 'node:path';
import pactum from 'pactum';
import type { Exchange, Finding, HttpRequest } from '../types.js';
import type { BasicAuth, RunSettings } from './target.js';
import { curlLine, Redactor } from './redact.js';

export type AuthMode = 'valid' | 'none' | 'wrong';

export interface ProbeRequest {
  method: 'GET' | 'POST';
  url: string;
  auth?: AuthMode;
  form?: Record<string, string>;
}

export interface HttpFinding extends Finding {
  rule: 'http.availability' | 'http.rate-limited' | 'http.slow' | 'http.timeout' | 'http.response-too-large';
  severity: 'error' | 'warning';
}

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
        socket.destroy(new Error('ROLLCALL_RESPONSE_TOO_LARGE'));
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

/**
 * How long to wait after a 429. Retry-After (seconds or an HTTP date) when the API sends it; else
 * Telnyx's `x-ratelimit-reset` (seconds until the window resets, or an epoch time); else a bounded
 * exponential backoff, never "retry at once": Twilio documents no Retry-After on its 429 (20429), and
 * its own SDKs back off without one.
 */
export function rateLimitWait(headers: Record<string, string | string[] | undefined>, attempt: number, settings: Pick<RunSettings, 'maxRetryAfterSeconds' | 'rateLimitBackoffMs'>, now: number = Date.now()): { ms: number; source: string; said: string } {
  const header = (name: string): string | undefined => {
    const v = headers[name];
    return v === undefined ? undefined : Array.isArray(v) ? v[0] : String(v);
  };
  const retryAfter = header('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+(\.\d+)?$/.test(retryAfter)) return { ms: Math.round(Number(retryAfter) * 1000), source: 'Retry-After', said: `Retry-After ${retryAfter}` };
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return { ms: Math.max(0, date - now), source: 'Retry-After date', said: `Retry-After ${retryAfter}` };
  }
  const reset = header('x-ratelimit-reset')?.trim();
  if (reset && /^\d+(\.\d+)?$/.test(reset)) {
    const n = Number(reset);
    // A value that large is a point in time (epoch seconds), not a number of seconds to wait.
    const ms = n > 1e9 ? Math.max(0, n * 1000 - now) : Math.round(n * 1000);
    return { ms, source: 'x-ratelimit-reset', said: `x-ratelimit-reset ${reset}` };
  }
  const ms = Math.min(settings.rateLimitBackoffMs * 2 ** attempt, settings.maxRetryAfterSeconds * 1000);
  return { ms, source: 'backoff: no Retry-After', said: retryAfter ? `unreadable Retry-After ${JSON.stringify(retryAfter)}` : 'no Retry-After' };
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
        if (/Timeout reached/i.test(message)) {
          throw new HttpFailure({
            rule: 'http.timeout', severity: 'error', path: '#timing', expected: `an answer within ${this.settings.timeoutMs} ms`, actual: 'no answer',
            message: `${req.method} ${this.redactor.text(req.url)} got no answer within ${this.settings.timeoutMs} ms.`,
            hint: 'The API hung; rerun later, or raise timeoutMs in rollcall.config.json if the sandbox is known to be slow.',
          });
        }
        if (capHits > capsBefore || /ROLLCALL_RESPONSE_TOO_LARGE/.test(message)) {
          throw new HttpFailure({
            rule: 'http.response-too-large', severity: 'error', path: '', expected: `at most ${this.settings.maxResponseBytes} bytes`, actual: 'more (the read was stopped)',
            message: `The response to ${req.method} ${this.redactor.text(req.url)} exceeds ${this.settings.maxResponseBytes} bytes.`,
            hint: 'A page of participants is a few hundred kB at most; an endless or huge body is a server fault (or raise maxResponseBytes).',
          });
        }
        throw new TransportError(`cannot reach ${origin}: ${this.redactor.text(String(code ?? message))}`);
      }
      const elapsed = Date.now() - t0;
      const status = res.statusCode;
      if (res.headers['x-rollcall-replay'] === 'miss') throw new TransportError(`${req.method} ${this.redactor.text(req.url)} is not in the recording (was it recorded with the same seed, target and rollcall version?)`);
      const wait = rateLimitWait(res.headers, attempt, this.settings);
      if (status >= 500) {
        findings.push({
          rule: 'http.availability', severity: 'error', path: '#status', expected: 'a documented status', actual: status,
          message: `The API answered ${status} (attempt ${attempt + 1}).`,
          hint: 'A 5xx is never part of the contract; if it persists, the vendor has an outage: rerun later or check its status page.',
        });
      }
      if (status === 429) {
        const within = wait.ms <= this.settings.maxRetryAfterSeconds * 1000;
        findings.push({
          rule: 'http.rate-limited', severity: 'warning', path: '#status', expected: 'an answer without throttling', actual: `429, ${wait.said}`,
          message: `The API throttled the request (attempt ${attempt + 1}).`,
          hint: within
            ? `rollcall waited ${wait.ms} ms (${wait.source}); lower the run's request rate or --max-requests against this sandbox.`
            : `The API asks for a wait over ${this.settings.maxRetryAfterSeconds} s: rollcall did not wait; run later.`,
        });
        if (within && attempt < this.settings.retries) {
          attempt++;
          await sleep(wait.ms);
          continue;
        }
        const last = findings[findings.length - 1] as HttpFinding;
        last.severity = 'error';
        last.message = 'The API kept throttling the request past rollcall\'s retry budget.';
      } else if (status >= 500 && attempt < this.settings.retries) {
        attempt++;
        await sleep(100 * attempt);
        continue;
      }
      if (elapsed > this.settings.slowMs) {
        findings.push({
          rule: 'http.slow', severity: 'warning', path: '#timing', expected: `<= ${this.settings.slowMs} ms`, actual: `${elapsed} ms`,
          message: `The response took ${elapsed} ms.`,
          hint: 'Slow answers make gates time out; if it persists, raise slowMs in rollcall.config.json or look at the vendor\'s status.',
        });
      }
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
