#!/usr/bin/env node
/**
 * Generates docs/rules.md, the catalogue of every rule rollcall can report, from the registry as the
 * compiled code holds it (dist/: run `npm run build` first, as for scripts/gen-config-types.mjs):
 * each rule's id, severity, kind, description, the operations it applies to, the file that holds
 * it, and, where the registry knows it, where its constraint comes from (the schemas/ node that
 * carries its x-rule annotation and that node's x-source: the seed line or specs/NOTES.md entry).
 *
 *   npm run gen:rules              write docs/rules.md
 *   npm run gen:rules -- --check   exit 1 if docs/rules.md differs from what the registry gives
 *
 * The rule list is the catalog's (`catalog.rules()`: keyword rules, x-rule rules, EXCHANGE_CHECKS,
 * the HTTP rules, MULTI_RULES with WALK_CHECKS, DRIFT_RULES). The file of a rule written in code is
 * the file that declares the function the registry calls to decide it (`deciders`, `declaringFiles`
 * below), not the file that merely names it; test/rule-files.test.ts holds that file to be the one
 * that defines `id: '<id>'`, named after the id. test/docs.test.ts regenerates and compares.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const RULES_DOC = path.join(ROOT, 'docs', 'rules.md');
/** Where a rule written in code is defined (test/rule-files.test.ts holds each id to one file here). */
export const RULE_DIRS = ['src/checks', 'src/drift/rules'];

const dist = (p) => import(pathToFileURL(path.join(ROOT, 'dist', p)).href);

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every .ts file under the rule folders, as paths from the repository root with `/` separators. */
export function ruleSourceFiles(root = ROOT) {
  return RULE_DIRS.flatMap((dir) =>
    fs
      .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
      .map((f) => `${dir}/${f.split(path.sep).join('/')}`)
      .sort(),
  );
}

/** The files that define `id` (an `id: '<id>'` property): exactly one for a rule written in code. */
export function definingFiles(id, files = ruleSourceFiles(), root = ROOT) {
  const defines = new RegExp(`\\bid:\\s*['"]${escapeRe(id)}['"]`);
  return files.filter((f) => defines.test(fs.readFileSync(path.join(root, f), 'utf8')));
}

/**
 * The rules whose registry rows are metadata only: the functions their callers call, as
 * [the module the callers import them from, export name]. A rule listed here whose function is
 * not declared in its own file fails test/rule-files.test.ts; a rule written in code that is in
 * no registry with a `run` and not here fails it too.
 */
export const CALLED = {
  'http.availability': [['src/checks/http/availability', 'availabilityFindings']], // src/run/probe.ts
  'http.rate-limited': [['src/checks/http/rate-limited', 'rateLimitedFinding']],
  'http.slow': [['src/checks/http/slow', 'slowFindings']],
  'http.timeout': [['src/checks/http/timeout', 'timeoutFinding'], ['src/checks/http/timeout', 'caseBudgetFinding']],
  'http.response-too-large': [['src/checks/http/response-too-large', 'responseTooLargeFinding']],
  'http.body-json': [['src/checks/http/rules', 'parseBody']], // src/catalog/catalog.ts
  'http.status-undocumented': [['src/checks/http/rules', 'statusUndocumentedFindings']],
  'http.content-type': [['src/checks/http/rules', 'contentTypeFindings']],
  'http.error-shape': [['src/checks/http/rules', 'asErrorShape']],
  'http.success-status-variant': [['src/checks/http/success-status-variant', 'successStatusVariantFindings']],
  'http.auth-required': [['src/checks/http/expected-status', 'authRequiredFindings']], // src/run/cases/
  'http.not-found': [['src/checks/http/expected-status', 'notFoundFindings']],
  'http.invalid-parameter': [['src/checks/http/expected-status', 'invalidParameterFindings']],
  'pagination.page-size-out-of-range': [['src/checks/multi', 'pageSizeOutOfRange']], // src/run/
  'pagination.page-size-clamped': [['src/checks/walk/page-size-clamped', 'pageSizeClamped']], // pageSizeOutOfRange
  'filter.partition': [['src/checks/multi', 'partition']],
  'consistency.fetch-matches-list': [['src/checks/multi', 'fetchMatchesList']],
  'consistency.identity-fetch': [['src/checks/multi', 'identityFetch']],
  'consistency.url-resolves': [['src/checks/multi', 'urlResolves']],
  'lifecycle.kick-sets-end': [['src/checks/multi', 'kickSetsEnd']],
  'lifecycle.kick-moves-filter': [['src/checks/multi', 'kickMovesFilter']],
  'lifecycle.second-kick': [['src/checks/multi', 'secondKick']],
  'filter.dropped-match': [['src/checks/filter/dropped-match', 'droppedMatches']], // src/run/cases/, src/explore/
  'proxy.request-refused': [['src/checks/proxy/request-refused', 'requestRefusedFinding']], // src/proxy/server.ts
};

/**
 * The functions that decide a rule written in code, from its registry in dist/: a row's `decide`
 * (the predicate a rule file passes to a shared factory, which only does the plumbing) or else its
 * `run`, for EXCHANGE_CHECKS, WALK_CHECKS and DRIFT_RULES; the CALLED functions for the rest.
 * Returns a Map from rule id to [{ name, fn }].
 */
export async function deciders() {
  const { EXCHANGE_CHECKS } = await dist('src/checks/index.js');
  const { WALK_CHECKS } = await dist('src/checks/walk/walk.js');
  const { DRIFT_RULES } = await dist('src/drift/rules/index.js');
  const out = new Map();
  for (const [registry, rows] of [['EXCHANGE_CHECKS', EXCHANGE_CHECKS], ['WALK_CHECKS', WALK_CHECKS], ['DRIFT_RULES', DRIFT_RULES]]) {
    for (const row of rows) {
      const key = typeof row.decide === 'function' ? 'decide' : 'run';
      out.set(row.id, [{ name: `${registry} ${row.id} .${key}`, fn: row[key] }]);
    }
  }
  for (const [id, list] of Object.entries(CALLED)) {
    if (out.has(id)) throw new Error(`rollcall: ${id} is both a registry row with run and in CALLED (scripts/gen-rules-doc.mjs)`);
    const fns = [];
    for (const [mod, name] of list) fns.push({ name: `${mod}.ts ${name}`, fn: (await dist(`${mod}.js`))[name] });
    out.set(id, fns);
  }
  return out;
}

/** Modules as declaringFiles reads them: each one's file (as reported), compiled text and exports. */
export async function loadModules(entries) {
  const modules = [];
  for (const { file, js } of entries) modules.push({ file, text: fs.readFileSync(js, 'utf8'), exports: await import(pathToFileURL(js).href) });
  return modules;
}

/** Every compiled module of the rule folders (dist/src/checks, dist/src/drift/rules), reported by its source path (src/….ts). */
export const compiledRuleModules = (root = ROOT) =>
  loadModules(ruleSourceFiles(root).map((file) => ({ file, js: path.join(root, 'dist', file.replace(/\.ts$/, '.js')) })));

/** What a module hands out: its exports, and the function-valued properties of its exported objects (a rule's `run`, `decide`). */
const handedOut = (exports) =>
  Object.values(exports).flatMap((v) => [v, ...(v && typeof v === 'object' ? Object.values(v).filter((p) => typeof p === 'function') : [])]);

/**
 * The files that declare `fn`: a module that hands `fn` out (by identity: an export, or a function
 * of an exported object) and whose compiled text holds the function's own text (a function's
 * toString is its exact source). A re-export (multi.ts's partition) holds the identity but not the
 * text; a closure made by a factory, or `run: helper` from another file, holds neither text; two
 * rule files with the same arrow hold the text but only one the identity. Exactly one file for a
 * function declared in a rule folder; none for one declared elsewhere.
 */
export function declaringFiles(fn, modules) {
  if (typeof fn !== 'function') return [];
  const text = Function.prototype.toString.call(fn);
  return modules.filter((m) => m.text.includes(text) && handedOut(m.exports).includes(fn)).map((m) => m.file);
}

/**
 * Which files declare the functions that decide each rule written in code: { id: [{ name, files }] }.
 * Function text is compared with the compiled files as Node loads them, so this runs in plain Node:
 * a module runner that rewrites imports (vitest) changes a function's text. ruleDecisionsOf runs it
 * in a child process from anywhere.
 */
export async function ruleDecisions(root = ROOT) {
  const modules = await compiledRuleModules(root);
  const out = {};
  for (const [id, list] of await deciders()) out[id] = list.map((d) => ({ name: d.name, files: declaringFiles(d.fn, modules) }));
  return out;
}

/** What every function the given compiled modules hand out is declared in: { 'file#export[.property]': [files] }. */
export async function moduleDeclarations(entries) {
  const modules = await loadModules(entries);
  const out = {};
  for (const m of modules) {
    for (const [name, value] of Object.entries(m.exports)) {
      if (typeof value === 'function') out[`${m.file}#${name}`] = declaringFiles(value, modules);
      else if (value && typeof value === 'object') {
        for (const [key, fn] of Object.entries(value)) if (typeof fn === 'function') out[`${m.file}#${name}.${key}`] = declaringFiles(fn, modules);
      }
    }
  }
  return out;
}

/** `node scripts/gen-rules-doc.mjs <flag> [js files...]` in a child process, its JSON answer parsed. */
function inPlainNode(flag, args = []) {
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), flag, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return JSON.parse(out);
}
/** ruleDecisions, from anywhere (a test runner included). */
export const ruleDecisionsOf = () => inPlainNode('--rule-decisions');
/** moduleDeclarations of the given .js files (reported by their paths from the repository root), from anywhere. */
export const moduleDeclarationsOf = (jsFiles) => inPlainNode('--declarations', jsFiles);

/** A cell of a Markdown table: no line break, no unescaped `|`. */
const cell = (s) => String(s).replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
const code = (s) => `\`${s}\``;

const KIND = { schema: 'schema', check: 'check', http: 'http', drift: 'drift' };

/** The text of docs/rules.md, from the compiled registry. */
export async function generateRulesDoc() {
  const { createCatalog } = await dist('src/catalog/catalog.js');
  const { EXCHANGE_CHECKS } = await dist('src/checks/index.js');
  const { WALK_CHECKS } = await dist('src/checks/walk/walk.js');
  const { MULTI_RULES } = await dist('src/checks/multi-rules.js');
  const { ANNOTATED_RULES, annotatedNodes } = await dist('src/catalog/schema-rules.js');
  const { KEYWORD_ROWS } = await dist('src/catalog/keywords.js');
  const { documentOf, sourceText, SOURCE_KEYWORD } = await dist('src/findings/provenance.js');
  const { valueAt } = await dist('src/json-pointer.js');

  const catalog = createCatalog();
  const rules = catalog.rules();
  const operations = catalog.operations;
  const nodes = annotatedNodes(catalog.schemaFiles);
  const decisions = ruleDecisionsOf();
  const byId = (list) => new Map(list.map((r) => [r.id, r]));
  const exchange = byId(EXCHANGE_CHECKS);
  const walk = byId(WALK_CHECKS);
  const multi = byId(MULTI_RULES);

  const keywordsOf = (id) => Object.entries(KEYWORD_ROWS).filter(([, row]) => row.rule === id).map(([k]) => k);
  const annotated = (id) => ANNOTATED_RULES.some((r) => r.id === id);

  /** The files that hold the rule, as links from docs/. */
  const whereOf = (r) => {
    const out = [];
    if (r.source === 'schema') out.push(annotated(r.id) ? 'src/catalog/schema-rules.ts' : 'src/catalog/keywords.ts');
    for (const f of new Set((decisions[r.id] ?? []).flatMap((d) => d.files))) if (!out.includes(f)) out.push(f);
    return out.map((f) => `[${code(f)}](../${f})`).join('<br>') || '(not found)';
  };

  /** Where the constraint comes from, where the registry knows it. */
  const sourceOf = (r) => {
    if (annotated(r.id)) {
      return nodes
        .filter((n) => n.rule === r.id)
        .map((n) => {
          const [file, pointer] = n.node.split('#');
          const schema = catalog.schemaFiles.find((f) => f.file === file);
          // As the reports print a problem's source: the node, then the seed line or NOTES entry it was written from.
          const document = schema ? documentOf(valueAt(schema.schema, pointer)?.[SOURCE_KEYWORD]) : undefined;
          return sourceText({ schema: code(`schemas/${n.node}`), document });
        })
        .join('<br>');
    }
    const keywords = keywordsOf(r.id);
    if (r.source === 'schema' && keywords.length) return `the ${keywords.map(code).join(', ')} keyword${keywords.length > 1 ? 's' : ''} on every node of schemas/ that uses ${keywords.length > 1 ? 'them' : 'it'}; a report names the node and its x-source for each problem`;
    if (r.source === 'drift') return 'what the specs document for each field, against what a recording observed';
    return '';
  };

  const appliesOf = (r) => {
    const check = exchange.get(r.id) ?? walk.get(r.id);
    if (!check) return '';
    const ops = operations.filter((op) => check.appliesTo(op)).map((op) => op.id);
    return ops.length === operations.length ? 'every operation' : ops.join(', ');
  };

  const kindOf = (r) => {
    if (exchange.has(r.id)) return 'check (one response)';
    const m = multi.get(r.id);
    if (m) return `check (${m.kind})`;
    if (r.source === 'schema') return annotated(r.id) ? 'schema (x-rule)' : 'schema (keyword)';
    return KIND[r.source] ?? r.source;
  };

  const areas = [...new Set(rules.map((r) => r.id.slice(0, r.id.indexOf('.'))))].sort();
  const counts = (list, sev) => list.filter((r) => r.severity === sev).length;
  const lines = [
    '# Rules',
    '',
    '<!-- GENERATED, DO NOT EDIT: `npm run gen:rules` (scripts/gen-rules-doc.mjs) writes it from the registry in dist/; test/docs.test.ts fails when it is stale. -->',
    '',
    `Every rule rollcall can report: ${rules.length} rules, ${counts(rules, 'error')} errors and ${counts(rules, 'warning')} warnings by default.`,
    'A rule id printed in a report leads here, and from here to the one file that holds it (a check in code, or a row',
    'of the schema-rules tables for a constraint written in `schemas/`). Severities can be changed per rule in',
    '`rollcall.config.json` (`"severity": { "<rule>": "error" | "warning" | "off" }`); `--strict` makes warnings fail.',
    'How to add one: [architecture.md](architecture.md#adding-a-rule-in-five-steps).',
    '',
    'Kinds: **schema** rules come from validating a body against `schemas/` (a JSON Schema keyword, or a node annotated',
    'with `x-rule`); **check (one response)** rules judge one exchange; **check (walk, partition, consistency,',
    'lifecycle, page-size)** rules judge several exchanges; **http** rules judge the status, headers and transport;',
    '**drift** rules are `rollcall drift`\'s, documented against observed.',
    '',
    '| area | rules | errors | warnings |',
    '|---|---|---|---|',
    ...areas.map((a) => {
      const list = rules.filter((r) => r.id.startsWith(`${a}.`));
      return `| [${code(a)}](#${a}) | ${list.length} | ${counts(list, 'error')} | ${counts(list, 'warning')} |`;
    }),
  ];
  for (const area of areas) {
    lines.push('', `## ${area}`, '', '| rule | severity | kind | what it checks | applies to | file | constraint from |', '|---|---|---|---|---|---|---|');
    for (const r of rules.filter((x) => x.id.startsWith(`${area}.`))) {
      const explains = walk.get(r.id)?.explains;
      const description = explains?.length ? `${r.description} Explains: ${explains.map(code).join(', ')} (shown as its consequences).` : r.description;
      lines.push(`| ${code(r.id)} | ${r.severity} | ${kindOf(r)} | ${cell(description)} | ${cell(appliesOf(r))} | ${whereOf(r)} | ${cell(sourceOf(r))} |`);
    }
  }
  lines.push(
    '',
    'An empty "applies to" means the rule is judged wherever its case or its data occurs; an empty "constraint from"',
    'means the registry does not record one for the rule: a check in code reads its facts (bounds, enums, paging',
    'parameters) from `schemas/`, and a report names the schema node and source document of each problem',
    '(`src/findings/provenance.ts`).',
  );
  return lines.join('\n') + '\n';
}

async function main() {
  if (process.argv[2] === '--rule-decisions') return void process.stdout.write(JSON.stringify(await ruleDecisions()));
  if (process.argv[2] === '--declarations') {
    const entries = process.argv.slice(3).map((f) => ({ file: f, js: path.resolve(ROOT, f) }));
    return void process.stdout.write(JSON.stringify(await moduleDeclarations(entries)));
  }
  const check = process.argv.includes('--check');
  const text = await generateRulesDoc();
  const rel = path.relative(ROOT, RULES_DOC);
  if (check) {
    const current = fs.existsSync(RULES_DOC) ? fs.readFileSync(RULES_DOC, 'utf8') : '';
    if (current !== text) {
      console.error(`${rel} is out of date with the rule registry: run npm run build && npm run gen:rules`);
      process.exit(1);
    }
    console.log(`${rel} is up to date`);
    return;
  }
  fs.mkdirSync(path.dirname(RULES_DOC), { recursive: true });
  fs.writeFileSync(RULES_DOC, text);
  console.log(`wrote ${rel}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
