/**
 * Keys are data: a body's keys, `__proto__` and `constructor` included, are copied as own properties
 * and never change the behaviour of rollcall's own objects. `out[k] = v` with k = "__proto__" sets the
 * copy's prototype instead of a key (the key vanishes from the copy, its recording and its replay);
 * Object.defineProperty always makes an own data property, as JSON.parse does.
 */

/** Sets `key` on `target` as an own, enumerable data property, whatever the key is. */
export function setKey<T>(target: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Whether `key` is an own property of `value` (never one inherited from Object.prototype). */
export function hasKey(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

/** The value of own key `key`, or undefined: `body.constructor` and `body.__proto__` are never Object's. */
export function ownValue(value: object, key: string): unknown {
  return hasKey(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * A deep copy of a JSON value with every key kept, each string passed through `mapString` (the
 * identity when omitted), objects as plain objects (the shape JSON.parse gives), arrays as arrays.
 */
export function copyJson<T>(value: T, mapString: (s: string) => string = (s) => s): T {
  if (typeof value === 'string') return mapString(value) as T;
  if (Array.isArray(value)) return value.map((v) => copyJson(v, mapString)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) setKey(out, k, copyJson(v, mapString));
    return out as T;
  }
  return value;
}
