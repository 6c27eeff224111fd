/**
 * Loads rollcall's Spectral ruleset from its data file, specs/rules/rollcall.spectral.yaml,
 * mapping the names in it to code: `spectral:oas` to the standard OpenAPI ruleset, and each
 * `then.function` to our function of that name (src/lint/functions/) or to a core Spectral function.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Ruleset, type RulesetFunction } from '@stoplight/spectral-core';
import * as spectralFunctions from '@stoplight/spectral-functions';
import { oas } from '@stoplight/spectral-rulesets';
import { SPECS_DIR } from '../paths.js';
import { RULE_FUNCTIONS } from './functions/index.js';
import { isObject, type JsonObject } from './schema-nodes.js';

export const RULESET_FILE = path.join(SPECS_DIR, 'rules', 'rollcall.spectral.yaml');

/** The rulesets a ruleset file may extend, by the name it uses for them. */
const EXTENDABLE: Readonly<Record<string, object>> = { 'spectral:oas': oas };

/** Our rule ids: stable, kebab-case, prefixed (DESIGN.md, "A violation"). */
const RULE_ID = /^rollcall-[a-z0-9]+(?:-[a-z0-9]+)*$/;

// `any`: Spectral types a function's input and options per function; a registry of functions
// with different options can only be typed with the loosest instance (Spectral's own IRuleThen does the same).
type AnyRulesetFunction = RulesetFunction<any, any>;

function coreFunctions(): Map<string, AnyRulesetFunction> {
  const out = new Map<string, AnyRulesetFunction>();
  for (const [name, value] of Object.entries(spectralFunctions)) {
    if (name !== 'default' && typeof value === 'function') out.set(name, value as AnyRulesetFunction);
  }
  return out;
}

function fail(file: string, where: string, message: string): never {
  throw new Error(`rollcall lint: ruleset ${file}: ${where}: ${message}`);
}

function mapExtends(file: string, value: unknown): unknown {
  const entries = Array.isArray(value) ? value : [value];
  const known = Object.keys(EXTENDABLE).join(', ');
  return entries.map((entry, i) => {
    const [name, severity] = Array.isArray(entry) ? entry : [entry, undefined];
    const ruleset = typeof name === 'string' ? EXTENDABLE[name] : undefined;
    if (ruleset === undefined) fail(file, `extends[${i}]`, `unknown ruleset ${JSON.stringify(name)}; known: ${known}`);
    return severity === undefined ? ruleset : [ruleset, severity];
  });
}

function mapThen(file: string, ruleId: string, then: unknown, functions: Map<string, AnyRulesetFunction>): unknown {
  if (!isObject(then)) fail(file, `rules.${ruleId}.then`, 'must be an object or a list of objects');
  const name = then.function;
  const fn = typeof name === 'string' ? functions.get(name) : undefined;
  if (fn === undefined) {
    fail(file, `rules.${ruleId}.then.function`, `unknown function ${JSON.stringify(name)}; known: ${[...functions.keys()].sort().join(', ')}`);
  }
  return { ...then, function: fn };
}

function mapRules(file: string, rules: unknown): JsonObject {
  if (rules === undefined) return {};
  if (!isObject(rules)) fail(file, 'rules', 'must be a mapping of rule id to rule');
  const functions = new Map([...coreFunctions(), ...Object.entries(RULE_FUNCTIONS)]);
  const out: JsonObject = {};
  for (const [id, rule] of Object.entries(rules)) {
    // A bare severity (`info-contact: off`) adjusts a rule of an extended ruleset.
    if (!isObject(rule)) {
      out[id] = rule;
      continue;
    }
    if (!('then' in rule)) fail(file, `rules.${id}`, 'a rule needs `given` and `then`');
    if (!RULE_ID.test(id)) fail(file, `rules.${id}`, 'a rule id is kebab-case and starts with `rollcall-`');
    const then = Array.isArray(rule.then) ? rule.then.map((t) => mapThen(file, id, t, functions)) : mapThen(file, id, rule.then, functions);
    // The function's message is the message: without this Spectral would show the description instead.
    out[id] = { message: '{{error}}', ...rule, then };
  }
  return out;
}

function describeRulesetError(err: unknown): string {
  if (err instanceof AggregateError) return err.errors.map(describeRulesetError).join('; ');
  if (err instanceof Error) {
    const where = 'path' in err && Array.isArray(err.path) && err.path.length > 0 ? `${err.path.join('.')}: ` : '';
    return where + err.message;
  }
  return String(err);
}

const cache = new Map<string, Ruleset>();

/** The ruleset of `file` (default: specs/rules/rollcall.spectral.yaml), built once per process. */
export function loadRuleset(file: string = RULESET_FILE): Ruleset {
  const cached = cache.get(file);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`rollcall lint: cannot read ruleset ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (err) {
    throw new Error(`rollcall lint: ruleset ${file} is not valid YAML: ${(err as Error).message}`);
  }
  if (!isObject(data)) fail(file, '(root)', 'must be a mapping with `extends` and/or `rules`');
  const definition: JsonObject = { ...data, rules: mapRules(file, data.rules) };
  if ('extends' in data) definition.extends = mapExtends(file, data.extends);
  let ruleset: Ruleset;
  try {
    ruleset = new Ruleset(definition, { severity: 'recommended', source: file });
  } catch (err) {
    throw new Error(`rollcall lint: invalid ruleset ${file}: ${describeRulesetError(err)}`);
  }
  cache.set(file, ruleset);
  return ruleset;
}
