/** --write-baseline: a run's violations as a baseline document. */
import fs from 'node:fs';
import path from 'node:path';
import type { Violation } from '../types.js';
import { todayUtc, waiverCovers, waiverExpired } from './classify.js';
import { BASELINE_SCHEMA_ID } from './load.js';
import { pathPattern } from './pattern.js';
import { problemId, ValueShapes } from '../findings/index.js';
import type { BaselineDocument, KnownViolation, Waiver } from './types.js';

/**
 * One known entry per problem of the report (operation, rule, path pattern, value shape: its
 * fingerprint, and its id), sorted so that a rewritten baseline diffs cleanly. Undocumented values are
 * named as the report names them (ValueShapes, in the order the cases came): past the named values of
 * a place, one `(other values)` entry, never an entry for a problem the report does not have. A
 * violation a waiver in force covers stays under its waiver (the waivers are carried over), so that it
 * keeps its expiry date; every other violation becomes known.
 */
export function writeBaseline(cases: ReadonlyArray<{ violations: ReadonlyArray<Violation> }>, options: { waivers?: Waiver[]; now?: Date } = {}): BaselineDocument {
  const now = options.now ?? new Date();
  const inForce = (options.waivers ?? []).filter((w) => !waiverExpired(w, todayUtc(now)));
  const entries = new Map<string, KnownViolation>();
  const shapes = new ValueShapes();
  for (const c of cases) {
    for (const v of c.violations) {
      // Every violation, waived ones too, names values: the problems of the report count them all.
      const fingerprint = shapes.fingerprint(v);
      if (v.baseline === 'waived' || inForce.some((w) => waiverCovers(w, v))) continue;
      // One entry per problem: its fingerprint, however many items and cases it touches.
      const entry: KnownViolation = { operation: v.operation, rule: v.rule, path: pathPattern(v.path), shape: fingerprint.shape, problem: problemId(fingerprint) };
      entries.set(`${entry.operation}\u0000${entry.rule}\u0000${entry.path}\u0000${entry.shape}`, entry);
    }
  }
  const known = [...entries.values()].sort((a, b) => a.operation.localeCompare(b.operation) || a.rule.localeCompare(b.rule) || a.path.localeCompare(b.path) || (a.shape ?? '').localeCompare(b.shape ?? ''));
  return { $schema: BASELINE_SCHEMA_ID, version: 1, generatedAt: now.toISOString(), known, waivers: options.waivers ?? [] };
}

/** Writes the baseline of these cases to `file`, keeping `waivers`; returns what it wrote. */
export function saveBaseline(file: string, cases: ReadonlyArray<{ violations: ReadonlyArray<Violation> }>, waivers?: Waiver[]): BaselineDocument {
  const doc = writeBaseline(cases, { waivers });
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(doc, null, 2) + '\n');
  return doc;
}
