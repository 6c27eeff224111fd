/**
 * The console of a run (issue 21, "a console that talks"): on a terminal a status line redrawn in
 * place (cleared before any other line, never left behind), colour, lines fitted to the width; off a
 * terminal a plain progress line every few seconds, no cursor control, no colour unless FORCE_COLOR;
 * NO_COLOR honoured; every run ends with where the reports are. Colour is added after the sanitiser,
 * to rollcall's own structure only: with FORCE_COLOR a hostile target's escapes still show as text.
 * In process on a fake stream, then the CLI under a pseudo-terminal (util-linux `script`) and in a pipe.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import picocolors from 'picocolors';
import { beforeAll, describe, expect, it } from 'vitest';
import { colourEnabled, colourLine, consoleWidth, fitLine, RunConsole, unwrapLines } from '../../src/run/console.js';
import { cells, RunProgress } from '../../src/run/progress.js';
import { couldBeWorkflowCommand, forCiLog, forTerminal } from '../../src/sanitize.js';
import { startMock, type RunningMock } from '../../src/mock/index.js';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { answeringProxy, plantInParticipants } from '../safety/proxy.js';
import { ROOT, rollcall, tmpDir, type CliResult } from './support.js';

/** Select Graphic Rendition: the only escape sequences colour adds. */
const SGR = /\u001b\[\d+(?:;\d+)*m/g;
const HAS_SGR = /\u001b\[\d+(?:;\d+)*m/;
/** Every escape sequence (CSI) and bare carriage return: what "no cursor tricks" rules out. */
const CURSOR = /\u001b\[[0-9;?]*[A-Za-ln-z]|\r(?!\n)/;
const CLEAR_LINE = '\r\u001b[2K';
/** Characters no human channel may hold raw (as test/safety/hostile-output.test.ts): C0 but tab and LF, DEL, C1, bidi. */
const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

const withColour = picocolors.createColors(true);
/** Runs of spaces as one (a wrap at a double space leaves one when the lines are joined back). */
const oneSpace = (text: string) => text.replace(/ {2,}/g, ' ');
const plain = (text: string) => text.replace(SGR, '');

/**
 * What a terminal shows at the end: SGR and cursor visibility dropped, `\r\u001b[2K` erasing the line
 * being written, `\r\n` (a pty's line end) as `\n`. Any other control sequence is kept (and would fail a test).
 */
function screen(raw: string): string[] {
  const text = raw.replace(SGR, '').replace(/\u001b\[\?25[hl]/g, '').replace(/\r\n/g, '\n');
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text.startsWith(CLEAR_LINE, i)) {
      current = '';
      i += CLEAR_LINE.length - 1;
    } else if (text[i] === '\n') {
      lines.push(current);
      current = '';
    } else current += text[i];
  }
  if (current) lines.push(current);
  return lines;
}

/** A console on a fake stream, a fake clock and request counter; ticks are driven by the test. */
function fakeConsole(stream: { isTTY: boolean; columns?: number }, env: NodeJS.ProcessEnv = {}) {
  let clock = 1_000_000;
  let requests = 0;
  let out = '';
  const progress = new RunProgress({ now: () => clock, requests: () => requests });
  const con = new RunConsole({ write: (t) => void (out += t), stream, env, progress, progressEveryMs: 10_000, redrawEveryMs: 3_600_000 });
  return {
    con,
    progress,
    out: () => out,
    advance(ms: number, sent = 0) {
      clock += ms;
      requests += sent;
      con.tick();
    },
  };
}

const LIVE = '  ✗ P5dc3579b twilio-video.listRoomParticipants: /participants/*/status holds the undocumented value "disconnecting" (schema.enum)  (first in twilio-video.listRoomParticipants > room DailyStandup (in-progress, one page) > first page, no parameters)\n';
const CURL = "      repro:  curl -sS 'http://127.0.0.1:41553/v1/Rooms/RM9e69595b47dbfe6841b5ce17d2f2bb36/Participants?PageSize=50' -u \"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN\"\n";

/** A run's events, as the collector tells them: one operation of 4 cases. */
function someWork(f: ReturnType<typeof fakeConsole>) {
  f.con.start();
  f.progress.setPhase('discovery');
  f.advance(2_000, 5);
  f.progress.moduleCollected('twilio-video.listRoomParticipants', 4);
  f.progress.caseStarted('c1', 'room DailyStandup (in-progress, one page) > first page, no parameters');
  f.progress.caseDone('c1', 'twilio-video.listRoomParticipants');
  f.progress.caseStarted('c2', 'room DailyStandup (in-progress, one page) > walk every page at PageSize=50');
  f.advance(6_000, 3);
  f.con.print(LIVE);
  f.advance(5_000, 40);
  f.con.print(CURL);
  f.progress.caseDone('c2', 'twilio-video.listRoomParticipants');
  f.advance(10_000, 2);
  f.con.stop();
  f.con.print('4 cases: 2 passed, 2 failed, 0 skipped; 3 errors, 0 warnings in 1 problems; 9 exchanges\nreports: out/rollcall-report.html, out/rollcall-report.json\n');
}

describe('the console on a terminal (a fake stream with isTTY and columns)', () => {
  it('redraws one status line in place: cases done / total per operation, requests, elapsed, the case running now; cleared before every other line and at the end', () => {
    const f = fakeConsole({ isTTY: true, columns: 80 });
    someWork(f);
    const raw = f.out();
    // The status line, as drawn: counts, the operation under way, the running case.
    expect(plain(raw)).toContain(`${CLEAR_LINE}discovery, 5 requests, 2 s`);
    expect(plain(raw)).toContain(`${CLEAR_LINE}1/4 cases, 8 requests, 8 s │ listRoomParticipants 1/4 │ room DailyStandup (in-…`);
    expect(plain(raw)).toContain(`${CLEAR_LINE}2/4 cases, 50 requests, 23 s │ listRoomParticipants 2/4${CLEAR_LINE}4 cases: `);
    // Every other line starts on a cleared line, and nothing is left of the status line at the end.
    expect(raw).toContain(`${CLEAR_LINE}  ${withColour.red('✗')} ${withColour.bold('P5dc3579b')} twilio-video`);
    const shown = screen(raw);
    expect(shown[shown.length - 1]).toBe('reports: out/rollcall-report.html, out/rollcall-report.json');
    expect(shown.some((l) => /cases, \d+ requests/.test(l) && !/^\d+ cases:/.test(l))).toBe(false);
    // Status lines never wrap (a wrapped line cannot be redrawn in place).
    for (const status of plain(raw).split(CLEAR_LINE)) expect(cells(status.split('\n')[0] as string)).toBeLessThan(80);
  });

  it.each([40, 60, 100])('fits every line to %i columns: rule ids whole, the curl command whole on a line of its own, the live line\'s case shortened', (columns) => {
    const f = fakeConsole({ isTTY: true, columns });
    someWork(f);
    const shown = screen(f.out());
    for (const line of shown) if (!line.startsWith('curl ')) expect(cells(line), line).toBeLessThanOrEqual(columns);
    const text = shown.join('\n');
    expect(text).toContain('(schema.enum)');
    expect(shown).toContain("curl -sS 'http://127.0.0.1:41553/v1/Rooms/RM9e69595b47dbfe6841b5ce17d2f2bb36/Participants?PageSize=50' -u \"$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN\"");
    expect(shown).toContain('      repro:');
    expect(text).toMatch(/\(first in …?.*no parameters\)/);
  });

  it('colours the marks and headings; NO_COLOR turns colour off (the status line stays), FORCE_COLOR=0 too', () => {
    const coloured = fakeConsole({ isTTY: true, columns: 80 });
    someWork(coloured);
    expect(coloured.out()).toMatch(HAS_SGR);
    for (const env of [{ NO_COLOR: '1' }, { FORCE_COLOR: '0' }, { NO_COLOR: '1', FORCE_COLOR: '1' }, { TERM: 'dumb' }]) {
      const f = fakeConsole({ isTTY: true, columns: 80 }, env);
      someWork(f);
      expect(f.out(), JSON.stringify(env)).not.toMatch(HAS_SGR);
      expect(f.out()).toContain(CLEAR_LINE);
    }
  });
});

describe('the console off a terminal (CI)', () => {
  it('prints a plain progress line at most every 10 s, no cursor control, no colour', () => {
    const f = fakeConsole({ isTTY: false });
    someWork(f);
    const out = f.out();
    expect(out).not.toMatch(CURSOR);
    expect(out).not.toContain('\u001b');
    const progress = out.split('\n').filter((l) => l.startsWith('… '));
    // 2, 8, 13 and 23 s: lines at 13 s (10 s after the start) and 23 s.
    expect(progress).toEqual(['… 1/4 cases, 48 requests, 13 s', '… 2/4 cases, 50 requests, 23 s']);
    // Every line within 120 columns; the live line wrapped at spaces under its text, its case in full.
    for (const line of out.split('\n')) expect(cells(line), line).toBeLessThanOrEqual(120);
    expect(out).not.toContain(LIVE.trimEnd());
    expect(unwrapLines(out).map(oneSpace)).toContain(oneSpace(LIVE.trimEnd()));
    expect(out.trimEnd().split('\n').pop()).toBe('reports: out/rollcall-report.html, out/rollcall-report.json');
  });

  it.each([['80', 80], ['60', 60], ['', 120], ['wide', 120]])('COLUMNS=%j: lines of at most %i columns, nothing lost', (columns, width) => {
    const f = fakeConsole({ isTTY: false }, { COLUMNS: columns });
    someWork(f);
    const out = f.out();
    for (const line of out.split('\n')) expect(cells(line), line).toBeLessThanOrEqual(width);
    expect(unwrapLines(out, width).join('\n').split(/\s+/)).toEqual(expect.arrayContaining(LIVE.trim().split(/\s+/)));
    // The repro command continued over lines, in full.
    expect(out.replace(/ \\\n\s*/g, ' ').replace(/'\\\n'/g, '')).toContain(CURL.trim().replace(/^repro:\s+/, ''));
  });

  it('consoleWidth: a terminal\'s columns (80 when unknown); off one COLUMNS, else 120; never under 40', () => {
    expect(consoleWidth({ isTTY: true, columns: 100 }, { COLUMNS: '60' })).toBe(100);
    expect(consoleWidth({ isTTY: true }, {})).toBe(80);
    expect(consoleWidth({ isTTY: false, columns: 100 }, {})).toBe(120);
    expect(consoleWidth({ isTTY: false }, { COLUMNS: '200' })).toBe(200);
    expect(consoleWidth({ isTTY: false }, { COLUMNS: '20' })).toBe(40);
    expect(consoleWidth({ isTTY: false }, { COLUMNS: '-5' })).toBe(120);
  });

  it('FORCE_COLOR gives colour, still without cursor control', () => {
    const f = fakeConsole({ isTTY: false }, { FORCE_COLOR: '1' });
    someWork(f);
    expect(f.out()).toMatch(HAS_SGR);
    expect(f.out()).not.toMatch(CURSOR);
    expect(f.out()).toContain(`  ${withColour.red('✗')} ${withColour.bold('P5dc3579b')} `);
  });

  it('colourEnabled: NO_COLOR and FORCE_COLOR=0|false off, FORCE_COLOR on, else a terminal not dumb; CI alone gives none', () => {
    expect(colourEnabled({}, true)).toBe(true);
    expect(colourEnabled({}, false)).toBe(false);
    expect(colourEnabled({ CI: 'true', GITHUB_ACTIONS: 'true' }, false)).toBe(false);
    expect(colourEnabled({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colourEnabled({ FORCE_COLOR: '' }, false)).toBe(true);
    expect(colourEnabled({ FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(colourEnabled({ NO_COLOR: '1' }, true)).toBe(false);
    expect(colourEnabled({ NO_COLOR: '' }, true)).toBe(true);
  });
});

describe('colour after the sanitiser', () => {
  const HOSTILE = ['a\u001b[2J\u001b[31mred', 'o\u001b]0;pwned\u0007', 'c1\u009b31m', 'safe\rFAKE', 'v\n::error::pwned', 'bidi\u202Etxt', '✗ P00000000 fake'];

  it.each([true, false])('a line with the target\'s escapes in it (terminal: %s): the output is the sanitised text plus rollcall\'s colour only', (isTTY) => {
    const f = fakeConsole({ isTTY, columns: 400 }, { FORCE_COLOR: '1', COLUMNS: '400' });
    const pieces = HOSTILE.map((h) => forTerminal(h));
    const text = `  ✗ P5dc3579b twilio-video.listRoomParticipants: /participants/*/status holds ${pieces.join(' ')} (schema.enum)\n${HOSTILE.join('\n')}\n`;
    f.con.print(text);
    const out = f.out();
    // Without the colour, exactly what the sanitiser gives; each line re-coloured from its plain text is the line printed.
    expect(plain(out)).toBe(forCiLog(text, { multiline: true }));
    for (const line of out.split('\n')) expect(line).toBe(colourLine(plain(line), withColour));
    expect(RAW_CONTROL.test(plain(out))).toBe(false);
    expect(out).not.toContain('\u001b[2J');
    expect(out).not.toContain('\u001b[31mred');
    expect(out).toContain('\\u001b[2J\\u001b[31mred');
  });

  it('fitLine never cuts a rule id, keeps a repro command whole, wraps under the text', () => {
    const line = '  ✗ P12345678 twilio-video.listRoomParticipants: a b c d e f g h i j k l m n o p q r s t u v w (pagination.full-page-before-last)';
    for (const width of [40, 50, 60, 80]) {
      const fitted = fitLine(line, width);
      for (const l of fitted) expect(cells(l), l).toBeLessThanOrEqual(width);
      expect(fitted.some((l) => l.includes('(pagination.full-page-before-last)')), String(width)).toBe(true);
      expect(fitted.some((l) => l.includes('twilio-video.listRoomParticipants:')), String(width)).toBe(true);
      // Nothing lost or added but line breaks and indentation.
      expect(fitted.join(' ').split(/\s+/)).toEqual(line.split(/\s+/));
    }
    expect(fitLine(line, 60)).toEqual([
      '  ✗ P12345678 twilio-video.listRoomParticipants: a b c d e f',
      '              g h i j k l m n o p q r s t u v w',
      '              (pagination.full-page-before-last)',
    ]);
    expect(fitLine('    repro:  GET http://127.0.0.1:1/v1/Rooms/RM1/Participants?PageSize=50&Page=1', 40)).toEqual(['    repro:', 'GET http://127.0.0.1:1/v1/Rooms/RM1/Participants?PageSize=50&Page=1']);
    expect(fitLine('short', 40)).toEqual(['short']);
  });

  /** The words a shell reads from a command (bash, no expansion of the variables: they are printed as written). */
  const shellWords = (command: string): string[] => execFileSync('bash', ['-c', `printf '%s\\n' ${command.replace(/^curl /, '').replace(/\$/g, '\\$')}`], { encoding: 'utf8' }).split('\n');

  // 50: the narrowest unit of a curl line is `  -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" \` (48 columns).
  it.each([50, 60, 90])('off a terminal (log), a repro curl longer than %i columns: continued lines a shell reads as the same command', (width) => {
    const url = `http://127.0.0.1:41553/v1/Rooms/RM9e69595b47dbfe6841b5ce17d2f2bb36/Participants?Status=connected&DateCreatedAfter=2024-01-01T00:00:00Z&PageSize=50&Page=1&PageToken=PASPabcdefabcdefabcdef`;
    const command = `curl -sS -X POST '${url}' -u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN" --data 'Status=disconnected'`;
    const fitted = fitLine(`      repro:  ${command}`, width, 'log');
    expect(fitted[0]).toBe('      repro:');
    for (const l of fitted) expect(cells(l), l).toBeLessThanOrEqual(width);
    const lines = fitted.slice(1);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.slice(0, -1).every((l) => l.endsWith('\\'))).toBe(true);
    expect(lines.join('\n')).toContain('-u "$TWILIO_ACCOUNT_SID:$TWILIO_AUTH_TOKEN"');
    expect(shellWords(lines.join('\n'))).toEqual(shellWords(command));
    expect(shellWords(lines.join('\n'))).toContain(url);
    // On a terminal the command stays whole on its own line.
    expect(fitLine(`      repro:  ${command}`, width)).toEqual(['      repro:', command]);
  });

  it('off a terminal, the live line\'s case is wrapped in full, not shortened; unwrapLines reads it back', () => {
    const fitted = fitLine(LIVE.trimEnd(), 60, 'log');
    for (const l of fitted) expect(cells(l), l).toBeLessThanOrEqual(60);
    expect(fitted.join('\n')).not.toContain('…');
    expect(unwrapLines(fitted.join('\n'), 60).map(oneSpace)).toEqual([oneSpace(LIVE.trimEnd())]);
    // A short line before an indented one is not joined to it: it was not wrapped.
    expect(unwrapLines('✗ twilio-video.fetchRoomParticipant: 8 passed\n  ✗ P5dc3579b twilio-video.listRoomParticipants: x', 60)).toHaveLength(2);
  });

  it('a break that brings the target\'s `::` to the start of a line is neutralised (the runner reads no workflow command)', () => {
    const f = fakeConsole({ isTTY: false }, { COLUMNS: '60' });
    f.con.print(`  ✗ P5dc3579b twilio-video.listRoomParticipants: /status holds the value ${'x'.repeat(20)} ::error::pwned ##[error]again\n`);
    const lines = f.out().split('\n');
    expect(lines.length).toBeGreaterThan(2);
    for (const line of lines) expect(couldBeWorkflowCommand(line), line).toBe(false);
    expect(lines.some((l) => l.trimStart().startsWith('\\::error::pwned'))).toBe(true);
  });
});

/** The CLI under a pseudo-terminal of `columns` columns: util-linux `script` (skipped where it is missing). */
function underTerminal(args: string[], columns: number, env: Record<string, string>): Promise<CliResult> {
  const command = `stty cols ${columns} rows 50 2>/dev/null; exec ${[process.execPath, path.join(ROOT, 'bin/rollcall.js'), ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ')}`;
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', NODE_OPTIONS: '', TERM: 'xterm-256color' };
  return new Promise((resolve) => {
    execFile('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...base, ...env }, timeout: 170_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const hasScript = (() => {
  try {
    return /util-linux/.test(execFileSync('script', ['--version'], { encoding: 'utf8' }));
  } catch {
    return false;
  }
})();

/** The first call starts `start`; every call gets its one promise. */
function once<T>(start: () => Promise<T>): () => Promise<T> {
  let started: Promise<T> | undefined;
  return () => (started ??= start());
}

/** The environment of a live run against `mock` (its fixtures' credentials, a room with connected and disconnected participants), with the Video base URL `videoBaseUrl`. */
function liveEnv(mock: RunningMock, videoBaseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  const f = mock.fixtures();
  return {
    ...extra,
    TWILIO_ACCOUNT_SID: f.twilio.accountSid,
    TWILIO_AUTH_TOKEN: f.twilio.authToken,
    ROLLCALL_TWILIO_ROOM_SID: f.twilio.rooms.find((room) => room.participants.connected > 1 && room.participants.disconnected > 0)!.sid,
    ROLLCALL_TWILIO_VIDEO_BASE_URL: videoBaseUrl,
  };
}

/** One case of each list operation: what a run's wiring needs where the suites' whole output is not the point. */
const ONE_CASE = 'first page, no parameters';
const PTY_COLUMNS = 90;
const PIPE_COLUMNS = 80;
/** How long the slow sandbox holds each answer: its run reads about a dozen, so that it lasts well over the 10 s between progress lines. */
const SLOW_MS = 1_000;
/** Insights with a fault: one suite, the quickest run that fails (with --grep ONE_CASE: 3 cases, 2 of them failed). */
const INSIGHTS = ['run', '--api', 'twilio-insights', '--faults', 'enum-drift'];
const NONE = 'reports: none written; add --report-dir DIR for the HTML, JSON, JUnit and Markdown reports';
const CONSOLE_BODY = JSON.stringify({ participants: [{ sid: 'PA1', status: 'bogus', room_sid: 'RM123' }], meta: { page: 0, page_size: 50, first_page_url: `https://video.twilio.com/v1/Rooms/RM${'0'.repeat(32)}/Participants?PageSize=50&Page=0&Status=connected&DateCreatedAfter=2024-01-01T00:00:00Z`, next_page_url: 'x', key: 'participants' } });
const COMMANDS: Array<[string, string[]]> = [
  ['validate', ['validate', '--operation', 'twilio-video.listRoomParticipants']],
  ['lint', ['lint', 'test/fixtures/lint/rollcall-enum-ref.yaml']],
  ['diff', ['diff', 'specs/twilio-video.v1.yaml', 'test/fixtures/diff/vendor-style.json']],
];
/** As test/safety/hostile-output.test.ts: every payload as a field value and name, and as a status. */
const PAYLOADS = ['a\u001b[2J\u001b[31mred', 'o\u001b]0;pwned title\u0007', 'c1\u009b31m', 'del\u007f', 'safe\rFAKE LINE', 'v\n::error::pwned', '::warning file=x::bare', 'mid ##[error]pwned', 'bidi\u202Etxt.exe', '\u001b[32m✓ P00000000 fake'];

/**
 * The file's child processes, each started once and awaited by the tests that read it. They all start
 * together when the file does (the root beforeAll): most of their time is a wait (the slow sandbox's
 * held answers, a Node start, a pty), which they spend side by side rather than one after another.
 */
const runs = {
  pty: once(async () => {
    const dir = tmpDir('console-tty');
    // One run: NO_COLOR on a terminal (no colour, the status line still drawn) is the console's own rule, proven on
    // the fake terminal above ('colours the marks and headings; NO_COLOR ...'); that the CLI hands the console the
    // environment is proven by the pipe run below, where NO_COLOR wins over FORCE_COLOR.
    // One case, not the suite: the status line is drawn when a case starts, and the lines it prints are fitted as any.
    const coloured = await underTerminal([...INSIGHTS, '--grep', ONE_CASE, '--report-dir', dir], PTY_COLUMNS, {});
    return { dir, coloured };
  }),
  pipe: once(async () => {
    const dir = tmpDir('console-pipe');
    // NO_COLOR wins over FORCE_COLOR; COLUMNS narrows the lines off a terminal (the default of 120 when COLUMNS is
    // empty or not a number is consoleWidth's, above). The cases where both faults show first (the schema.enum of
    // the first page, the next-page loop of a walk), not the whole suite: every problem's line is printed either way.
    const twoFaults = await rollcall(['run', '--api', 'twilio-video', '--faults', 'enum-drift,next-page-loop', '--grep', `${ONE_CASE}|walk every page at PageSize=50`, '--report-dir', dir], { NO_COLOR: '1', FORCE_COLOR: '1', COLUMNS: String(PIPE_COLUMNS) });
    return { dir, twoFaults };
  }),
  commands: once(async () => {
    const body = path.join(tmpDir('console-validate'), 'body.json');
    fs.writeFileSync(body, CONSOLE_BODY);
    return Promise.all(COMMANDS.map(([name, args]) => rollcall(name === 'validate' ? [...args, body] : args, { COLUMNS: '' })));
  }),
  /**
   * A slow and hostile live target in one run: the planting proxy behind a proxy that holds every answer
   * (rollcall -> slow -> hostile -> mock), FORCE_COLOR, no --report-dir.
   */
  slowHostile: once(async () => {
    const mock = await startMock();
    const hostile = await answeringProxy(mock.url, plant, () => undefined);
    const slow = await slowProxy(hostile.url, SLOW_MS);
    try {
      const started = Date.now();
      const r = await rollcall(['run', '--target', 'live', '--api', 'twilio-video', '--grep', 'walk every page at|Status=connected: walk every page'], liveEnv(mock, slow.url, { FORCE_COLOR: '1' }));
      return { r, seconds: (Date.now() - started) / 1000 };
    } finally {
      await slow.close();
      await hostile.close();
      await mock.close();
    }
  }),
};

beforeAll(() => {
  // Started, not awaited: the tests in process run meanwhile.
  if (hasScript) void runs.pty();
  void runs.pipe();
  void runs.commands();
  void runs.slowHostile();
});

describe.runIf(hasScript)('rollcall run under a pseudo-terminal', () => {
  let dir: string;
  let coloured: CliResult;

  beforeAll(async () => {
    ({ dir, coloured } = await runs.pty());
  }, 180_000);

  it('shows progress in place, fits every line to the width, colours, ends with where the reports are', () => {
    const r = coloured;
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    // The status line was drawn (and redrawn) with its counts, and colour was used.
    expect(r.stdout).toMatch(/\r\u001b\[2K(?:\u001b\[\d+m)*\d+\/\d+ cases, \d+ requests?, \d+ s │ listConferenceParticipants \d+\/\d+/);
    expect(r.stdout).toMatch(HAS_SGR);
    const shown = screen(r.stdout);
    for (const line of shown) if (!/^(curl|GET) /.test(line)) expect(cells(line), line).toBeLessThanOrEqual(PTY_COLUMNS);
    expect(shown.some((l) => / cases, \d+ requests?, \d+ s/.test(l)), 'no status line left behind').toBe(false);
    // The last line printed is the reports line (wrapped at the width: a path per line after the first).
    const reports = shown.findIndex((l) => l.startsWith('reports: '));
    expect(shown[reports]).toMatch(new RegExp(`^reports: ${path.join(dir, 'rollcall-report.html').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')},`));
    expect(shown.slice(reports + 1).every((l) => /^ {4}\/\S+[,]?$/.test(l) || l === ''), shown.slice(reports).join('\n')).toBe(true);
    expect(fs.existsSync(path.join(dir, 'rollcall-report.html'))).toBe(true);
    expect(shown).toContain('errors');
  });
});

describe('rollcall run in a pipe (CI)', () => {
  let twoFaults: CliResult;
  let dir: string;

  beforeAll(async () => {
    ({ dir, twoFaults } = await runs.pipe());
  }, 180_000);

  it('a two-fault run, COLUMNS=80: every line within 80 columns, no cursor control, no colour (NO_COLOR), ends with where the reports are', () => {
    const r = twoFaults;
    expect(r.code, r.stdout.slice(-2000)).toBe(1);
    expect(r.stdout).not.toMatch(CURSOR);
    expect(r.stdout).not.toContain('\u001b');
    // The run ended (on a machine so busy that the harness's timeout cut it short, the summary is missing).
    expect(r.stdout, r.stdout.slice(-1500)).toMatch(/^reports: /m);
    const lines = r.stdout.split('\n');
    expect(lines.length).toBeGreaterThan(40);
    for (const line of lines) expect(cells(line), line).toBeLessThanOrEqual(PIPE_COLUMNS);
    // Problems, their repro commands and the live lines' cases are all there, wrapped rather than cut.
    // (A repro command longer than the width is continued over lines, ` \\` at each end: joined back, one command.)
    expect(r.stdout.replace(/ \\\n\s*/g, ' ').replace(/'\\\n'/g, '')).toMatch(/^curl -sS 'http:\/\/127\.0\.0\.1:\d+\/v1\/Rooms\/RM\w+\/Participants.*/m);
    expect(r.stdout).not.toContain('(first in …');
    const text = unwrapLines(r.stdout, PIPE_COLUMNS);
    const reports = text.filter((l) => l.trim() !== '').pop() as string;
    expect(reports.startsWith(`reports: ${path.join(dir, 'rollcall-report.html')}, `), reports).toBe(true);
    for (const file of reports.slice('reports: '.length).split(', ')) expect(fs.existsSync(file), file).toBe(true);
    const report = JSON.parse(fs.readFileSync(path.join(dir, 'rollcall-report.json'), 'utf8')) as { problems: Array<{ id: string; firstCase?: string; fingerprint: { rule: string } }> };
    // Both faults showed: the undocumented status and the next page that leads back.
    expect(report.problems.map((p) => p.fingerprint.rule)).toEqual(expect.arrayContaining(['schema.enum', 'pagination.next-page-cycle']));
    for (const p of report.problems) expect(text.join('\n'), p.id).toContain(`${p.id} `);
    for (const p of report.problems) expect(text.some((l) => l.includes(p.id) && l.endsWith(`(first in ${p.firstCase})`)), p.id).toBe(true);
  });

});

describe('validate, lint and diff in a pipe: text fitted as a run\'s', () => {
  let commands: CliResult[];

  beforeAll(async () => {
    commands = await runs.commands();
  }, 120_000);

  it.each(COMMANDS.map(([name], i) => [name, i] as const))('%s: every line within 120 columns, and some had to be wrapped', (name, i) => {
    const r = commands[i] as CliResult;
    expect(r.code, r.stdout + r.stderr).toBe(1);
    for (const line of r.stdout.split('\n')) expect(cells(line), line).toBeLessThanOrEqual(120);
    expect(unwrapLines(r.stdout).some((line) => cells(line) > 120), name).toBe(true);
  });
});

/** A slow sandbox: a proxy on loopback that holds every answer of the mock `delayMs` before it forwards it. */
async function slowProxy(upstream: string, delayMs: number): Promise<{ url: string; close(): Promise<unknown> }> {
  const server = http.createServer((req, res) => {
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: { ...req.headers, host: req.headers.host } }, (up) => {
      setTimeout(() => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      }, delayMs);
    });
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

describe('a slow sandbox in a pipe (CI)', () => {
  it('prints a progress line every 10 s while it waits, from discovery on; no cursor control; without --report-dir it says none were written and how to get them', async () => {
    const { r, seconds } = await runs.slowHostile();
    expect(r.code, r.stdout.slice(-2000) + r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(CURSOR);
    // (FORCE_COLOR: the lines are read without rollcall's colour.)
    const progress = plain(r.stdout).split('\n').filter((l) => l.startsWith('… '));
    expect(progress.length, r.stdout).toBeGreaterThanOrEqual(1);
    // About one per 10 s of the run, never more.
    expect(progress.length).toBeLessThanOrEqual(Math.ceil(seconds / 10));
    for (const line of progress) expect(line).toMatch(/^… (preflight|discovery|loading the suites|\d+\/\d+ cases), \d+ requests?, \d+ s$/);
    expect(plain(r.stdout).trimEnd().split('\n').pop()).toBe(NONE);
  }, 180_000);
});

/** The hostile target's answers: every payload planted in each participant of a list, as a field value and name, and every other one's status. */
const plant = plantInParticipants(PAYLOADS);

describe('FORCE_COLOR in a pipe against a hostile target', () => {
  let run: CliResult;

  beforeAll(async () => {
    run = (await runs.slowHostile()).r;
  }, 180_000);

  it('every escape code on stdout is rollcall\'s colour of its own structure; the server\'s show as text', () => {
    expect(run.code, run.stdout.slice(-3000) + run.stderr).toBe(1);
    expect(run.stdout).toMatch(HAS_SGR);
    expect(run.stdout).not.toMatch(CURSOR);
    const lines = run.stdout.split('\n');
    for (const line of lines) {
      // Each line is its sanitised text with rollcall's colouring, nothing else.
      expect(line, JSON.stringify(line)).toBe(colourLine(plain(line), withColour));
      expect(forCiLog(plain(line)), JSON.stringify(line)).toBe(plain(line));
      expect(RAW_CONTROL.test(plain(line)), JSON.stringify(line)).toBe(false);
    }
    // The payloads are there, escaped (and the one that looks like a green check mark is not coloured).
    expect(run.stdout).toContain(forTerminal(PAYLOADS[0] as string));
    expect(run.stdout).toContain(forTerminal(PAYLOADS[9] as string));
    expect(run.stdout).not.toContain('\u001b[2J');
    expect(run.stdout).not.toContain(`${withColour.green('✓')} P00000000`);
  });
});
