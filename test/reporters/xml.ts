/**
 * A small, strict XML 1.0 well-formedness parser for the JUnit report's tests (no dependency, no
 * regular expression): one root element, matched tags, quoted and unique attributes, only the
 * predefined and numeric entity references, no raw `<` or `&` in text. Throws with the offset of
 * the first error; returns the element tree.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: Array<XmlElement | string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isNameChar(c: string, first: boolean): boolean {
  const code = c.charCodeAt(0);
  const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || c === '_' || c === ':' || code > 127;
  return first ? letter : letter || (code >= 48 && code <= 57) || c === '-' || c === '.';
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\n' || c === '\t' || c === '\r';

export function parseXml(text: string): XmlElement {
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`XML not well-formed at offset ${i}: ${what} (near ${JSON.stringify(text.slice(Math.max(0, i - 30), i + 30))})`);
  };
  const skipSpace = (): void => {
    while (isSpace(text[i])) i++;
  };
  const expect = (s: string): void => {
    if (!text.startsWith(s, i)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const name = (): string => {
    const start = i;
    if (i >= text.length || !isNameChar(text[i] as string, true)) fail('expected a name');
    while (i < text.length && isNameChar(text[i] as string, false)) i++;
    return text.slice(start, i);
  };
  const reference = (): string => {
    expect('&');
    const end = text.indexOf(';', i);
    if (end < 0 || end - i > 10) fail('unterminated entity reference');
    const ref = text.slice(i, end);
    i = end + 1;
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    const value = ENTITIES[ref];
    if (value === undefined) fail(`unknown entity &${ref};`);
    return value as string;
  };
  const skipMisc = (): void => {
    for (;;) {
      skipSpace();
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else return;
    }
  };
  const element = (): XmlElement => {
    expect('<');
    const el: XmlElement = { name: name(), attrs: {}, children: [] };
    for (;;) {
      const before = i;
      skipSpace();
      if (text.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (text[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const attr = name();
      if (attr in el.attrs) fail(`duplicate attribute ${attr}`);
      skipSpace();
      expect('=');
      skipSpace();
      const quote = text[i];
      if (quote !== '"' && quote !== "'") fail('expected a quoted attribute value');
      i++;
      let value = '';
      while (text[i] !== quote) {
        if (i >= text.length || text[i] === '<') fail('bad attribute value');
        value += text[i] === '&' ? reference() : text[i++];
      }
      i++;
      el.attrs[attr] = value;
    }
    let buffer = '';
    for (;;) {
      if (i >= text.length) fail(`unclosed <${el.name}>`);
      if (text.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        expect('>');
        if (buffer) el.children.push(buffer);
        return el;
      }
      if (text.startsWith('<![CDATA[', i)) {
        const end = text.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        buffer += text.slice(i + 9, end);
        i = end + 3;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i);
        if (end < 0) fail('unterminated comment');
        i = end + 3;
      } else if (text[i] === '<') {
        if (buffer) el.children.push(buffer);
        buffer = '';
        el.children.push(element());
      } else if (text[i] === '&') buffer += reference();
      else buffer += text[i++];
    }
  };
  skipMisc();
  const root = element();
  skipMisc();
  if (i !== text.length) fail('content after the root element');
  return root;
}

export function childElements(el: XmlElement, name?: string): XmlElement[] {
  return el.children.filter((c): c is XmlElement => typeof c !== 'string' && (name === undefined || c.name === name));
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
