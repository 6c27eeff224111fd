import type { Check } from '../check.js';
import { isApi } from '../check.js';
import type { Finding } from '../../types.js';
import { perResource, query } from '../util.js';
import { time, utcDate } from '../../timestamps.js';

/** A filter whose items must carry exactly the asked value in one field. */
export function equalsFilter(spec: { id: string; api: string; param: string; field: string }): Check {
  return {
    id: spec.id,
    severity: 'error',
    description: `Every item returned with ${spec.param}=X has ${spec.field} equal to X.`,
    appliesTo: isApi(spec.api),
    run(exchange, context) {
      if (exchange.response.status !== 200) return [];
      const asked = query(context, spec.param);
      if (asked === undefined) return [];
      return perResource(exchange, context, (value, at) =>
        value[spec.field] === asked
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

/** Twilio's DateCreatedAfter / DateCreatedBefore: inclusive bounds on a timestamp field. */
export function timestampBoundFilter(spec: { id: string; api: string; param: string; field: string; bound: 'after' | 'before' }): Check {
  return {
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
        const when = time(value[spec.field]);
        const ok = when !== undefined && (spec.bound === 'after' ? when >= bound : when <= bound);
        if (ok) return undefined;
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

/** A date filter check, with the filter it judges (`name` of filter[name]) and the item field it reads. */
export type DateFilterCheck = Check & { readonly filter: { readonly name: string; readonly field: string } };

/** Telnyx's deepObject date filters: filter[NAME][eq|gte|lte]=YYYY-MM-DD on the UTC date of a timestamp field. */
export function dateFilter(spec: { id: string; name: string; field: string }): DateFilterCheck {
  const ops = { eq: (d: string, v: string) => d === v, gte: (d: string, v: string) => d >= v, lte: (d: string, v: string) => d <= v };
  return {
    filter: { name: spec.name, field: spec.field },
    id: spec.id,
    severity: 'error',
    description: `Every item returned with filter[${spec.name}][eq|gte|lte]=D has a ${spec.field} whose UTC date satisfies it.`,
    appliesTo: isApi('telnyx'),
    run(exchange, context) {
      if (exchange.response.status !== 200) return [];
      const asked = (Object.keys(ops) as Array<keyof typeof ops>)
        .map((op) => ({ op, value: query(context, `filter[${spec.name}][${op}]`) }))
        .filter((a): a is { op: keyof typeof ops; value: string } => a.value !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(a.value));
      if (asked.length === 0) return [];
      return perResource(exchange, context, (value, at): Finding[] => {
        const date = utcDate(value[spec.field]);
        const failed = asked.filter((a) => date === undefined || !ops[a.op](date, a.value));
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
