/**
 * The console of a run: every line goes out through the one sanitiser (forCiLog, src/sanitize.ts),
 * then, on a terminal, is fitted to its width; colour is added last, to rollcall's own structure
 * (marks, problem ids, headings, labels) and never to a piece of text, so that no escape code can
 * come from a target. On a terminal a status line (src/run/progress.ts) is redrawn in place and
 * cleared before any other line; off a terminal a plain progress line is printed every few seconds.
 */
import picocolors from 'picocolors';
import { forCiLog } from '../sanitize.js';
import { cells, type RunProgress } from './progress.js';

type Colors = ReturnType<typeof picocolors.createColors>;

/** What the console reads of its stream: whether it is a terminal, and how wide. */
export interface ConsoleStream {
  isTTY?: boolean;
  columns?: number;
  write?: (text: string) => unknown;
}

export interface RunConsoleOptions {
  /** Where the text goes; default the stream's write. */
  write?: (text: string) => void;
  /** Default process.stdout. Its `columns` is read at every line (a terminal can be resized). */
  stream?: ConsoleStream;
  /** NO_COLOR, FORCE_COLOR, TERM; default process.env. */
  env?: NodeJS.ProcessEnv;
  progress?: RunProgress;
  /** Off a terminal: at most one progress line this often (default 10 s). */
  progressEveryMs?: number;
  /** On a terminal: how often the status line is redrawn (default 250 ms). */
  redrawEveryMs?: number;
}

/** Erase the whole line and return to its first column: the only cursor control the console uses, on a terminal only. */
const CLEAR_LINE = '\r\u001b[2K';
/** Narrower terminals still get lines of this width: a rule id or a mark never lands alone on a line. */
const MIN_WIDTH = 40;
const DEFAULT_WIDTH = 80;

/**
 * Whether to colour: FORCE_COLOR=0 or false, or a non-empty NO_COLOR (no-color.org), turn it off;
 * any other FORCE_COLOR turns it on, even off a terminal; otherwise a terminal that is not `dumb`.
 * (picocolors' own detection also colours whenever `CI` is set: a CI log gets no colour unless asked.)
 */
export function colourEnabled(env: NodeJS.ProcessEnv, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && /^(0|false)$/i.test(force)) return false;
  if (env.NO_COLOR) return false;
  if (force !== undefined) return true;
  return isTTY && env.TERM !== 'dumb';
}

/**
 * One line of rollcall's output cut into lines of at most `width` columns: a repro line (curl or
 * method and URL) keeps its command whole on a line of its own (the terminal wraps it; copied, it is
 * one command); any other line wraps at spaces under its text, a word longer than a line is split,
 * unless it is an id (`schema.enum`, `twilio-video.listRoomParticipants`), which is never cut.
 */
export function fitLine(line: string, width: number): string[] {
  const w = Math.max(width, MIN_WIDTH);
  if (cells(line) <= w) return [line];
  const repro = /^(\s*)(repro:)\s+((?:curl|GET|POST|PUT|PATCH|DELETE) .*)$/.exec(line);
  if (repro) return [`${repro[1]}${repro[2]}`, repro[3] as string];
  // A live line's `(first in CASE)`: the case shortened from its start (its own name, last, is the most telling).
  const firstIn = /^(.*?)( {2}\(first in )(.*)\)$/.exec(line);
  if (firstIn) {
    const head = wrapWords(firstIn[1] as string, w);
    const last = head[head.length - 1] as string;
    const room = w - cells(last) - cells(firstIn[2] as string) - 1;
    if (room >= 30) return [...head.slice(0, -1), `${last}${firstIn[2]}${shortenStart(firstIn[3] as string, room)})`];
    const hanging = ' '.repeat(hangingOf(line, w));
    return [...head, `${hanging}(first in ${shortenStart(firstIn[3] as string, w - hanging.length - 11)})`];
  }
  return wrapWords(line, w);
}

/** A case id (`operation > group > name`) cut from its start to `width` columns: whole segments first, an ellipsis in front. */
function shortenStart(text: string, width: number): string {
  if (cells(text) <= width) return text;
  const segments = text.split(' > ');
  for (let k = 1; k < segments.length; k++) {
    const tail = `… > ${segments.slice(k).join(' > ')}`;
    if (cells(tail) <= width) return tail;
  }
  const chars = [...text];
  let out = '';
  for (let i = chars.length - 1; i >= 0 && cells(`…${chars[i]}${out}`) <= width; i--) out = `${chars[i]}${out}`;
  return `…${out}`;
}

/** Continuation lines start under the text after the mark and problem id, or four columns in. */
function hangingOf(line: string, w: number): number {
  const indent = (/^\s*/.exec(line) as RegExpExecArray)[0];
  const mark = /^\s*(?:[✗✓!↳-] )(?:P[0-9a-f]{8} )?/u.exec(line);
  return Math.min(mark ? cells(mark[0]) : indent.length + 4, Math.floor(w / 2));
}

/** A line wrapped at spaces to `w` columns (see fitLine). */
function wrapWords(line: string, w: number): string[] {
  if (cells(line) <= w) return [line];
  const indent = (/^\s*/.exec(line) as RegExpExecArray)[0];
  const hanging = ' '.repeat(hangingOf(line, w));
  const words = line.slice(indent.length).match(/\S+\s*/g) ?? [];
  const out: string[] = [];
  let current = indent;
  let empty = true;
  const flush = () => {
    out.push(current.trimEnd());
    current = hanging;
    empty = true;
  };
  for (const word of words) {
    if (cells(current + word.trimEnd()) <= w) {
      current += word;
      empty = false;
      continue;
    }
    if (!empty) flush();
    if (cells(current + word.trimEnd()) <= w) {
      current += word;
      empty = false;
      continue;
    }
    if (IDENTIFIER.test(word.trim())) {
      // An id (rule, operation, file) is never cut: moved left to the line's own indent, or past the edge if it must.
      if (cells(indent + word.trimEnd()) <= w) current = indent;
      current += word;
      empty = false;
      continue;
    }
    // A word longer than a whole line (a long value): split where the line ends.
    let rest = word;
    while (cells(current + rest.trimEnd()) > w) {
      let piece = '';
      for (const ch of rest) {
        if (cells(current + piece + ch) > w) break;
        piece += ch;
      }
      // At least one character a line, so that the loop ends even on a wide character at the edge.
      if (piece === '') piece = [...rest][0] as string;
      current += piece;
      rest = rest.slice(piece.length);
      flush();
    }
    current += rest;
    empty = rest.trim() === '';
  }
  if (!empty) out.push(current.trimEnd());
  return out;
}

/** A dotted id (a rule, an operation, a file name), perhaps in brackets or parentheses and followed by punctuation. */
const IDENTIFIER = /^[([]?[A-Za-z][\w-]*(?:\.[\w-]+)+[)\]]?[,.:;]?$/;

/**
 * Colour for one line rollcall wrote (already sanitised), by its structure only: the mark at its
 * start and the problem id after it, section headings, detail labels, the counts line, the reports
 * line, progress lines. Patterns are anchored at the start of the line, where only rollcall writes.
 */
export function colourLine(line: string, c: Colors): string {
  let m: RegExpExecArray | null;
  if ((m = /^(\s*)([✗✓!])( )(P[0-9a-f]{8}(?= ))?/u.exec(line))) {
    const paint = m[2] === '✗' ? c.red : m[2] === '✓' ? c.green : c.yellow;
    return `${m[1]}${paint(m[2] as string)}${m[3]}${m[4] ? c.bold(m[4]) : ''}${line.slice(m[0].length)}`;
  }
  if ((m = /^(- )(\S+: )/.exec(line))) return `${c.dim(m[1] as string)}${m[2]}${line.slice(m[0].length)}`;
  if (line === 'errors') return c.bold(c.red(line));
  if (line === 'warnings') return c.bold(c.yellow(line));
  if (/^\s+↳ /.test(line) || /^\s+known: /.test(line) || /^… /.test(line)) return c.dim(line);
  if ((m = /^(\s+)(repro:|source:|hint:|expected:|actual:)/.exec(line))) return `${m[1]}${c.dim(m[2] as string)}${line.slice(m[0].length)}`;
  if ((m = /^\d[\d,]* cases: /.exec(line))) return c.bold(line);
  if ((m = /^(reports:|shard \d+\/\d+:)( )/.exec(line))) return `${c.bold(c.cyan(m[1] as string))}${line.slice((m[1] as string).length)}`;
  if ((m = /^(rollcall (?:run|report)|discovery|preflight)(:)/.exec(line))) return `${c.dim(m[1] as string)}${line.slice((m[1] as string).length)}`;
  return line;
}

export class RunConsole {
  /** stdout is a terminal: status line, width. */
  readonly interactive: boolean;
  readonly colour: boolean;
  private readonly colours: Colors;
  private readonly stream: ConsoleStream;
  private readonly out: (text: string) => void;
  private readonly progress: RunProgress | undefined;
  private readonly progressEveryMs: number;
  private readonly redrawEveryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private statusShown = false;
  /** The last text written ended inside a line: no status line under it until the line ends. */
  private midLine = false;
  private drawn = { version: -1, second: -1 };
  private lastPlain: number;

  constructor(options: RunConsoleOptions = {}) {
    this.stream = options.stream ?? process.stdout;
    const stream = this.stream;
    this.out = options.write ?? ((t: string) => void (stream.write ?? ((x: string) => process.stdout.write(x))).call(stream, t));
    this.interactive = stream.isTTY === true;
    this.colour = colourEnabled(options.env ?? process.env, this.interactive);
    this.colours = picocolors.createColors(this.colour);
    this.progress = options.progress;
    this.progressEveryMs = options.progressEveryMs ?? 10_000;
    this.redrawEveryMs = options.redrawEveryMs ?? 250;
    this.lastPlain = this.progress?.startedAt ?? Date.now();
  }

  /** Columns of the terminal now (off a terminal: no limit). */
  get width(): number {
    return this.interactive ? Math.max(this.stream.columns || DEFAULT_WIDTH, MIN_WIDTH) : Infinity;
  }

  /** Prints text (one or more lines): sanitised, fitted, coloured, under no status line. */
  print = (text: string): void => {
    const safe = forCiLog(text, { multiline: true });
    const lines = safe.split('\n');
    const body = lines.map((line, i) => (i === lines.length - 1 && line === '' ? '' : this.render(line))).join('\n');
    this.midLine = !safe.endsWith('\n') && safe !== '';
    if (this.statusShown) {
      this.statusShown = false;
      this.out(CLEAR_LINE + body + this.status());
    } else this.out(body + this.status());
  };

  /** Starts the status line (terminal) or the plain progress lines (elsewhere). */
  start(): void {
    if (!this.progress || this.timer) return;
    this.timer = setInterval(() => this.tick(), this.interactive ? this.redrawEveryMs : Math.min(this.progressEveryMs, 1000));
    this.timer.unref();
    if (this.interactive) this.redraw();
  }

  /** Stops progress for good and takes the status line away: what follows is the end of the run. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.statusShown) this.out(CLEAR_LINE);
    this.statusShown = false;
  }

  /** A tick of the timer: redraw the status line when it changed, or print a plain line when it is time. */
  tick(): void {
    if (!this.progress) return;
    if (this.interactive) {
      this.redraw();
      return;
    }
    const now = this.progress.startedAt + this.progress.elapsedMs();
    if (now - this.lastPlain < this.progressEveryMs || this.midLine) return;
    this.lastPlain = now;
    this.print(`${this.progress.plainLine()}\n`);
  }

  private redraw(): void {
    if (!this.interactive || !this.progress || this.midLine) return;
    const second = Math.floor(this.progress.elapsedMs() / 1000);
    if (this.statusShown && this.drawn.version === this.progress.version && this.drawn.second === second) return;
    const status = this.status();
    if (status) this.out(status);
  }

  /** The status line with its clearing prefix, when one should be shown now. */
  private status(): string {
    if (!this.interactive || !this.progress || !this.timer || this.midLine) return '';
    this.drawn = { version: this.progress.version, second: Math.floor(this.progress.elapsedMs() / 1000) };
    this.statusShown = true;
    // One column short of the width: a line that fills the last column would wrap on some terminals.
    return CLEAR_LINE + this.colours.dim(this.progress.statusLine(this.width - 1));
  }

  /** One line rollcall wrote, sanitised: fitted to the terminal, then coloured (the first part only: the structure is at its start). */
  private render(line: string): string {
    const parts = this.interactive ? fitLine(line, this.width) : [line];
    if (!this.colour) return parts.join('\n');
    return parts.map((p, i) => (i === 0 ? colourLine(p, this.colours) : p)).join('\n');
  }
}
