/**
 * `rollcall proxy --record DIR`: every judged exchange as a line of DIR/exchanges-<pid>.jsonl, in the
 * form `rollcall run --record` writes (src/run/probe.ts), redacted the same way, so that
 * `rollcall drift --from DIR` reads the application's traffic as it reads a run's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Exchange } from '../types.js';
import type { Redactor } from '../run/redact.js';

export class ProxyRecorder {
  private readonly file: string;
  private seq = 0;

  constructor(dir: string) {
    fs.mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `exchanges-${process.pid}.jsonl`);
  }

  record(exchange: Exchange, ms: number, redactor: Redactor): void {
    const line = {
      at: Date.now(),
      seq: ++this.seq,
      operationId: exchange.operationId,
      // As a run records it: no credentials sent, or some (whether the API took them, its status says).
      auth: exchange.request?.headers?.authorization === undefined ? 'none' : 'valid',
      ms,
      request: { ...exchange.request, headers: redactor.headers(exchange.request?.headers), url: redactor.text(exchange.request?.url ?? ''), ...(exchange.request?.body !== undefined ? { body: redactor.text(exchange.request.body) } : {}) },
      response: { ...exchange.response, headers: redactor.headers(exchange.response.headers), body: redactor.json(exchange.response.body) },
    };
    fs.appendFileSync(this.file, JSON.stringify(line) + '\n');
  }
}
