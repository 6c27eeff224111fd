/**
 * The facts of schemas/ that a TypeScript file writes again, read from its syntax tree (the
 * TypeScript compiler's parser), not from its text: every string literal, no-substitution template
 * literal and template part (head, middle, tail) is looked at; comments are not code and are never
 * read; module specifiers (`import … from './timeout.js'`) name files, not values.
 *
 * A string holds a fact when it is one (an enum or const value, a pattern, a SID prefix), or, inside a
 * longer string, where the spelling still is the value:
 * - a SID prefix followed by hex digits (`RM0123…`), or ending a template part that a substitution
 *   continues (`/Rooms/RM${hex}`): a SID written by hand;
 * - an enum value as a whole word (`-`, `_` and a `.` inside a name are part of a word: `http.timeout`,
 *   `in-progress`, `timeout.js` are not `timeout`) in a string without whitespace (a URL, a query, a
 *   key: `?Status=connected`, `client:support`), or after `=` anywhere (`the Status=connected list`).
 *   Prose that uses the word (`connected participants`) is not a value.
 */
import ts from 'typescript';
import type { SchemaFile } from '../../src/schemas.js';

export interface Facts {
  /** Every enum and const value, pattern and SID prefix: a string equal to one is a repeat. */
  exact: Set<string>;
  /** Enum values, matched as whole words inside longer strings (see above). */
  words: Set<string>;
  /** SID prefixes (`RM`, `PA`…), matched before hex digits inside longer strings. */
  prefixes: Set<string>;
}

/** The facts schemas/ states: enum and const values, patterns, and the two-letter prefix of a SID pattern. */
export function schemaFacts(files: readonly SchemaFile[]): Facts {
  const facts: Facts = { exact: new Set(), words: new Set(), prefixes: new Set() };
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(visit);
    if (!n || typeof n !== 'object') return;
    for (const [k, v] of Object.entries(n)) {
      if (k === 'enum' && Array.isArray(v)) {
        for (const x of v) {
          if (typeof x !== 'string') continue;
          facts.exact.add(x);
          if (/^[A-Za-z][A-Za-z0-9_-]*$/.test(x)) facts.words.add(x);
        }
      } else if (k === 'const' && typeof v === 'string') facts.exact.add(v);
      else if (k === 'pattern' && typeof v === 'string') {
        facts.exact.add(v);
        const prefix = /^\^([A-Z]{2})\[/.exec(v)?.[1];
        if (prefix) {
          facts.exact.add(prefix);
          facts.prefixes.add(prefix);
        }
      } else visit(v);
    }
  };
  files.forEach((f) => visit(f.schema));
  return facts;
}

export interface LiteralFact {
  fact: string;
  /** 1-based line of the literal. */
  line: number;
  /** The literal's text (a template part's own text). */
  text: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word's left edge: not after a letter, digit, `_`, `-` or `.`. Its right edge: no such character follows, and no `.` that a name goes on after. */
const word = (w: string) => `(?<![A-Za-z0-9_.-])${escape(w)}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`;

/** The facts one string holds (see the file's comment). */
export function factsInString(text: string, facts: Facts, options: { beforeSubstitution?: boolean } = {}): string[] {
  if (facts.exact.has(text)) return [text];
  const out = new Set<string>();
  for (const p of facts.prefixes) {
    const before = new RegExp(`(?<![A-Za-z0-9])${escape(p)}(?=[0-9a-fA-F]*[0-9])[0-9a-fA-F]+(?![A-Za-z0-9])`);
    const ending = new RegExp(`(?<![A-Za-z0-9])${escape(p)}$`);
    if (before.test(text) || (options.beforeSubstitution && ending.test(text))) out.add(p);
  }
  const token = !/\s/.test(text);
  for (const w of facts.words) {
    if ((token && new RegExp(word(w)).test(text)) || new RegExp(`=${word(w)}`).test(text)) out.add(w);
  }
  return [...out].sort();
}

function isModuleSpecifier(node: ts.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if ((ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent)) && parent.moduleSpecifier === node) return true;
  if (ts.isExternalModuleReference(parent)) return true;
  // import('./x.js') and `import('./x.js').T` in a type.
  if (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword) return true;
  if (ts.isLiteralTypeNode(parent) && parent.parent && ts.isImportTypeNode(parent.parent)) return true;
  return false;
}

/** Every fact of schemas/ that a TypeScript source writes in a string, with its line. */
export function literalFacts(code: string, fileName: string, facts: Facts): LiteralFact[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const out: LiteralFact[] = [];
  const visit = (node: ts.Node): void => {
    let text: string | undefined;
    let beforeSubstitution = false;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
    else if (ts.isTemplateHead(node) || ts.isTemplateMiddle(node)) {
      text = node.text;
      beforeSubstitution = true;
    } else if (ts.isTemplateTail(node)) text = node.text;
    if (text !== undefined && !isModuleSpecifier(node)) {
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      for (const fact of factsInString(text, facts, { beforeSubstitution })) out.push({ fact, line, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}
