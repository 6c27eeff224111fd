import type { Check } from '../check.js';
import { isApi } from '../check.js';
import type { Finding } from '../../types.js';
import { perResource, query } from '../util.js';
import { time, utcDate } from '../../timestamps.js';

/**
 * The plumbing the filter rules share: reading the asked value, walking the resources, wording the
 * finding. Whether an item satisfies the filter is each rule's own `decide`, declared in the rule's
 * file and kept on the check (test/rule-files.test.ts holds it there).
 */

/** A filter on one field: `decide(value, asked)` says whether the item's value satisfies `param=asked`. */
export type EqualsFilterCheck = Check & { readonly decide: (value: unknown, asked: string) => boolean };
export function equalsFilter(spec: { id: string; api: string; param: string; field: string; decide: (value: unknown, asked: string) => boolean }): EqualsFilterCheck {
  return {
    decide: spec.decide,
    id: spec.id,
    severity: 'error',
    description: `Every item returned with ${spec.param}=X has ${spec.field} equal to X.`,
    appliesTo: isApi(spec.api),
    run(exchange, context) {
      if (exchange.response.status !== 200) return [];
      const asked = query(context, spec.param);
      if (asked === undefined) return [];
      return perResource(exchange, context, (value, at) =>
        spec.decide(value[spec.field], asked)
          ? undefined
          : {
              path: at(spec.field),
              expected: asked,
              actual: value[spec.field],
              message: `${spec.field} does not satisfy the filter ${spec.param}=${asked}.`,
              hint: `The API ignored or misapplied ${spec.param}; clients relying on it get foreign items.`,
            },
      );
    },
  };
}

/** Twilio's DateCreatedAfter / DateCreatedBefore: `decide(when, bound)` on the field's time and the asked one (ms; undefined: not a timestamp). */
export type TimestampBoundFilterCheck = Check & { readonly decide: (when: number | undefined, bound: number) => boolean };
export function timestampBoundFilter(spec: {
  id: string;
  api: string;
  param: string;
  field: string;
  bound: 'after' | 'before';
  decide: (when: number | undefined, bound: number) => boolean;
}): TimestampBoundFilterCheck {
  return {
    decide: spec.decide,
    id: spec.id,
    severity: 'error',
    description: `Every item returned with ${spec.param}=T has ${spec.field} ${spec.bound === 'after' ? '>=' : '<='} T.`,
    appliesTo: isApi(spec.api),
    run(exchange, context) {
      if (exchange.response.status !== 200) return [];
      const raw = query(context, spec.param);
      const bound = time(raw);
      if (bound === undefined) return [];
      return perResource(exchange, context, (value, at) => {
        if (spec.decide(time(value[spec.field]), bound)) return undefined;
        return {
          path: at(spec.field),
          expected: `${spec.bound === 'after' ? '>=' : '<='} ${raw}`,
          actual: value[spec.field],
          message: `${spec.field} is outside the filter ${spec.param}=${raw}.`,
          hint: `The API ignored or misapplied ${spec.param}.`,
        };
      });
    },
  };
}

/** The operators of a deepObject date filter: filter[NAME][eq|gte|lte]. */
export type DateFilterOp = 'eq' | 'gte' | 'lte';
const DATE_FILTER_OPS: readonly DateFilterOp[] = ['eq', 'gte', 'lte'];
/** Whether an item's UTC date (YYYY-MM-DD; undefined: not a timestamp) satisfies filter[NAME][op]=day. */
export type DateFilterDecision = (date: string | undefined, op: DateFilterOp, day: string) => boolean;

/** A date filter check, with the filter it judges (`name` of filter[name]) and the item field it reads. */
export type DateFilterCheck = Check & { readonly filter: { readonly name: string; readonly field: string }; readonly decide: DateFilterDecision };

/** Telnyx's deepObject date filters: filter[NAME][eq|gte|lte]=YYYY-MM-DD on the UTC date of a timestamp field. */
export function dateFilter(spec: { id: string; name: string; field: string; decide: DateFilterDecision }): DateFilterCheck {
  return {
    filter: { name: spec.name, field: spec.field },
    decide: spec.decide,
    id: spec.id,
    severity: 'error',
    description: `Every item returned with filter[${spec.name}][eq|gte|lte]=D has a ${spec.field} whose UTC date satisfies it.`,
    appliesTo: isApi('telnyx'),
    run(exchange, context) {
      if (exchange.response.status !== 200) return [];
      const asked = DATE_FILTER_OPS
        .map((op) => ({ op, value: query(context, `filter[${spec.name}][${op}]`) }))
        .filter((a): a is { op: DateFilterOp; value: string } => a.value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(a.value));
      if (asked.length === 0) return [];
      return perResource(exchange, context, (value, at): Finding[] => {
        const date = utcDate(value[spec.field]);
        const failed = asked.filter((a) => !spec.decide(date, a.op, a.value));
        return failed.map((a) => ({
          path: at(spec.field),
          expected: `${a.op} ${a.value}`,
          actual: value[spec.field],
          message: `${spec.field} does not satisfy filter[${spec.name}][${a.op}]=${a.value}.`,
          hint: `The API ignored or misapplied filter[${spec.name}][${a.op}].`,
        }));
      });
    },
  };
}
