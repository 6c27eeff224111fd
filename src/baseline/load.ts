/** Reading a baseline file: validated against its JSON Schema; every error names the file and the entry. */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../paths.js';
import type { Baseline, BaselineDocument } from './types.js';
import { valueAt } from '../json-pointer.js';
import { isoDate } from '../timestamps.js';

export const BASELINE_SCHEMA_FILE = path.join(SCHEMAS_DIR, 'config', 'rollcall.baseline.schema.json');
/** What --write-baseline puts in `$schema`: the schema as installed with the package. */
export const BASELINE_SCHEMA_ID = 'https://rollcall.dev/schemas/config/rollcall.baseline.schema.json';

/** A baseline file that cannot be used: the run stops before any request (exit 2). */
export class BaselineError extends Error {}

type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
let validator: Validator | undefined;

function validate(data: unknown): ErrorObject[] {
  validator ??= new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(fs.readFileSync(BASELINE_SCHEMA_FILE, 'utf8')) as object);
  return validator(data) ? [] : validator.errors ?? [];
}

/** The entry an error is about, as a reader finds it in the file: `/waivers/1 (waiver for RULE at PATH)`. */
function entryOf(data: unknown, instancePath: string): string {
  const m = /^\/(known|waivers)\/(\d+)/.exec(instancePath);
  if (!m) return instancePath || '(top level)';
  const list = (data as Record<string, unknown>)[m[1] as string] as unknown[];
  const entry = list[Number(m[2])] as Record<string, unknown> | undefined;
  const field = (name: string) => (typeof entry?.[name] === 'string' ? (entry[name] as string) : '?');
  const what = m[1] === 'waivers' ? `waiver for ${field('rule')} at ${field('path')}` : `known ${field('rule')} at ${field('path')}`;
  return `${m[0]} (${what})`;
}

function describeError(e: ErrorObject, data: unknown): string {
  const not = `, not ${JSON.stringify(valueAt(data, e.instancePath))}`;
  const field = e.instancePath.replace(/^\/(known|waivers)\/\d+/, '').replace(/^\//, '');
  const name = field ? `"${field}"` : 'the entry';
  switch (e.keyword) {
    case 'required':
      return `missing "${(e.params as { missingProperty: string }).missingProperty}"`;
    case 'additionalProperties':
      return `unknown field "${(e.params as { additionalProperty: string }).additionalProperty}"`;
    case 'const':
      return `${name} must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    case 'pattern':
      if (field === 'expires') return `"expires" must be a date YYYY-MM-DD${not}`;
      if (field === 'rule') return `"rule" must be a rule id (area.rule-name, e.g. twilio.sid-pattern)${not}`;
      if (field === 'operation') return `"operation" must be an operation id (e.g. twilio-video.listRoomParticipants)${not}`;
      if (field === 'path') return `"path" must be a JSON Pointer (/participants/*/sid), #status, #header/NAME or **${not}`;
      return `${name} does not match ${(e.params as { pattern: string }).pattern}${not}`;
    case 'type':
      return `${name} must be ${(e.params as { type: string }).type === 'array' ? 'an array' : `a ${(e.params as { type: string }).type}`}${not}`;
    case 'minLength':
      return `${name} must not be empty`;
    default:
      return `${name} ${e.message ?? e.keyword}`;
  }
}

/** A YYYY-MM-DD that names a real day (the schema checks only the shape). */
function isCalendarDate(text: string): boolean {
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && isoDate(d.getTime()) === text;
}

/** Validates a parsed baseline document; `file` names it in errors. */
export function parseBaseline(data: unknown, file: string): Baseline {
  const errors = validate(data);
  const problems = errors.map((e) => `${entryOf(data, e.instancePath)}: ${describeError(e, data)}`);
  // The schema checks the shape YYYY-MM-DD; a well-shaped day that does not exist (02-30) is caught here.
  const waivers = (data as { waivers?: unknown }).waivers;
  if (Array.isArray(waivers)) {
    waivers.forEach((w: unknown, i) => {
      const expires = (w as { expires?: unknown } | null)?.expires;
      if (typeof expires === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(expires) && !isCalendarDate(expires)) problems.push(`${entryOf(data, `/waivers/${i}`)}: "expires" is not a real date: "${expires}"`);
    });
  }
  if (problems.length > 0) throw new BaselineError(`${file} is not a valid rollcall baseline:\n  ${[...new Set(problems)].join('\n  ')}`);
  const doc = data as BaselineDocument;
  return { file, known: doc.known, waivers: doc.waivers };
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new BaselineError(`${file}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such baseline file (write one with rollcall run --write-baseline FILE)' : (err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new BaselineError(`${file} is not JSON: ${(err as Error).message}`);
  }
  return parseBaseline(data, file);
}

/** The baseline a file holds when it exists (--write-baseline keeps its waivers); an invalid one is refused rather than overwritten. */
export function existingBaseline(file: string): Baseline | undefined {
  return fs.existsSync(file) ? loadBaseline(file) : undefined;
}
