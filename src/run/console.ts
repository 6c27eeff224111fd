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
/** Off a terminal (a CI log, a pipe, a file), without COLUMNS: lines of at most this width. */
export const LOG_WIDTH = 120;

/**
 * The width lines are fitted to: a terminal's own columns (80 when it does not say); off a terminal,
 * COLUMNS when it is a whole number, else LOG_WIDTH. Never under MIN_WIDTH.
 */
export function consoleWidth(stream: ConsoleStream, env: NodeJS.ProcessEnv): number {
  if (stream.isTTY === true) return Math.max(stream.columns || DEFAULT_WIDTH, MIN_WIDTH);
  const columns = /^\d+$/.test(env.COLUMNS ?? '') ? Number(env.COLUMNS) : 0;
  return Math.max(columns || LOG_WIDTH, MIN_WIDTH);
}

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
 * Where the lines go: a `terminal` (a long repro command whole on its own line: the terminal wraps
 * it, and copied it is one command; a live line's case shortened from its start) or a `log` (no line
 * past the width: the command continued with backslashes, still one command in a shell; the case in
 * full, wrapped: a CI log keeps every word).
 */
export type FitMode = 'terminal' | 'log';

/**
 * One line of rollcall's output cut into lines of at most `width` columns: a repro line (curl or
 * method and URL) puts its command on lines of its own (see FitMode); any other line wraps at spaces
 * under its text, a word longer than a line is split, unless it is an id (`schema.enum`,
 * `twilio-video.listRoomParticipants`), which is never cut.
 */
export function fitLine(line: string, width: number, mode: FitMode = 'terminal'): string[] {
  const w = Math.max(width, MIN_WIDTH);
  if (cells(line) <= w) return [line];
  const repro = /^(\s*)(repro:)\s+((?:curl|GET|POST|PUT|PATCH|DELETE) .*)$/.exec(line);
  if (repro) {
    const command = repro[3] as string;
    if (mode === 'terminal') return [`${repro[1]}${repro[2]}`, command];
    return [`${repro[1]}${repro[2]}`, ...(command.startsWith('curl ') ? continued(command, w) : wrapWords(command, w))];
  }
  // A live line's `(first in CASE)`: the case shortened from its start (its own name, last, is the most telling).
  const firstIn = /^(.*?)( {2}\(first in )(.*)\)$/.exec(line);
  if (firstIn && mode === 'terminal') {
    const head = wrapWords(firstIn[1] as string, w);
    const last = head[head.length - 1] as string;
    const room = w - cells(last) - cells(firstIn[2] as string) - 1;
    if (room >= 30) return [...head.slice(0, -1), `${last}${firstIn[2]}${shortenStart(firstIn[3] as string, room)})`];
    const hanging = ' '.repeat(hangingOf(line, w));
    return [...head, `${hanging}(first in ${shortenStart(firstIn[3] as string, w - hanging.length - 11)})`];
  }
  return wrapWords(line, w);
}

/** A shell word: quoted pieces, escapes and plain characters up to unquoted whitespace. */
const SHELL_WORD = /(?:'[^']*'|"(?:[^"\\]|\\.)*"|\\.|[^\s'"\\])+/g;

/** curl's options that take a value, as src/run/redact.ts curlLine writes them. */
const OPTION_WITH_VALUE = /^(?:-X|-u|-H|--data|--header|--user|--request)$/;

/**
 * A shell command (a repro curl line, whose words rollcall quoted itself: src/run/redact.ts) on lines of
 * at most `w` columns that a shell reads as the same command: ` \` ends a line between words, and a
 * single-quoted word longer than a line (a URL) is cut inside, `'...'\` at the end of one line and
 * `'...` at the start of the next (the backslash-newline is removed, the quoted pieces join).
 */
function continued(command: string, w: number): string[] {
  const words: string[] = [];
  // An option that takes a value stays on one line with it (`-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"`).
  for (const word of command.match(SHELL_WORD) ?? [command]) {
    const last = words[words.length - 1];
    if (last !== undefined && OPTION_WITH_VALUE.test(last)) words[words.length - 1] = `${last} ${word}`;
    else words.push(word);
  }
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const lead = current === '' ? (out.length === 0 ? '' : '  ') : `${current} `;
    if (cells(lead + word) + 2 <= w || (current === '' && !/^'[^']*'$/.test(word))) {
      current = lead + word;
      continue;
    }
    if (current !== '') out.push(`${current} \\`);
    const indent = out.length === 0 ? '' : '  ';
    if (cells(indent + word) + 2 <= w || !/^'[^']*'$/.test(word)) {
      current = indent + word;
      continue;
    }
    // A quoted word longer than a line: pieces of it, each closed and continued.
    let rest = word.slice(1, -1);
    let head = indent;
    while (cells(`${head}'${rest}'`) + 2 > w) {
      const room = w - cells(head) - 3;
      const piece = [...rest].slice(0, Math.max(room, 1)).join('');
      out.push(`${head}'${piece}'\\`);
      rest = rest.slice(piece.length);
      head = '';
    }
    current = `${head}'${rest}'`;
  }
  if (current !== '') out.push(current);
  return out;
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
export function hangingOf(line: string, w: number): number {
  const indent = (/^\s*/.exec(line) as RegExpExecArray)[0];
  const mark = /^\s*(?:[✗✓!↳-] )(?:P[0-9a-f]{8} )?/u.exec(line);
  return Math.min(mark ? cells(mark[0]) : indent.length + 4, Math.floor(w / 2));
}

/**
 * A line wrapped at spaces to `w` columns (see fitLine); continuation lines start at column `hangAt`
 * (a table's last column), by default under the line's text (hangingOf).
 */
export function wrapWords(line: string, w: number, hangAt: number = hangingOf(line, w)): string[] {
  if (cells(line) <= w) return [line];
  const indent = (/^\s*/.exec(line) as RegExpExecArray)[0];
  const hanging = ' '.repeat(hangAt);
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

/**
 * A log's lines (fitLine in `log` mode) read back as the lines rollcall wrote: a line is joined to the one
 * before, with one space, when it starts at that line's hanging indent and its first word could not have
 * fitted at the end of the line before (the only reason a greedy wrap moves a word down). For tools and
 * tests that read the console; the JSON report is the exact record (a wrap folds runs of spaces into one).
 */
export function unwrapLines(text: string, width: number = LOG_WIDTH): string[] {
  const w = Math.max(width, MIN_WIDTH);
  const out: string[] = [];
  let head = '';
  let previous = '';
  for (const line of text.split('\n')) {
    const indent = (/^ */.exec(line) as RegExpExecArray)[0].length;
    const first = line.slice(indent).split(' ')[0] as string;
    if (out.length > 0 && first !== '' && indent === hangingOf(head, w) && cells(previous) + 1 + cells(first) > w) {
      out[out.length - 1] += ` ${line.slice(indent)}`;
    } else {
      out.push(line);
      head = line;
    }
    previous = line;
  }
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
  private readonly env: NodeJS.ProcessEnv;
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
    this.env = options.env ?? process.env;
    this.colour = colourEnabled(this.env, this.interactive);
    this.colours = picocolors.createColors(this.colour);
    this.progress = options.progress;
    this.progressEveryMs = options.progressEveryMs ?? 10_000;
    this.redrawEveryMs = options.redrawEveryMs ?? 250;
    this.lastPlain = this.progress?.startedAt ?? Date.now();
  }

  /** Columns of the terminal now; off a terminal COLUMNS, or 120 (consoleWidth). */
  get width(): number {
    return consoleWidth(this.stream, this.env);
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

  /** One line rollcall wrote, sanitised: fitted to the width, then coloured (the first part only: the structure is at its start). */
  private render(line: string): string {
    // Each piece passes the CI-log sanitiser again: a break can bring text of the target to the start of a
    // line, where a runner would read `::` as a workflow command (idempotent on text it already passed).
    const parts = fitLine(line, this.width, this.interactive ? 'terminal' : 'log').map((part) => forCiLog(part));
    if (!this.colour) return parts.join('\n');
    return parts.map((p, i) => (i === 0 ? colourLine(p, this.colours) : p)).join('\n');
  }
}
