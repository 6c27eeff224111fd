/**
 * One way out for untrusted text. Everything a target sent (values, field names, header values,
 * bodies, URLs, error messages that quote them) reaches a human or a CI channel only through one
 * function of this file, one per channel; machine formats (the JSON report, recordings) keep the
 * exact value and never come here.
 *
 * - Terminal: control and invisible characters are shown as escapes (`\u001b`, `\r`, `\n`, `\t`):
 *   C0, DEL, C1 (U+009B is a one-byte CSI), format characters (bidi overrides and isolates,
 *   zero-width characters, soft hyphen, tag characters), line and paragraph separators, lone
 *   surrogates, noncharacters and every other default-ignorable code point. Ordinary text passes unchanged.
 *   Backslashes are not doubled: a server's literal `\u001b` reads the same as an escaped ESC here,
 *   and the JSON report keeps which one it was.
 * - CI log (a GitHub runner reads stdout line by line): the terminal escaping, and a line that a
 *   runner could take as a workflow command is neutralised. The runner (actions/runner,
 *   src/Runner.Common/ActionCommand.cs) takes `::name ...::data` when the line starts with `::`
 *   after TrimStart(), and the legacy `##[name ...]data` anywhere in the line; both compare with
 *   .NET's culture-sensitive StartsWith/IndexOf, which skip ignorable characters (a zero-width space
 *   or a soft hyphen between the two colons still matches). So the neutraliser never inserts an
 *   invisible character: it puts a visible backslash before the first `:` or the second `#`, and
 *   the invisible characters an attacker could hide between them are already shown as escapes.
 * - GitHub annotations: the terminal escaping, then the runner's own data/property encoding.
 * - Markdown (the step summary, the Markdown report): the terminal escaping, HTML's five characters
 *   as entities and every ASCII punctuation character of Markdown's syntax backslash-escaped; or a
 *   code span whose fence no run of backticks inside can close.
 * - HTML and XML (the HTML report, JUnit): the terminal escaping, then the markup's own escaping.
 */

/** Characters never written raw to a human channel: controls, format, separators, lone surrogates, default-ignorables, noncharacters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;
/** The same set, line feeds excepted (text whose line breaks rollcall wrote itself). */
const INVISIBLE_BUT_LF = /(?!\n)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}\p{Noncharacter_Code_Point}]/gu;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCodePoint(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const cp = ch.codePointAt(0) as number;
  return cp > 0xffff ? `\\u{${cp.toString(16)}}` : `\\u${cp.toString(16).padStart(4, '0')}`;
}

export interface SanitizeOptions {
  /**
   * Keep line feeds (`\n`) raw: for a block whose line breaks rollcall wrote itself (e.g. a body
   * excerpt it pretty-printed, whose strings JSON already escaped). Every other character is
   * escaped as usual, CR included. Default false: untrusted text is one line.
   */
  multiline?: boolean;
}

/** Untrusted text for a terminal (console lines, the summary, --verbose, `validate` text output). */
export function forTerminal(text: string, options: SanitizeOptions = {}): string {
  return String(text).replace(options.multiline ? INVISIBLE_BUT_LF : INVISIBLE, escapeCodePoint);
}

/**
 * Whether a GitHub runner could read this one line as a workflow command: `::` at its start after
 * whitespace, or `##[` anywhere. Combining marks are treated as ignorable too (a culture-sensitive
 * comparison may skip them), so the test errs on the side of "yes".
 */
export function couldBeWorkflowCommand(line: string): boolean {
  return V2_COMMAND.test(line) || LEGACY_COMMAND.test(line);
}
const V2_COMMAND = /^[\s\p{M}]*:\p{M}*:/u;
const LEGACY_COMMAND = /#\p{M}*#\p{M}*\[/u;
const LEGACY_COMMAND_ALL = /#(\p{M}*)#(\p{M}*)\[/gu;

function neutraliseLine(line: string): string {
  let out = line.replace(LEGACY_COMMAND_ALL, (_m, a: string, b: string) => `#${a}\\#${b}[`);
  const v2 = V2_COMMAND.exec(out);
  if (v2) {
    const colon = v2[0].indexOf(':');
    out = `${out.slice(0, colon)}\\${out.slice(colon)}`;
  }
  return out;
}

/**
 * Untrusted text for a CI log (stdout or stderr of a run under GitHub Actions): forTerminal, and no
 * line of the result can start a workflow command. With `multiline`, each line is checked.
 */
export function forCiLog(text: string, options: SanitizeOptions = {}): string {
  const safe = forTerminal(text, options);
  return options.multiline ? safe.split('\n').map(neutraliseLine).join('\n') : neutraliseLine(safe);
}

/** An annotation's message (`::error title=...::MESSAGE`): forTerminal, then the runner's data encoding. */
export function forAnnotationData(text: string): string {
  return forTerminal(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** An annotation property (`title=...`, `file=...`): forAnnotationData plus `:` and `,`. */
export function forAnnotationProperty(text: string): string {
  return forAnnotationData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** A value for a `name=value` line of GITHUB_OUTPUT or GITHUB_ENV: one line, nothing invisible. */
export function forGithubFile(value: string): string {
  return forTerminal(value);
}

const HTML_ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** ASCII punctuation Markdown (CommonMark + GFM tables, strikethrough) gives a meaning to: escaped with a backslash. */
const MARKDOWN_SYNTAX = /[\\`*_{}[\]()#+\-.!|~:]/g;

/**
 * Untrusted text inline in Markdown (a table cell, a list item, a heading): one line, no HTML (the
 * five characters as entities) and no Markdown syntax (backslash-escaped), so it renders as the
 * text itself: no tag, link, image, emphasis, code span, table cell break or heading.
 */
export function forMarkdown(text: string): string {
  return forTerminal(text)
    .replace(MARKDOWN_SYNTAX, (c) => `\\${c}`)
    .replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

/**
 * Untrusted text as a Markdown code span: fenced by more backticks than the longest run inside, so
 * nothing inside can close it; `|` is still escaped (GFM splits table cells before code spans).
 * Code spans render their content literally: no HTML, no entity.
 */
export function forMarkdownCode(text: string): string {
  const safe = forTerminal(text).replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  if (safe === '') return '` `';
  // A space inside the fence when the content starts or ends with a backtick (CommonMark strips one).
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** Untrusted text in HTML, as element content or a quoted attribute value. */
export function forHtml(text: string, options: SanitizeOptions = {}): string {
  return forTerminal(text, options).replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] as string);
}

/** Untrusted text in XML (JUnit), as element content or a quoted attribute value; the result is always valid XML 1.0. */
export function forXml(text: string, options: SanitizeOptions = {}): string {
  return forTerminal(text, options).replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : (HTML_ENTITIES[c] as string)));
}
