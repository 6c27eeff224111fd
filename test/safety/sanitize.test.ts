/**
 * src/sanitize.ts: one function per human channel, each shown on hostile payloads (terminal escapes,
 * workflow commands, markup, bidi) and on ordinary text, which passes unchanged.
 */
import { describe, expect, it } from 'vitest';
import { couldBeWorkflowCommand, forAnnotationData, forAnnotationProperty, forCiLog, forGithubFile, forHtml, forMarkdown, forMarkdownCode, forTerminal, forXml } from '../../src/sanitize.js';

const ESC = '\u001b';

/** No character a terminal acts on or hides: C0, DEL, C1, format (bidi, zero-width, tags), separators. */
const RAW_CONTROL = /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\u{e0000}-\u{e007f}]/u;

const HOSTILE: Array<[string, string]> = [
  ['ESC CSI (clear screen, colour)', `${ESC}[2J${ESC}[31mred${ESC}[0m`],
  ['OSC window title', `${ESC}]0;pwned${ESC}\\ and ${ESC}]2;bell\u0007`],
  ['OSC 8 hyperlink', `${ESC}]8;;https://evil.example${ESC}\\click${ESC}]8;;${ESC}\\`],
  ['C1 CSI U+009B', '\u009b2J\u009b31m'],
  ['C1 NEL and OSC', 'a\u0085b\u009d0;title\u009c'],
  ['bare CR rewriting the line', 'all good\r  PASSED'],
  ['LF then a workflow command', 'value\n::error::injected'],
  ['DEL and NUL', 'a\u007fb\u0000c'],
  ['bidi override (Trojan source)', 'user\u202eexe.txt\u202c and \u2066isolate\u2069 \u200e\u200f'],
  ['zero-width and soft hyphen', ':\u200b:error::x \u00ad \ufeff \u2060'],
  ['tag characters (ASCII smuggling)', 'hi\u{e0041}\u{e0042}'],
  ['line and paragraph separators', 'a\u2028b\u2029c'],
  ['lone surrogate', 'a\ud800b'],
];

describe('forTerminal', () => {
  it.each(HOSTILE)('%s: no raw control or invisible character is left', (_name, payload) => {
    const out = forTerminal(payload);
    expect(out).not.toMatch(RAW_CONTROL);
    expect(out).not.toContain('\n');
    expect(out).not.toContain('\r');
  });

  it.each([
    [`${ESC}[31m`, '\\u001b[31m'],
    ['\u009b2J', '\\u009b2J'],
    ['a\rb\nc\td', 'a\\rb\\nc\\td'],
    ['\u202eabc', '\\u202eabc'],
    ['\u007f', '\\u007f'],
    ['x\u{e0041}', 'x\\u{e0041}'],
    ['a\ud800', 'a\\ud800'],
  ])('shows %j as %s', (payload, shown) => {
    expect(forTerminal(payload)).toBe(shown);
  });

  it.each([
    ['plain ASCII', 'RM123 does not match ^RM[0-9a-fA-F]{32}$ at /participants/0/room_sid'],
    ['accents, CJK and emoji', 'Zoë 会議 🎉 naïve'],
    ['a URL', 'https://video.twilio.com/v1/Rooms/RM1/Participants?PageSize=50&Page=1'],
    ['a literal backslash escape', 'a \\u001b b'],
  ])('leaves ordinary text unchanged: %s', (_name, text) => {
    expect(forTerminal(text)).toBe(text);
    expect(forCiLog(text)).toBe(text);
  });

  it('keeps rollcall\'s own line feeds with multiline, and escapes everything else', () => {
    expect(forTerminal(`{\n  "a": "x${ESC}y\ry"\n}`, { multiline: true })).toBe('{\n  "a": "x\\u001by\\ry"\n}');
  });
});

describe('forCiLog: no line a GitHub runner would read as a workflow command', () => {
  const commands: Array<[string, string]> = [
    ['::error::', '::error::injected'],
    ['::error with properties', '::error file=x.ts,line=1,title=t::injected'],
    ['::add-mask::', '::add-mask::secret'],
    ['::stop-commands::', '::stop-commands::token123'],
    ['::set-output', '::set-output name=x::y'],
    ['indented ::warning', '   \t::warning::x'],
    ['after NBSP and ideographic space', '\u00a0\u3000::notice::x'],
    ['after an LF in a value', 'ok\n::error::injected'],
    ['after a CR in a value', 'ok\r::error::injected'],
    ['zero-width space between the colons', ':\u200b:error::x'],
    ['soft hyphen before the colons', '\u00ad::error::x'],
    ['combining mark between the colons', ':\u0301:error::x'],
    ['legacy ##[error] mid-line', 'field name ##[error]injected'],
    ['legacy ##[set-env]', '##[set-env name=X;]1'],
    ['legacy with a zero-width joiner', '#\u200d#[error]x'],
    ['legacy with a combining mark', '#\u0300#[error]x'],
    ['triple hash', '###[error]x'],
  ];

  it.each(commands)('%s is neutralised', (_name, payload) => {
    const out = forCiLog(payload);
    expect(out).not.toContain('\n');
    for (const line of out.split(/\r\n|\r|\n/)) expect(couldBeWorkflowCommand(line), JSON.stringify(line)).toBe(false);
    expect(out).not.toMatch(RAW_CONTROL);
  });

  it.each([
    ['::error::x', '\\::error::x'],
    ['  ::add-mask::s', '  \\::add-mask::s'],
    ['a ##[error]b', 'a #\\#[error]b'],
  ])('shows %j visibly as %s', (payload, shown) => {
    expect(forCiLog(payload)).toBe(shown);
  });

  it('checks every line of a multiline block', () => {
    const out = forCiLog('first\n::error::x\n  ##[warning]y', { multiline: true });
    expect(out.split('\n')).toHaveLength(3);
    for (const line of out.split('\n')) expect(couldBeWorkflowCommand(line)).toBe(false);
  });

  it('leaves a mid-line :: alone (a runner reads it only at the start)', () => {
    expect(forCiLog('path /a::b and std::string')).toBe('path /a::b and std::string');
    expect(couldBeWorkflowCommand('path /a::b')).toBe(false);
  });
});

describe('GitHub annotations and files', () => {
  it('annotation data: one line, nothing invisible, the runner\'s encoding', () => {
    expect(forAnnotationData(`50% done\n::error::x${ESC}[2J`)).toBe('50%25 done\\n::error::x\\u001b[2J');
  });
  it('annotation property: also : and ,', () => {
    expect(forAnnotationProperty('/a:b,c\r')).toBe('/a%3Ab%2Cc\\r');
  });
  it('GITHUB_OUTPUT value: a line break cannot start another output', () => {
    expect(forGithubFile('x\nother=1\r\nEOF')).toBe('x\\nother=1\\r\\nEOF');
  });
});

describe('forMarkdown: renders as the text itself', () => {
  const payloads: Array<[string, string]> = [
    ['script tag', '<script>alert(1)</script>'],
    ['img onerror', '<img src=x onerror="alert(1)">'],
    ['a link', '[click](javascript:alert(1))'],
    ['an image', '![x](https://evil.example/pixel.png)'],
    ['backticks', '``code` and `more'],
    ['table cell break', 'a | b || c'],
    ['emphasis and headings', '# title *em* __strong__ ~~del~~'],
    ['entity', '&lt;script&gt; &amp;'],
    ['line break then a heading', 'x\n# heading'],
    ['terminal escape', `${ESC}[31mred`],
  ];

  it.each(payloads)('%s', (_name, payload) => {
    const out = forMarkdown(payload);
    expect(out).not.toMatch(/<[a-z/!]/i);
    expect(out).not.toMatch(/(^|[^\\])[`*_[\]()#|~!]/);
    expect(out).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#39;)/);
    expect(out).not.toContain('\n');
    expect(out).not.toMatch(RAW_CONTROL);
  });

  it.each([
    ['<b>x</b>', '&lt;b&gt;x&lt;/b&gt;'],
    ['a|b', 'a\\|b'],
    ['`x`', '\\`x\\`'],
    ['room_sid', 'room\\_sid'],
  ])('shows %j as %s', (payload, shown) => {
    expect(forMarkdown(payload)).toBe(shown);
  });

  it.each([
    ['x', '`x`'],
    ['a`b', '``a`b``'],
    ['``x```', '```` ``x``` ````'],
    ['a|b', '`a\\|b`'],
    ['<script>', '`<script>`'],
    ['', '` `'],
  ])('a code span for %j cannot be closed from inside: %s', (payload, shown) => {
    expect(forMarkdownCode(payload)).toBe(shown);
  });
});

describe('forHtml and forXml', () => {
  it.each([
    ['<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['<img src=x onerror="alert(\'1\')">', '&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;'],
    [`a\u202eb${ESC}`, 'a\\u202eb\\u001b'],
  ])('forHtml %j', (payload, shown) => {
    expect(forHtml(payload)).toBe(shown);
  });
  it('forXml is valid XML 1.0 for any input', () => {
    const out = forXml(`<a b='c'>\u0000\u0008\u001b\ufffe\ud800&`);
    expect(out).toBe('&lt;a b=&apos;c&apos;&gt;\\u0000\\u0008\\u001b\\ufffe\\ud800&amp;');
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/);
  });
});
