/** Reading query and form parameters strictly: a bad value is a 400 (an ApiProblem), never a guess. */
import type { ApiError } from './errors.js';
import type { IntegerBounds } from './schema-facts.js';

/** Thrown by a handler to answer with the vendor's error body; the app's error handler sends it. */
export class ApiProblem extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
    this.name = 'ApiProblem';
  }
}

export function badRequest(message: string, parameter?: string): ApiProblem {
  return new ApiProblem({ status: 400, message, ...(parameter === undefined ? {} : { parameter }) });
}

export function notFound(message: string): ApiProblem {
  return new ApiProblem({ status: 404, message });
}

/** A parsed query string or form body: fastify gives a string, or an array for a repeated name. */
export type Params = Record<string, unknown>;

/** The value of `name` (the first one when repeated), or undefined. */
export function single(params: unknown, name: string): string | undefined {
  if (params === null || typeof params !== 'object') return undefined;
  const value = (params as Params)[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' ? first : undefined;
}

const DIGITS = /^[0-9]{1,16}$/;

/** An integer within the schema's bounds, its default when absent; otherwise a 400 naming the bounds. */
export function boundedInteger(raw: string | undefined, bounds: IntegerBounds, name: string): number {
  if (raw === undefined) return bounds.default;
  const value = DIGITS.test(raw) ? Number(raw) : NaN;
  const inRange =
    Number.isSafeInteger(value) && value >= bounds.minimum && (bounds.maximum === undefined || value <= bounds.maximum);
  if (!inRange) {
    const range = bounds.maximum === undefined ? `at least ${bounds.minimum}` : `between ${bounds.minimum} and ${bounds.maximum}`;
    throw badRequest(`${name} must be an integer ${range}, not '${raw.slice(0, 40)}'.`, name);
  }
  return value;
}

/** One of the schema's enum values, or a 400 listing them. */
export function enumValue(raw: string, allowed: readonly string[], name: string): string {
  if (!allowed.includes(raw)) throw badRequest(`${name} must be one of ${allowed.join(', ')}, not '${raw.slice(0, 40)}'.`, name);
  return raw;
}
