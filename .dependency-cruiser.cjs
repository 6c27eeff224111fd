/**
 * The rooms of src/ and reporters/, and which room may import which: written once, here. The rules
 * dependency-cruiser checks are generated from the table below, and src/README.md shows the same
 * table rendered from it (test/layering.test.ts fails when the two differ; ROLLCALL_WRITE_TABLES=1
 * rewrites the README's copy). Type-only imports count (tsPreCompilationDeps), so do dynamic ones.
 *
 *   npx depcruise src reporters          # what test/layering.test.ts runs: 0 violations expected
 *
 * Every file of src/ and reporters/ is in exactly one room. A room imports only from itself and the rooms it lists. A composition root (ROOTS) is one file
 * that wires the rooms above its own together (a registry, the runner creating the reporters); it
 * may also import the files it names, and nothing else is allowed to.
 */

/** Rooms from the bottom up: each lists the rooms below it that it may use. */
const ROOMS = [
  {
    name: 'core',
    path: '^src/(?!index\\.ts$)[^/]+\\.ts$|^src/ref/',
    mayUse: [],
    purpose: 'shared foundations: Violation and Exchange types, JSON pointers, timestamps, the sanitiser, package paths, schema files and `$ref` resolution',
  },
  {
    name: 'catalog',
    path: '^src/catalog/',
    mayUse: ['core'],
    purpose: 'specs/ and schemas/ loaded, compiled once (Ajv), their facts; `loadCatalog`',
  },
  {
    name: 'checks',
    path: '^src/checks/',
    mayUse: ['core', 'catalog'],
    purpose: 'one rule per file, pure functions of exchanges and walks',
  },
  { name: 'drift', path: '^src/drift/', mayUse: ['core', 'catalog'], purpose: '`rollcall drift`: observed fields vs the documents' },
  { name: 'diff', path: '^src/diff/', mayUse: ['core', 'catalog'], purpose: '`rollcall diff`: one spec vs another' },
  { name: 'lint', path: '^src/lint/', mayUse: ['core'], purpose: '`rollcall lint`: Spectral over the specs' },
  { name: 'mock', path: '^src/mock/', mayUse: ['core', 'catalog'], purpose: 'the embedded mock and its faults' },
  {
    name: 'report-types',
    path: '^src/report-types/',
    mayUse: ['core', 'catalog'],
    purpose: 'what a run hands the reporters: CaseMeta, its evidence (requests, field tallies), RunMeta',
  },
  {
    name: 'findings',
    path: '^src/findings/',
    mayUse: ['core', 'catalog', 'checks', 'report-types'],
    purpose: 'violation -> fingerprint -> problem -> fold: counts, consequences, titles, excerpts, provenance',
  },
  { name: 'baseline', path: '^src/baseline/', mayUse: ['core', 'findings'], purpose: 'known problems and waivers, matched by fingerprint' },
  {
    name: 'run',
    path: '^src/run/',
    mayUse: ['core', 'catalog', 'checks', 'mock', 'report-types', 'findings', 'baseline'],
    purpose: 'targets, probes, cases, the suites, the console; `rollcall run` and `report --merge`',
  },
  {
    name: 'explore',
    path: '^src/explore/',
    mayUse: ['core', 'catalog', 'checks', 'report-types', 'findings', 'run'],
    purpose: '`--explore N`: generated cases on the run\'s probes and outcomes, their covering classes',
  },
  {
    name: 'proxy',
    path: '^src/proxy/',
    mayUse: ['core', 'catalog', 'checks', 'report-types', 'findings', 'run'],
    purpose: '`rollcall proxy`: forwards an application\'s own traffic and judges each exchange, its walks and fetches',
  },
  {
    name: 'reporters',
    path: '^reporters/',
    mayUse: ['core', 'catalog', 'report-types', 'findings', 'explore'],
    purpose: 'one file per report; they render findings and report types (explore: the covering classes the coverage report lists)',
  },
  {
    name: 'cli',
    path: '^src/cli/',
    mayUse: ['core', 'catalog', 'checks', 'drift', 'diff', 'lint', 'mock', 'report-types', 'findings', 'baseline', 'run', 'explore', 'proxy'],
    purpose: 'the commands: parse, call a room, print',
  },
  {
    name: 'library',
    path: '^src/index\\.ts$',
    mayUse: ['core', 'catalog', 'checks', 'drift', 'diff', 'mock', 'report-types', 'findings', 'run'],
    purpose: 'the package entry (`import { loadCatalog } from \'rollcall\'`)',
  },
];

/** Composition roots: the only files that may import upward, each only the files named. */
const ROOTS = [
  { file: 'src/catalog/catalog.ts', mayImport: '^src/checks/|^src/drift/rules/', why: 'the catalog composes the checks it runs on every exchange, and lists the drift rules among its rules' },
  { file: 'src/catalog/keywords.ts', mayImport: '^src/drift/rules/undocumented-field\\.ts$', why: 'an undocumented field in one body is reported as the drift rule `drift.undocumented-field` (one id, one description)' },
  { file: 'src/run/cases/index.ts', mayImport: '^src/explore/cases\\.ts$', why: 'the case registry adds the generated cases of `--explore`' },
  { file: 'src/run/runner.ts', mayImport: '^reporters/index\\.ts$', why: '`rollcall run` creates the reporters by name' },
  { file: 'src/run/merge.ts', mayImport: '^reporters/index\\.ts$', why: '`rollcall report --merge` creates the reporters by name' },
  { file: 'src/cli/run.ts', mayImport: '^reporters/index\\.ts$', why: '`--reporter NAME` is checked against the reporter names before a run starts' },
  { file: 'src/cli/proxy.ts', mayImport: '^reporters/index\\.ts$', why: '`rollcall proxy` creates the reporters by name' },
];

const escape = (file) => `^${file.replace(/[.]/g, '\\.')}$`;
const room = (name) => {
  const r = ROOMS.find((x) => x.name === name);
  if (!r) throw new Error(`.dependency-cruiser.cjs: unknown room ${name}; rooms: ${ROOMS.map((x) => x.name).join(', ')}`);
  return r;
};
const PROJECT = '^(src|reporters)/';
const allowed = (r, extra = []) => [r.path, ...r.mayUse.map((n) => room(n).path), ...extra].join('|');

const forbidden = [
  {
    name: 'no-cycle',
    severity: 'error',
    comment: 'No import cycle among the project\'s modules, type-only and dynamic imports included.',
    from: { path: PROJECT },
    to: { circular: true },
  },
  ...ROOMS.map((r) => {
    const roots = ROOTS.filter((x) => new RegExp(r.path).test(x.file)).map((x) => escape(x.file));
    return {
      name: `room-${r.name}`,
      severity: 'error',
      comment: `${r.name} imports only from itself and ${r.mayUse.join(', ') || 'nothing else'} (src/README.md)`,
      from: { path: r.path, ...(roots.length ? { pathNot: roots.join('|') } : {}) },
      to: { path: PROJECT, pathNot: allowed(r) },
    };
  }),
  ...ROOTS.map((x) => {
    const r = ROOMS.find((y) => new RegExp(y.path).test(x.file));
    return {
      name: `root-${x.file.replace(/[/.]/g, '-')}`,
      severity: 'error',
      comment: `${x.file}: ${x.why}`,
      from: { path: escape(x.file) },
      to: { path: PROJECT, pathNot: allowed(r, [x.mayImport]) },
    };
  }),
];

module.exports = {
  forbidden,
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^dist/' },
    moduleSystems: ['es6', 'cjs'],
  },
};

// The table itself, for test/layering.test.ts and src/README.md (not enumerable: dependency-cruiser checks the config's own keys).
Object.defineProperty(module.exports, 'ROOMS', { value: ROOMS });
Object.defineProperty(module.exports, 'ROOTS', { value: ROOTS });
