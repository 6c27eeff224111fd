/**
 * Every request of a run goes through here: pactum sends it; this adds the credentials of the
 * target, retries 5xx and 429 within bounds, times it, records it (redacted), and turns what the
 * HTTP layer saw (5xx, 429, slowness) into findings of their own rules.
 */
import fs from 'node:fs';
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
  rule: 'http.availability' | 'http.rate-limited' | 'http.slow' | 'http.transport' | 'http.response-too-large';
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
  ) {
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
    const headers: Record<string, string> = { Accept: 'application/json' };
    const auth = authHeader(this.credentials, mode);
    if (auth) headers.Authorization = auth;
    let body: string | undefined;
    if (req.form) {
      body = new URLSearchParams(req.form).toString();
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    const findings: HttpFinding[] = [];
    const started = Date.now();
    let attempt = 0;
    for (;;) {
      if (requestCount >= this.settings.maxRequests) {
        throw new TransportError(`the request budget (--max-requests ${this.settings.maxRequests}) is spent; the rest of the run is skipped`);
      }
      requestCount++;
      const t0 = Date.now();
      let res: { statusCode: number; headers: Record<string, string | string[]>; text: string; json: unknown };
      try {
        let spec = pactum.spec().withMethod(req.method).withPath(req.url).withHeaders(headers).withRequestTimeout(this.settings.timeoutMs);
        if (body !== undefined) spec = spec.withBody(body);
        res = (await spec.toss()) as unknown as typeof res;
      } catch (err) {
        const origin = new URL(req.url).origin;
        const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
        throw new TransportError(`cannot reach ${origin}: ${this.redactor.text(String(code))}`);
      }
      const elapsed = Date.now() - t0;
      const status = res.statusCode;
      if (res.headers['x-rollcall-replay'] === 'miss') throw new TransportError(`${req.method} ${this.redactor.text(req.url)} is not in the recording (was it recorded with the same seed, target and rollcall version?)`);
      const retryAfter = Number(String(res.headers['retry-after'] ?? ''));
      if (status >= 500) {
        findings.push({
          rule: 'http.availability', severity: 'error', path: '#status', expected: 'a documented status', actual: status,
          message: `The API answered ${status} (attempt ${attempt + 1}).`,
          hint: 'A 5xx is never part of the contract; if it persists, the vendor has an outage: rerun later or check its status page.',
        });
      }
      if (status === 429) {
        const within = Number.isFinite(retryAfter) && retryAfter <= this.settings.maxRetryAfterSeconds;
        findings.push({
          rule: 'http.rate-limited', severity: 'warning', path: '#status', expected: 'an answer without throttling', actual: `429, Retry-After ${Number.isFinite(retryAfter) ? retryAfter : '(none)'}`,
          message: `The API throttled the request (attempt ${attempt + 1}).`,
          hint: within ? 'rollcall waited as asked; lower the run\'s request rate or --max-requests against this sandbox.' : `Retry-After exceeds ${this.settings.maxRetryAfterSeconds} s: rollcall did not wait; run later.`,
        });
        if (within && attempt < this.settings.retries) {
          attempt++;
          await sleep(retryAfter * 1000);
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
