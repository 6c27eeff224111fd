/** A problem's title: one line that says what is wrong where, and names the rule. */
import type { Violation } from '../types.js';
import { NAMED_VALUES, OTHER_VALUES, type Fingerprint } from './fingerprint.js';

/** The title of a problem from its fingerprint and its first violation. */
export function problemTitle(f: Fingerprint, v: Pick<Violation, 'message'>): string {
  const where = f.pattern || '(body)';
  if (f.shape === OTHER_VALUES) return otherValuesTitle(f, undefined, []);
  if (f.shape.startsWith('"')) return `${where} holds the undocumented value ${f.shape} (${f.rule})`;
  if (f.rule === 'schema.required') return `${where} is missing (${f.rule})`;
  // The rule id is in every title: it names the file that holds the check (src/checks/<area>/<rule-id>.ts).
  return `${where}: ${v.message.replace(/\s+/g, ' ').slice(0, 160)} (${f.rule})`;
}

/**
 * The title of the problem that counts a place's values past the named ones: how many violations
 * carry them (`n`, once counted; a value sent twice counts twice) and its first few values.
 */
export function otherValuesTitle(f: Fingerprint, n: number | undefined, examples: readonly string[]): string {
  const where = f.pattern || '(body)';
  const quoted = examples.map((e) => JSON.stringify(e)).join(', ');
  const count = n === undefined ? 'other values' : `${n.toLocaleString('en-US')} other value${n === 1 ? '' : 's'}`;
  const more = n === undefined || n > examples.length ? ', …' : '';
  return `${where} holds undocumented values past the ${NAMED_VALUES} named (${count}${quoted ? `: ${quoted}${more}` : ''}) (${f.rule})`;
}
