/** A small seeded pseudo-random generator (mulberry32): the same seed always gives the same dataset. */
import type { SidSpec } from './schema-facts.js';

export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(values: readonly T[]): T {
    const value = values[this.int(0, values.length - 1)];
    if (value === undefined) throw new Error('rollcall mock: pick from an empty list');
    return value;
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  hex(digits: number): string {
    let out = '';
    for (let i = 0; i < digits; i++) out += this.int(0, 15).toString(16);
    return out;
  }

  /** A SID built from the schema's own prefix and length, checked against the schema's pattern. */
  sid(spec: SidSpec): string {
    const value = spec.prefix + this.hex(spec.hexDigits);
    if (!spec.pattern.test(value)) throw new Error(`rollcall mock: generated ${value} does not match ${spec.ref}`);
    return value;
  }

  /** An RFC 4122 version-4 UUID. */
  uuid(): string {
    const h = this.hex(32).split('');
    h[12] = '4';
    h[16] = (8 + this.int(0, 3)).toString(16);
    const s = h.join('');
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}
