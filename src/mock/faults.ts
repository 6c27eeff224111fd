/**
 * Named deviations from the contract. Each breaks exactly one documented promise, so a suite can prove
 * that the check named by `rule` catches it. Every fault is deterministic: counters, never randomness.
 * Which APIs a fault touches is not written here: fault-reach.ts finds it by trying the fault on the mock.
 */

export interface FaultInfo {
  name: string;
  /** The promise it breaks, in one sentence. */
  breaks: string;
  /** The rollcall rule id that should catch it. */
  rule: string;
  /** Every rule id that catches it, when it breaks the promise in more than one vendor's way (`rule` first). */
  rules: readonly string[];
}

function fault(name: string, breaks: string, rule: string, more: string[] = []): FaultInfo {
  return Object.freeze({ name, breaks, rule, rules: Object.freeze([rule, ...more]) });
}

export const FAULTS: ReadonlyArray<FaultInfo> = Object.freeze([
  fault('bad-sid-pattern', 'Twilio SIDs match ^XX[0-9a-fA-F]{32}$ (every third item gets a lower-case prefix)', 'twilio.sid-pattern'),
  fault('enum-drift', 'Twilio enum fields only take documented values (Video status, Insights call_status)', 'schema.enum'),
  fault('missing-field', 'every required field is present (Video date_updated, Insights processing_state, Telnyx updated_at)', 'schema.required'),
  fault('type-change', 'fields keep their documented type (Video start_time and Telnyx joined_at become epoch numbers, Insights duration_seconds a string)', 'schema.type'),
  fault('undocumented-field', 'items carry only documented fields (one extra field per vendor)', 'drift.undocumented-field'),
  fault('page-size-ignored', 'the requested page size is used and echoed (PageSize, page[size])', 'pagination.page-size-echo'),
  fault('next-page-loop', 'next_page_url is null on the last page (it points back to the first page)', 'pagination.next-page-cycle'),
  fault('duplicate-across-pages', 'a walk over every page returns each item once (Twilio pages overlap by one item; Telnyx pages shift as after an insert)', 'pagination.duplicate-item'),
  fault('dropped-item', 'a walk over every page returns every item (one item falls between the first two pages)', 'pagination.missing-item'),
  fault('filter-ignored', 'filters are applied (Twilio Status, Telnyx filter[context] are ignored)', 'filter.status', ['filter.context']),
  fault('meta-inconsistent', 'paging meta is consistent (Telnyx total_pages is one too many, Twilio meta.page is not the requested Page)', 'telnyx.total-pages', ['pagination.page-echo']),
  fault('wrong-content-type', 'responses are served as application/json (text/plain instead)', 'http.content-type'),
  fault('error-format', 'errors use the vendor error body ({error, status} instead)', 'http.error-shape'),
  fault('server-error-burst', 'the API answers (the first requests to each path get 503 and 500)', 'http.availability'),
  fault('rate-limited', 'requests are not throttled (every other request to a path gets 429 with Retry-After, a few times)', 'http.rate-limited'),
  fault('rate-limited-no-retry-after', 'requests are not throttled (as rate-limited, but the 429 has no Retry-After: Twilio documents none on 20429; Telnyx sends x-ratelimit-reset)', 'http.rate-limited'),
  fault('slow', 'responses are prompt (each is delayed)', 'http.slow'),
]);

export const FAULT_NAMES: readonly string[] = FAULTS.map((f) => f.name);

export interface FaultSettings {
  /** `slow`: delay of every response, ms. */
  slowMs: number;
  /** `server-error-burst`: how many requests to each path fail before the path recovers. */
  burstLength: number;
  /** `rate-limited`: how many 429s each path gives at most. */
  rateLimitCount: number;
  /** `rate-limited`: the Retry-After header, seconds. */
  retryAfterSeconds: number;
}

export const DEFAULT_FAULT_SETTINGS: Readonly<FaultSettings> = Object.freeze({
  slowMs: 300,
  burstLength: 3,
  rateLimitCount: 3,
  retryAfterSeconds: 1,
});

export class UnknownFaultError extends Error {
  constructor(readonly unknown: string[]) {
    super(`unknown fault${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; valid faults: ${FAULT_NAMES.join(', ')}`);
    this.name = 'UnknownFaultError';
  }
}

/** Trims, drops empty names and duplicates; throws UnknownFaultError naming the valid faults. */
export function parseFaultNames(names: readonly string[]): string[] {
  const wanted = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
  const unknown = wanted.filter((n) => !FAULT_NAMES.includes(n));
  if (unknown.length > 0) throw new UnknownFaultError(unknown);
  return wanted;
}

/** What happens to one request before its handler runs. */
export type Interference =
  | { kind: 'none' }
  | { kind: 'server-error'; status: 500 | 503 }
  /** retryAfterSeconds undefined: the 429 carries no Retry-After header. */
  | { kind: 'rate-limited'; retryAfterSeconds: number | undefined };

/** The active faults and the per-path counters the stateful ones need. */
export class FaultState {
  readonly active: ReadonlySet<string>;
  readonly settings: Readonly<FaultSettings>;
  private readonly requestsByPath = new Map<string, number>();
  private readonly limitedByPath = new Map<string, number>();

  constructor(names: readonly string[], settings: Partial<FaultSettings> = {}) {
    this.active = new Set(parseFaultNames(names));
    this.settings = Object.freeze({ ...DEFAULT_FAULT_SETTINGS, ...settings });
  }

  has(name: string): boolean {
    return this.active.has(name);
  }

  /** Counts a request to `path` and says whether a stateful fault answers it instead of the handler. */
  interfere(path: string): Interference {
    const limiting = this.has('rate-limited') || this.has('rate-limited-no-retry-after');
    if (!this.has('server-error-burst') && !limiting) return { kind: 'none' };
    const n = (this.requestsByPath.get(path) ?? 0) + 1;
    this.requestsByPath.set(path, n);
    if (this.has('server-error-burst') && n <= this.settings.burstLength) {
      return { kind: 'server-error', status: n % 2 === 1 ? 503 : 500 };
    }
    if (limiting && n % 2 === 0) {
      const limited = this.limitedByPath.get(path) ?? 0;
      if (limited < this.settings.rateLimitCount) {
        this.limitedByPath.set(path, limited + 1);
        const retryAfterSeconds = this.has('rate-limited') ? this.settings.retryAfterSeconds : undefined;
        return { kind: 'rate-limited', retryAfterSeconds };
      }
    }
    return { kind: 'none' };
  }

  reset(): void {
    this.requestsByPath.clear();
    this.limitedByPath.clear();
  }
}

/** How the item-level faults deform one operation's items. */
export interface ItemFaultProfile {
  /** Field holding a Twilio SID (bad-sid-pattern); none for Telnyx. */
  sidField?: string;
  /** Field holding an enum value and a value outside that enum (enum-drift); none for Telnyx. */
  enumDrift?: { field: string; value: string; enumValues: readonly string[] };
  missingField: string;
  typeChange: { field: string; change: (value: unknown) => unknown };
  undocumentedField: { field: string; value: unknown };
}

/** Item faults hit every third item (the first of every page included), as partial drift does. */
export function applyItemFaults(item: Record<string, unknown>, index: number, faults: FaultState, profile: ItemFaultProfile): void {
  if (faults.active.size === 0 || index % 3 !== 0) return;
  if (faults.has('bad-sid-pattern') && profile.sidField) {
    const sid = item[profile.sidField];
    if (typeof sid === 'string') item[profile.sidField] = sid.slice(0, 2).toLowerCase() + sid.slice(2);
  }
  if (faults.has('enum-drift') && profile.enumDrift) {
    if (profile.enumDrift.enumValues.includes(profile.enumDrift.value)) {
      throw new Error(`rollcall mock: enum-drift value ${profile.enumDrift.value} is now documented; pick another`);
    }
    item[profile.enumDrift.field] = profile.enumDrift.value;
  }
  if (faults.has('type-change')) {
    const { field, change } = profile.typeChange;
    item[field] = change(item[field]);
  }
  if (faults.has('undocumented-field')) item[profile.undocumentedField.field] = profile.undocumentedField.value;
  if (faults.has('missing-field')) delete item[profile.missingField];
}
