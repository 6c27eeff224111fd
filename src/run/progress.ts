/**
 * How far a run has got: cases done of those collected, per operation; requests sent; elapsed time;
 * the case running now. The collector feeds it from vitest's events, the runner from its phases
 * (preflight, discovery); the console (src/run/console.ts) shows it: one status line redrawn in place
 * on a terminal, a plain line every few seconds elsewhere.
 */
import { forTerminal } from '../sanitize.js';

/** What the collector tells the progress about vitest's events (src/run/collector.ts). */
export interface ProgressListener {
  /** A suite file was collected: its operation and how many cases it holds. */
  moduleCollected(operation: string, cases: number): void;
  /** A case started: its vitest id and its name as the status line shows it (suite > case). */
  caseStarted(id: string, label: string): void;
  /** A case ended, whatever its state. */
  caseDone(id: string, operation: string): void;
  /** A suite file ended. */
  moduleDone(operation: string): void;
}

interface OperationProgress {
  done: number;
  total: number;
  finished: boolean;
}

export interface RunProgressOptions {
  now?: () => number;
  /** Requests sent so far (the run's request counter, src/run/probe.ts). */
  requests?: () => number;
}

/** Whole seconds, or minutes and seconds past a minute. */
export function elapsedText(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** `twilio-video.listRoomParticipants` as the status line names it: the operation without its API. */
const shortOperation = (op: string): string => op.replace(/^[^.]*\./, '');

export class RunProgress implements ProgressListener {
  readonly startedAt: number;
  private readonly now: () => number;
  private requestsOf: () => number;
  private phase: string | undefined = 'starting';
  private readonly operations = new Map<string, OperationProgress>();
  /** Cases under way, in the order they started (vitest runs several suite files at once). */
  private readonly running = new Map<string, string>();
  private redact: (text: string) => string = (t) => t;
  /** Bumped on every change: the console redraws when it moved. */
  version = 0;

  constructor(options: RunProgressOptions = {}) {
    this.now = options.now ?? Date.now;
    this.requestsOf = options.requests ?? (() => 0);
    this.startedAt = this.now();
  }

  /** The run's request counter, once it exists. */
  countRequestsWith(requests: () => number): void {
    this.requestsOf = requests;
  }

  /** Secrets out of case names before they are shown (the run's Redactor). */
  redactWith(redact: (text: string) => string): void {
    this.redact = redact;
  }

  /** What the run does before its cases (`preflight`, `discovery`); undefined once the cases run. */
  setPhase(phase: string | undefined): void {
    this.phase = phase;
    this.version++;
  }

  moduleCollected(operation: string, cases: number): void {
    const p = this.operations.get(operation);
    // A suite collected twice (the mutating pass re-collects nothing, but be safe) counts its cases once.
    if (p) p.total = Math.max(p.total, cases);
    else this.operations.set(operation, { done: 0, total: cases, finished: false });
    this.phase = undefined;
    this.version++;
  }

  caseStarted(id: string, label: string): void {
    this.running.set(id, label);
    this.version++;
  }

  caseDone(id: string, operation: string): void {
    this.running.delete(id);
    const p = this.operations.get(operation) ?? { done: 0, total: 0, finished: false };
    p.done++;
    p.total = Math.max(p.total, p.done);
    this.operations.set(operation, p);
    this.version++;
  }

  moduleDone(operation: string): void {
    const p = this.operations.get(operation);
    if (p) p.finished = true;
    this.version++;
  }

  get done(): number {
    return [...this.operations.values()].reduce((n, p) => n + p.done, 0);
  }

  get total(): number {
    return [...this.operations.values()].reduce((n, p) => n + p.total, 0);
  }

  get requests(): number {
    return this.requestsOf();
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  /** `120/466 cases, 230 requests, 34 s` (or `discovery, 12 requests, 5 s` before the cases). */
  counts(): string {
    const what = this.phase ?? `${this.done}/${this.total} cases`;
    const requests = this.requests;
    return `${what}, ${requests} request${requests === 1 ? '' : 's'}, ${elapsedText(this.elapsedMs())}`;
  }

  /** Off a terminal: one plain line, at most every few seconds. */
  plainLine(): string {
    return `… ${this.counts()}`;
  }

  /**
   * On a terminal: counts, each operation under way with its cases done / total, and the case running
   * now, cut to `width` columns (the status line must never wrap: a wrapped line cannot be redrawn in place).
   */
  statusLine(width: number): string {
    const parts = [this.counts()];
    const open = [...this.operations].filter(([, p]) => !p.finished && p.total > 0);
    if (open.length > 0) parts.push(open.map(([op, p]) => `${shortOperation(op)} ${p.done}/${p.total}`).join(', '));
    const now = [...this.running.values()].pop();
    // Case names quote what discovery found (room names): the target's text, escaped.
    if (now) parts.push(forTerminal(this.redact(now)));
    return fitStatus(parts.join(' │ '), width);
  }
}

/** One line cut to `width` columns with an ellipsis (never wraps). */
export function fitStatus(text: string, width: number): string {
  if (cells(text) <= width) return text;
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = cells(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…`;
}

/** East Asian wide and fullwidth ranges (and emoji): two columns each on a terminal. */
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{1F300}-\u{1F64F}\u{1F900}-\u{1F9FF}\u{20000}-\u{3FFFD}]/u;
/** Combining marks take no column of their own. */
const ZERO = /\p{M}/u;

/** Columns a text (without escape sequences) takes on a terminal. */
export function cells(text: string): number {
  let n = 0;
  for (const ch of text) n += WIDE.test(ch) ? 2 : ZERO.test(ch) ? 0 : 1;
  return n;
}
