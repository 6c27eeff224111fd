/** A problem's title: one line that says what is wrong where, and names the rule. */
import type { Violation } from '../types.js';
import type { Fingerprint } from './fingerprint.js';

/** The title of a problem from its fingerprint and its first violation. */
export function problemTitle(f: Fingerprint, v: Pick<Violation, 'message'>): string {
  const where = f.pattern || '(body)';
  if (f.shape.startsWith('"')) return `${where} holds the undocumented value ${f.shape} (${f.rule})`;
  if (f.rule === 'schema.required') return `${where} is missing (${f.rule})`;
  // The rule id is in every title: it names the file that holds the check (src/checks/<area>/<rule-id>.ts).
  return `${where}: ${v.message.replace(/\s+/g, ' ').slice(0, 160)} (${f.rule})`;
}
