/**
 * Folds exchanges, one at a time, into bounded per-field counters. Nothing of an exchange is kept
 * after add() returns: memory depends on the number of documented fields and on the caps in
 * DriftLimits, never on the number of exchanges or participants.
 */
import { loadSchemaFiles } from '../schemas.js';
import { loadOperations, specFiles, type OperationInfo } from '../catalog/specs.js';
import { escapeSegment } from '../json-pointer.js';
import { documentOperation, type DocNode, type DocumentedOperation } from './documented.js';
import { FieldStats, jsonType } from './field-stats.js';
import { DRIFT_RULES } from './rules/index.js';
import { DEFAULT_LIMITS, type DriftFinding, type DriftLimits, type DriftReport, type FieldReport, type OperationReport } from './types.js';

export interface DriftOptions {
  /** Spec files whose operations are documented (default: specs/*.yaml). */
  specs?: string[];
  /** The operations themselves (instead of `specs`). */
  operations?: OperationInfo[];
  limits?: Partial<DriftLimits>;
}

/** The part of an exchange drift reads: a recorded line or an Exchange both have it. */
export interface DriftExchange {
  operationId: string;
  response: { status: number; body: unknown };
}

interface UndocumentedEntry {
  stats: FieldStats;
  parent: DocNode;
}

class OperationState {
  exchanges = 0;
  analysed = 0;
  otherStatus = 0;
  notJson = 0;
  undocumentedOverflow = 0;
  readonly fields: FieldStats[];
  readonly undocumented = new Map<string, UndocumentedEntry>();

  constructor(readonly documented: DocumentedOperation, readonly limits: DriftLimits) {
    this.fields = documented.nodes.map((node) => new FieldStats(node, limits));
  }

  visit(node: DocNode, value: unknown): void {
    const stats = this.fields[node.id] as FieldStats;
    const type = jsonType(value);
    stats.observe(value, type);
    if (type === 'object') {
      const object = value as Record<string, unknown>;
      if (node.properties) {
        for (const key in object) {
          const child = node.properties.get(key);
          if (child) this.visit(child, object[key]);
          else this.undocumentedField(node, key, object[key]);
        }
      } else if (node.values) {
        for (const key in object) {
          stats.observeKey(key);
          this.visit(node.values, object[key]);
        }
      }
    } else if (type === 'array' && node.items) {
      for (const item of value as unknown[]) this.visit(node.items, item);
    }
  }

  private undocumentedField(parent: DocNode, key: string, value: unknown): void {
    const path = `${parent.path}/${escapeSegment(key)}`;
    let entry = this.undocumented.get(path);
    if (!entry) {
      if (this.undocumented.size >= this.limits.undocumentedPaths) {
        this.undocumentedOverflow++;
        return;
      }
      entry = { stats: new FieldStats(undefined, this.limits), parent };
      this.undocumented.set(path, entry);
    }
    entry.stats.observe(value, jsonType(value));
  }

  parentCount(node: DocNode, parent: DocNode | undefined): number {
    if (!parent) return this.analysed;
    const parentStats = this.fields[parent.id] as FieldStats;
    // Array items and map values are present whenever their container holds them.
    if (parent.items === node || parent.values === node) return (this.fields[node.id] as FieldStats).count;
    return parentStats.objectCount();
  }

  report(): OperationReport {
    const parents = new Map<DocNode, DocNode | undefined>([[this.documented.root, undefined]]);
    for (const node of this.documented.nodes) {
      for (const child of node.properties?.values() ?? []) parents.set(child, node);
      if (node.items) parents.set(node.items, node);
      if (node.values) parents.set(node.values, node);
    }
    const fields: FieldReport[] = this.documented.nodes.map((node) => ({
      path: node.path,
      documented: node.doc,
      observed: (this.fields[node.id] as FieldStats).toObserved(this.parentCount(node, parents.get(node))),
    }));
    const undocumented = [...this.undocumented.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [path, entry] of undocumented) {
      fields.push({ path, documented: null, observed: entry.stats.toObserved((this.fields[entry.parent.id] as FieldStats).objectCount()) });
    }
    return {
      id: this.documented.operation.id,
      exchanges: this.exchanges,
      analysed: this.analysed,
      skipped: { otherStatus: this.otherStatus, notJson: this.notJson },
      status: this.documented.status,
      schemaRef: this.documented.schemaRef,
      fields,
      undocumentedOverflow: this.undocumentedOverflow,
    };
  }

  size(): number {
    let n = this.undocumented.size;
    for (const f of this.fields) n += f.size();
    for (const e of this.undocumented.values()) n += e.stats.size();
    return n;
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const bySeverity = { error: 0, warning: 1, info: 2 } as const;

/** Runs every drift rule over the fields of each operation; findings sorted by operation, path, rule. */
export function findingsOf(operations: OperationReport[]): DriftFinding[] {
  const out: DriftFinding[] = [];
  for (const op of operations) {
    if (op.analysed === 0) continue;
    for (const field of op.fields) {
      for (const rule of DRIFT_RULES) {
        for (const f of rule.run(field)) out.push({ rule: rule.id, severity: rule.severity, operation: op.id, ...f });
      }
    }
  }
  return out.sort((a, b) => a.operation.localeCompare(b.operation) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || bySeverity[a.severity] - bySeverity[b.severity] || a.rule.localeCompare(b.rule));
}

export class DriftAggregator {
  private readonly states = new Map<string, OperationState>();
  private readonly limits: DriftLimits;
  private exchanges = 0;
  private malformed = 0;
  private readonly unknownOperations = new Map<string, number>();
  private unknownOverflow = 0;

  constructor(options: DriftOptions = {}) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    const files = loadSchemaFiles();
    const operations = options.operations ?? loadOperations(files, options.specs ?? specFiles());
    for (const operation of operations) {
      const documented = documentOperation(operation, files);
      if (documented) this.states.set(operation.id, new OperationState(documented, this.limits));
    }
  }

  /** Adds one exchange (an Exchange, or a parsed line of a recording). Returns false when it is not an exchange. */
  add(exchange: DriftExchange | unknown): boolean {
    this.exchanges++;
    if (!isRecord(exchange) || typeof exchange.operationId !== 'string' || !isRecord(exchange.response) || typeof exchange.response.status !== 'number') {
      this.malformed++;
      return false;
    }
    const state = this.states.get(exchange.operationId);
    if (!state) {
      const n = this.unknownOperations.get(exchange.operationId);
      if (n !== undefined) this.unknownOperations.set(exchange.operationId, n + 1);
      else if (this.unknownOperations.size < this.limits.unknownOperations) this.unknownOperations.set(exchange.operationId, 1);
      else this.unknownOverflow++;
      return true;
    }
    state.exchanges++;
    if (exchange.response.status !== state.documented.status) {
      state.otherStatus++;
      return true;
    }
    let body = exchange.response.body;
    if (typeof body === 'string') {
      try {
        body = JSON.parse(body);
      } catch {
        state.notJson++;
        return true;
      }
    }
    if (body === undefined) {
      state.notJson++;
      return true;
    }
    state.analysed++;
    state.visit(state.documented.root, body);
    return true;
  }

  /** Counts a line that could not be parsed at all. */
  addMalformed(): void {
    this.exchanges++;
    this.malformed++;
  }

  /** Entries held by every counter: bounded by the documented fields and the caps, whatever was added. */
  stateSize(): number {
    let n = this.unknownOperations.size;
    for (const s of this.states.values()) n += s.size();
    return n;
  }

  report(sources: string[] = []): DriftReport {
    const states = [...this.states.values()].sort((a, b) => a.documented.operation.id.localeCompare(b.documented.operation.id));
    const operations = states.filter((s) => s.exchanges > 0).map((s) => s.report());
    const notObserved = states.filter((s) => s.exchanges === 0).map((s) => s.documented.operation.id);
    const findings = findingsOf(operations);
    const unknownOperations = Object.fromEntries([...this.unknownOperations.entries()].sort(([a], [b]) => a.localeCompare(b)));
    if (this.unknownOverflow > 0) unknownOperations['(others)'] = this.unknownOverflow;
    return {
      tool: 'rollcall drift',
      version: 1,
      sources,
      totals: {
        exchanges: this.exchanges,
        analysed: operations.reduce((n, o) => n + o.analysed, 0),
        malformed: this.malformed,
        unknownOperations,
        notObserved,
      },
      operations,
      findings,
      summary: {
        errors: findings.filter((f) => f.severity === 'error').length,
        warnings: findings.filter((f) => f.severity === 'warning').length,
        infos: findings.filter((f) => f.severity === 'info').length,
      },
    };
  }
}
