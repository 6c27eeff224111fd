/**
 * Which schema rules judged a value: the compiled view of schemas/ (ajv.ts) carries, on each node that
 * validates, an `x-judges` marker naming the rules its keywords report (the keyword's row in
 * keywords.ts, or the node's `x-rule`, exactly as the adapter names their errors). Ajv runs the marker
 * wherever it applies the node to a present value of the keyword's kind; while `judging` runs, that
 * marks the rule as exercised. schemas/ itself is unchanged: the markers exist only in Ajv's copy.
 */
import { _, type CodeKeywordDefinition, type KeywordCxt, type Name } from 'ajv/dist/2020.js';
import type { JsonSchema } from '../schemas.js';
import { KEYWORD_ROWS } from './keywords.js';
import { annotatedRule } from './schema-rules.js';
import { RULE_KEYWORD } from './ajv.js';
import { refOf } from '../ref/resolver.js';

export const JUDGE_KEYWORD = 'x-judges';

/** The kind of value a keyword judges: a `pattern` judges strings only, `required` objects only. */
type ValueKind = 'any' | 'string' | 'number' | 'object' | 'array';
const KIND_OF: Record<string, ValueKind> = {
  required: 'object', additionalProperties: 'object', pattern: 'string', format: 'string', minLength: 'string', maxLength: 'string',
  minimum: 'number', maximum: 'number', minItems: 'array', type: 'any', enum: 'any', const: 'any',
};

/** A marker: [rule, kind] for each rule a node's keywords report. */
type Mark = [rule: string, kind: ValueKind];

/** The rules one node's keywords report, as the adapter names their errors (adapter.ts fromError). */
export function marksOf(node: JsonSchema): Mark[] {
  const annotated = typeof node[RULE_KEYWORD] === 'string' ? annotatedRule(node[RULE_KEYWORD] as string) : undefined;
  const marks = new Map<string, Mark>();
  for (const keyword of Object.keys(node)) {
    const row = KEYWORD_ROWS[keyword];
    const kind = KIND_OF[keyword];
    if (!row || !kind) continue;
    // additionalProperties as a schema reports nothing itself (its children do).
    if (keyword === 'additionalProperties' && node[keyword] !== false) continue;
    const own = keyword === 'required' || keyword === 'additionalProperties' || keyword === 'type';
    const rule = annotated && !own ? annotated.id : row.rule;
    if (!rule) continue;
    const key = `${rule} ${kind}`;
    if (!marks.has(key)) marks.set(key, [rule, kind]);
  }
  return [...marks.values()];
}

const MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const ONE = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else', 'contains', 'propertyNames']);
const LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);

/** Visits every schema node of a schema document (never the data under enum, const, examples, default, x-*). */
function eachNode(schema: unknown, visit: (node: JsonSchema) => JsonSchema): unknown {
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) return schema;
  const node: JsonSchema = {};
  for (const [k, v] of Object.entries(schema as JsonSchema)) {
    if (MAPS.has(k) && v && typeof v === 'object') node[k] = Object.fromEntries(Object.entries(v as JsonSchema).map(([name, s]) => [name, eachNode(s, visit)]));
    else if (ONE.has(k)) node[k] = eachNode(v, visit);
    else if (LISTS.has(k) && Array.isArray(v)) node[k] = v.map((s) => eachNode(s, visit));
    else node[k] = v;
  }
  return visit(node);
}

/** A copy of a schema document with an `x-judges` marker on every node that validates. */
export function withJudgeMarks(schema: JsonSchema): JsonSchema {
  return eachNode(schema, (node) => {
    const marks = marksOf(node);
    return marks.length > 0 ? { ...node, [JUDGE_KEYWORD]: marks } : node;
  }) as JsonSchema;
}

/** The rules whose marker sits anywhere in a schema document (not following `$ref`). */
export function marksIn(schema: unknown): { rules: Set<string>; refs: string[] } {
  const rules = new Set<string>();
  const refs: string[] = [];
  eachNode(schema, (node) => {
    for (const [rule] of (node[JUDGE_KEYWORD] ?? []) as Mark[]) rules.add(rule);
    const ref = refOf(node);
    if (ref !== undefined) refs.push(ref);
    return node;
  });
  return { rules, refs };
}

/**
 * The recorder the compiled markers report to. Each compiled marker is a site `k`; the compiled code
 * tests the one byte `todo[k]` first: 0 outside `judging`, 1 from its start until every rule of the
 * site is recorded (the site then clears its byte), so a page's later items pay one load per node, as
 * when nothing records.
 */
const recorder = {
  rules: [] as string[],
  index: new Map<string, number>(),
  /** By rule: recorded in this validation. */
  seen: new Uint8Array(64) as Uint8Array,
  /** By site: some rule of its node is not recorded yet (all zero outside `judging`). */
  todo: new Uint8Array(256) as Uint8Array,
  sites: 0,
  on: false,
};

const grown = (a: Uint8Array, size: number): Uint8Array => {
  if (size <= a.length) return a;
  const b = new Uint8Array(Math.max(size, a.length * 2));
  b.set(a);
  return b;
};

const idOf = (rule: string): number => {
  let i = recorder.index.get(rule);
  if (i === undefined) {
    i = recorder.rules.push(rule) - 1;
    recorder.index.set(rule, i);
    recorder.seen = grown(recorder.seen, i + 1);
  }
  return i;
};

/** A new marker site (each compile of a node is its own); one compiled while a validation records (Ajv compiles on first use) starts as the others did. */
const newSite = (): number => {
  const k = recorder.sites++;
  recorder.todo = grown(recorder.todo, k + 1);
  if (recorder.on) recorder.todo[k] = 1;
  return k;
};

const KIND_TEST = {
  any: () => _`true`,
  string: (d: Name) => _`typeof ${d} == "string"`,
  number: (d: Name) => _`typeof ${d} == "number"`,
  object: (d: Name) => _`${d} && typeof ${d} == "object" && !Array.isArray(${d})`,
  array: (d: Name) => _`Array.isArray(${d})`,
} as const;

/** The marker as Ajv compiles it: inline code, one test of a byte per node while nothing records or once its node's rules are recorded. */
export const judgeKeyword: CodeKeywordDefinition = {
  keyword: JUDGE_KEYWORD,
  schemaType: 'array',
  code(cxt: KeywordCxt) {
    const { gen, data } = cxt;
    const rec = gen.scopeValue('keyword', { ref: recorder });
    const marks = (cxt.schema as Mark[]).map(([rule, kind]) => [idOf(rule), kind] as const);
    if (marks.length === 0) return;
    const k = newSite();
    gen.if(_`${rec}.todo[${k}]`, () => {
      for (const [i, kind] of marks) gen.if(_`!${rec}.seen[${i}] && (${KIND_TEST[kind](data)})`, () => gen.code(_`${rec}.seen[${i}] = 1`));
      const all = marks.map(([i]) => _`${rec}.seen[${i}]`).reduce((x, y) => _`${x} && ${y}`);
      gen.if(all, () => gen.code(_`${rec}.todo[${k}] = 0`));
    });
  },
};

/** Runs `validate` (synchronous, as Ajv's functions are) and returns, beside its result, the schema rules that judged a value during it. */
export function judging<T>(validate: () => T): { result: T; rules: string[] } {
  if (recorder.on) throw new Error('rollcall: judging() does not nest: one validation records at a time');
  recorder.on = true;
  recorder.todo.fill(1, 0, recorder.sites);
  try {
    const result = validate();
    const rules: string[] = [];
    for (let i = 0; i < recorder.rules.length; i++) if (recorder.seen[i]) rules.push(recorder.rules[i] as string);
    return { result, rules };
  } finally {
    recorder.on = false;
    recorder.todo.fill(0);
    recorder.seen.fill(0);
  }
}
