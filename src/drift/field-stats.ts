/**
 * Counters of one field: constant size whatever the number of observations. Enum values and map
 * keys are counted up to a distinct cap (then only an overflow count grows); samples are capped.
 */
import type { DocNode } from './documented.js';
import { valueKey } from './documented.js';
import type { DriftLimits, JsonType, ObservedField } from './types.js';

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    case 'object':
      return Array.isArray(value) ? 'array' : 'object';
    default:
      // undefined, bigint, function: cannot come out of JSON.parse; counted as what JSON would make of them.
      return 'null';
  }
}

/** Whether a documented type list accepts an observed type (integer is a number; no type means any). */
export function typeAllowed(documented: readonly string[], observed: JsonType): boolean {
  if (documented.length === 0) return true;
  return documented.includes(observed) || (observed === 'integer' && documented.includes('number'));
}

/** A short, JSON-safe rendering of a sample value. */
function sampleOf(value: unknown): unknown {
  if (typeof value === 'string') return value.length > 120 ? value.slice(0, 120) + '…' : value;
  if (Array.isArray(value)) return `(array of ${value.length})`;
  if (value !== null && typeof value === 'object') return '(object)';
  return value;
}

function countCapped(map: Map<string, number>, key: string, cap: number): boolean {
  const n = map.get(key);
  if (n !== undefined) {
    map.set(key, n + 1);
    return true;
  }
  if (map.size >= cap) return false;
  map.set(key, 1);
  return true;
}

export class FieldStats {
  count = 0;
  nullCount = 0;
  readonly types = new Map<JsonType, number>();
  values?: Map<string, number>;
  valuesOverflow = 0;
  keys?: Map<string, number>;
  keysOverflow = 0;
  patternChecked = 0;
  patternHits = 0;
  formatChecked = 0;
  formatHits = 0;
  readonly samples: unknown[] = [];
  private readonly sampleKeys = new Set<string>();

  constructor(private readonly node: DocNode | undefined, private readonly limits: DriftLimits) {
    if (node?.enumKeys) {
      // Documented values are always counted, so that only undocumented values can overflow.
      this.values = new Map([...node.enumKeys].map((k) => [k, 0]));
    }
    if (node?.doc.shape === 'map') this.keys = new Map();
  }

  observe(value: unknown, type: JsonType): void {
    this.count++;
    this.types.set(type, (this.types.get(type) ?? 0) + 1);
    const node = this.node;
    if (!node) {
      // An undocumented field: a few of its values show what it is.
      if (type === 'null') this.nullCount++;
      this.sample(value);
      return;
    }
    if (type === 'null') {
      this.nullCount++;
      if (!node.doc.nullable) this.sample(value);
      return;
    }
    let offContract = !typeAllowed(node.doc.types, type);
    if (this.values) {
      const key = valueKey(value);
      if (!countCapped(this.values, key, Math.max(this.limits.distinctValues, node.enumKeys?.size ?? 0))) this.valuesOverflow++;
      if (!node.enumKeys?.has(key)) offContract = true;
    }
    if (type === 'string') {
      const text = value as string;
      if (node.patternRe) {
        this.patternChecked++;
        if (node.patternRe.test(text)) this.patternHits++;
        else offContract = true;
      }
      if (node.formatCheck) {
        this.formatChecked++;
        if (node.formatCheck(text)) this.formatHits++;
        else offContract = true;
      }
    }
    if (offContract) this.sample(value);
  }

  /** A key of a map field (`links`): counted, capped. */
  observeKey(key: string): void {
    if (this.keys && !countCapped(this.keys, key, this.limits.distinctValues)) this.keysOverflow++;
  }

  /** Occurrences as an object: the parent count of its properties. */
  objectCount(): number {
    return this.types.get('object') ?? 0;
  }

  private sample(value: unknown): void {
    if (this.samples.length >= this.limits.samples) return;
    const s = sampleOf(value);
    const key = JSON.stringify(s) ?? 'undefined';
    if (this.sampleKeys.has(key)) return;
    this.sampleKeys.add(key);
    this.samples.push(s);
  }

  /** How many entries the counters hold: what the bounded-memory test watches. */
  size(): number {
    return this.types.size + (this.values?.size ?? 0) + (this.keys?.size ?? 0) + this.samples.length;
  }

  toObserved(parentCount: number): ObservedField {
    const rate = (n: number, of: number) => (of === 0 ? 0 : Math.round((n / of) * 10000) / 10000);
    const observed: ObservedField = {
      count: this.count,
      parentCount,
      types: Object.fromEntries([...this.types.entries()].sort(([a], [b]) => a.localeCompare(b))),
      nullCount: this.nullCount,
      presenceRate: rate(this.count, parentCount),
      nullRate: rate(this.nullCount, this.count),
      samples: [...this.samples],
    };
    if (this.values) {
      observed.values = Object.fromEntries(this.values);
      observed.valuesOverflow = this.valuesOverflow;
    }
    if (this.keys) {
      observed.keys = Object.fromEntries([...this.keys.entries()].sort(([a], [b]) => a.localeCompare(b)));
      observed.keysOverflow = this.keysOverflow;
    }
    if (this.node?.patternRe) observed.pattern = { checked: this.patternChecked, hits: this.patternHits, hitRate: rate(this.patternHits, this.patternChecked) };
    if (this.node?.formatCheck) observed.format = { checked: this.formatChecked, hits: this.formatHits, hitRate: rate(this.formatHits, this.formatChecked) };
    return observed;
  }
}
