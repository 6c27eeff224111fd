/**
 * "This run vs the previous one": observations (fields, types, enum values) and findings that are
 * new or vanished. An operation this run did not analyse vanishes nothing: it was not looked at.
 */
import type { DriftComparison, DriftFinding, DriftReport, Observation } from './types.js';

export function observationsOf(report: DriftReport): Map<string, Observation> {
  const out = new Map<string, Observation>();
  const add = (o: Observation) => out.set(JSON.stringify([o.operation, o.path, o.kind, o.value ?? null]), o);
  for (const op of report.operations) {
    for (const field of op.fields) {
      if (field.observed.count === 0) continue;
      add({ operation: op.id, path: field.path, kind: 'field' });
      for (const [type, n] of Object.entries(field.observed.types)) if ((n ?? 0) > 0) add({ operation: op.id, path: field.path, kind: 'type', value: type });
      for (const [value, n] of Object.entries(field.observed.values ?? {})) if (n > 0) add({ operation: op.id, path: field.path, kind: 'value', value });
    }
  }
  return out;
}

type FindingKey = Pick<DriftFinding, 'rule' | 'severity' | 'operation' | 'path'>;

function findingKeys(report: DriftReport): Map<string, FindingKey> {
  const out = new Map<string, FindingKey>();
  for (const f of report.findings) out.set(JSON.stringify([f.rule, f.operation, f.path, f.actual]), { rule: f.rule, severity: f.severity, operation: f.operation, path: f.path });
  return out;
}

function difference<T>(a: Map<string, T>, b: Map<string, T>, keep: (t: T) => boolean = () => true): T[] {
  return [...a.entries()].filter(([k, v]) => !b.has(k) && keep(v)).map(([, v]) => v);
}

/** Throws, naming the file, when `previous` is not a drift report of this version. */
export function assertDriftReport(previous: unknown, file: string): asserts previous is DriftReport {
  const p = previous as Partial<DriftReport> | null;
  if (!p || typeof p !== 'object' || p.tool !== 'rollcall drift' || !Array.isArray(p.operations) || !Array.isArray(p.findings)) {
    throw new Error(`${file} is not a rollcall drift JSON report (write one with rollcall drift --format json --out FILE)`);
  }
  if (p.version !== 1) throw new Error(`${file} is a drift report of version ${String(p.version)}; this rollcall reads version 1`);
}

export function compareReports(current: DriftReport, previous: DriftReport, previousName: string): DriftComparison {
  const analysed = new Set(current.operations.filter((o) => o.analysed > 0).map((o) => o.id));
  const now = observationsOf(current);
  const before = observationsOf(previous);
  const nowFindings = findingKeys(current);
  const beforeFindings = findingKeys(previous);
  return {
    previous: previousName,
    newObservations: difference(now, before),
    vanishedObservations: difference(before, now, (o) => analysed.has(o.operation)),
    newFindings: difference(nowFindings, beforeFindings),
    resolvedFindings: difference(beforeFindings, nowFindings, (f) => analysed.has(f.operation)),
  };
}
