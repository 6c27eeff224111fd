import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runLintCommand } from '../src/cli/lint.js';
import { defaultSpecFiles, lintSpecs, type LintReport } from '../src/lint/index.js';
import { refSiblingsToAllOf } from '../src/lint/resolver.js';
import { loadRuleset } from '../src/lint/ruleset.js';
import { ROOT, SCHEMAS_DIR } from '../src/paths.js';

const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'lint');
const fixture = (name: string): string => path.join(FIXTURES, name);

/** The 1-based line of the first line of `file` that contains `text`. */
function lineOf(file: string, text: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(text));
  if (index < 0) throw new Error(`${text} is not in ${file}`);
  return index + 1;
}

interface ExpectedProblem {
  rule: string;
  path: string;
  /** The line Spectral points at: the line of the node's key (for JSON, of its opening brace). */
  line: number;
  /** Text on that line, so the table shows what it points at and a stale line number fails loudly. */
  text: string;
  /** Words the message must contain. */
  says: RegExp;
  /** Where the problem is, when not in the fixture itself. */
  file?: string;
}

const TWILIO_SCHEMA = path.join(SCHEMAS_DIR, 'twilio.schema.json');

/* Each of our rules, broken on purpose: the fixture's whole report is exactly these problems (so
 * no standard rule fires on it either). */
const BROKEN: Array<{ fixture: string; problems: ExpectedProblem[] }> = [
  {
    fixture: 'rollcall-sid-pattern.json',
    problems: [
      {
        rule: 'rollcall-sid-pattern',
        path: 'paths./v1/Rooms/{RoomSid}.get.responses.200.content.application/json.schema.properties.room_sid',
        line: 38,
        text: '"room_sid": {',
        says: /SID property room_sid has no pattern/,
      },
      {
        rule: 'rollcall-sid-pattern',
        path: 'paths./v1/Rooms/{RoomSid}.get.responses.200.content.application/json.schema.properties.account_sid.anyOf.0',
        line: 45,
        text: '{',
        says: /SID property account_sid has maxLength 32 \(expected 34\)/,
      },
    ],
  },
  {
    fixture: 'rollcall-page-size-bounds.yaml',
    problems: [
      {
        rule: 'rollcall-page-size-bounds',
        path: 'paths./v1/Rooms.get.parameters.0.schema',
        line: 27,
        text: 'schema:',
        says: /Page-size parameter PageSize of listRooms has no default\./,
      },
      {
        rule: 'rollcall-page-size-bounds',
        path: 'paths./v1/Compositions.get',
        line: 45,
        text: 'get:',
        says: /List operation listCompositions documents no page-size parameter \(PageSize or page\[size\]\)/,
      },
    ],
  },
  {
    fixture: 'rollcall-list-meta.yaml',
    problems: [
      {
        rule: 'rollcall-list-meta',
        path: 'paths./v1/Rooms.get.responses.200.content.application/json.schema.properties.meta',
        line: 40,
        text: 'meta:',
        says: /meta of listRooms is not Twilio's list meta .*: it lacks first_page_url, key, next_page_url, previous_page_url, url; adds total\./,
      },
      {
        rule: 'rollcall-list-meta',
        path: 'paths./v1/Compositions.get.responses.200.content.application/json.schema',
        line: 64,
        text: 'schema:',
        says: /List response of listCompositions has no meta/,
      },
    ],
  },
  {
    // The vendor comes from the Bearer scheme; the meta comes from schemas/, and so does the location.
    fixture: 'rollcall-list-meta-bearer.yaml',
    problems: [
      {
        rule: 'rollcall-list-meta',
        path: '$defs.ListMeta',
        file: TWILIO_SCHEMA,
        line: lineOf(TWILIO_SCHEMA, '"ListMeta": {'),
        text: '"ListMeta": {',
        says: /meta of listParticipants is not Telnyx's list meta schemas\/telnyx\.schema\.json#\/\$defs\/ListMeta: it lacks page_number, total_pages, total_results/,
      },
    ],
  },
  {
    fixture: 'rollcall-enum-ref.yaml',
    problems: [
      {
        rule: 'rollcall-enum-ref',
        path: 'paths./v1/Rooms/{RoomSid}/Participants.get.parameters.1.schema.enum',
        line: 36,
        text: 'enum: [connected, disconnected]',
        says: /Parameter Status has an inline enum \["connected","disconnected"\]: \$ref the shared enum in schemas\//,
      },
      {
        rule: 'rollcall-enum-ref',
        path: 'components.parameters.Region.schema.enum',
        line: 65,
        text: 'enum: [us1, ie1]',
        says: /Parameter Region has an inline enum/,
      },
      {
        rule: 'rollcall-enum-ref',
        path: 'components.schemas.Kind.enum',
        line: 69,
        text: 'enum: [human, bot]',
        says: /Parameter Kind has an inline enum/,
      },
    ],
  },
  {
    // A standard rule that only works because our resolver keeps 2020-12 `$ref` siblings.
    fixture: 'example-ref-siblings.yaml',
    problems: [
      {
        rule: 'oas3-valid-media-example',
        path: 'paths./v1/Rooms/{RoomSid}.get.responses.200.content.application/json.examples.numeric.value.room_sid',
        line: 45,
        text: 'room_sid: 12345',
        says: /"room_sid" property type must be string,null/,
      },
    ],
  },
];

describe('rollcall lint: our specs', () => {
  // Zero errors and zero warnings: the specs carry info.contact and operation descriptions, and no
  // standard rule needs switching off (see specs/rules/README.md).
  it.each(defaultSpecFiles().map((file) => path.basename(file)))('%s lints clean', async (name) => {
    const report = await lintSpecs([path.join(ROOT, 'specs', name)]);
    expect(report.problems).toEqual([]);
    expect([report.errorCount, report.warningCount]).toEqual([0, 0]);
  });

  it('lints every specs/*.yaml by default', async () => {
    const report = await lintSpecs();
    expect(report.files.map((f) => path.relative(ROOT, f))).toEqual(['specs/telnyx.v2.yaml', 'specs/twilio-insights.v1.yaml', 'specs/twilio-video.v1.yaml']);
    expect(report.errorCount).toBe(0);
  });
});

describe('rollcall lint: each rule fails its broken fixture at the right place', () => {
  it.each(BROKEN)('$fixture', async ({ fixture: name, problems }) => {
    const report = await lintSpecs([fixture(name)]);
    const actual = report.problems.map((p) => ({ rule: p.rule, severity: p.severity, file: p.file, path: p.path, line: p.line }));
    const expected = problems.map((p) => ({ rule: p.rule, severity: 'error', file: p.file ?? fixture(name), path: p.path, line: p.line }));
    expect(actual).toEqual(expected);
    problems.forEach((p, i) => {
      const problem = report.problems[i]!;
      expect(problem.message).toMatch(p.says);
      expect(problem.column).toBeGreaterThan(0);
      const lineText = fs.readFileSync(problem.file, 'utf8').split('\n')[problem.line - 1];
      expect(lineText?.trim().startsWith(p.text), `line ${problem.line} of ${problem.file} is "${lineText}"`).toBe(true);
    });
    expect(report.errorCount).toBe(problems.length);
  });

  it('fails a document that is not OpenAPI', async () => {
    const report = await lintSpecs([fixture('not-openapi.yaml')]);
    expect(report.problems.map((p) => [p.rule, p.severity, p.line])).toEqual([['unrecognized-format', 'error', 1]]);
  });

  it('reports a YAML syntax error as a parser problem at its line', async () => {
    const report = await lintSpecs([fixture('broken-yaml.yaml')]);
    expect(report.problems.filter((p) => p.rule === 'parser').map((p) => [p.severity, p.line])).toEqual([
      ['error', 4],
      ['error', 5],
    ]);
  });

  it('throws, naming the file, when a file cannot be read', async () => {
    const missing = fixture('does-not-exist.yaml');
    await expect(lintSpecs([missing])).rejects.toThrow(`cannot read ${missing}`);
  });
});

describe('rollcall lint: $ref siblings (JSON Schema 2020-12)', () => {
  it.each([
    { name: 'type next to $ref', input: { type: ['string', 'null'], $ref: '#/$defs/P' }, output: { type: ['string', 'null'], allOf: [{ $ref: '#/$defs/P' }] } },
    { name: 'appended to an existing allOf', input: { allOf: [{ minLength: 1 }], $ref: '#/a' }, output: { allOf: [{ minLength: 1 }, { $ref: '#/a' }] } },
    { name: 'nested under properties', input: { properties: { meta: { $ref: 'x.json#/M', properties: { key: { const: 'k' } } } } }, output: { properties: { meta: { properties: { key: { const: 'k' } }, allOf: [{ $ref: 'x.json#/M' }] } } } },
    { name: 'a Reference Object (description only) is left alone', input: { $ref: '#/components/parameters/P', description: 'd' }, output: { $ref: '#/components/parameters/P', description: 'd' } },
    { name: 'a plain $ref is left alone', input: [{ $ref: '#/a' }], output: [{ $ref: '#/a' }] },
  ])('$name', ({ input, output }) => {
    expect(refSiblingsToAllOf(input)).toEqual(output);
  });
});

describe('rollcall lint: the ruleset file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-ruleset-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const rule = (id: string, then: string): string => `rules:\n  ${id}:\n    severity: error\n    given: '$.paths[*]'\n    then:\n${then}`;

  it.each([
    {
      name: 'an unknown function, listing the known ones',
      text: rule('rollcall-x', '      function: rollcall-nope\n'),
      error: /rules\.rollcall-x\.then\.function: unknown function "rollcall-nope"; known: .*rollcall-enum-ref, rollcall-list-meta, rollcall-page-size-bounds, rollcall-sid-pattern.*truthy/,
    },
    { name: 'a rule id without the rollcall- prefix', text: rule('sid-pattern', '      function: rollcall-sid-pattern\n'), error: /rules\.sid-pattern: a rule id is kebab-case and starts with `rollcall-`/ },
    { name: 'an unknown ruleset to extend', text: 'extends: [[spectral:asyncapi, recommended]]\n', error: /extends\[0\]: unknown ruleset "spectral:asyncapi"; known: spectral:oas/ },
    {
      name: 'options of the wrong shape',
      text: rule('rollcall-x', '      function: rollcall-sid-pattern\n      functionOptions: { propertyPattern: _sid$ }\n'),
      error: /invalid ruleset .*"rollcall-sid-pattern" function is missing "length" option/,
    },
    {
      name: 'a vendor meta that does not resolve in schemas/',
      text: rule('rollcall-x', "      function: rollcall-list-meta\n      functionOptions:\n        vendors: [{ name: Acme, apis: [acme], httpAuthScheme: basic, meta: 'acme.schema.json#/$defs/ListMeta' }]\n"),
      error: /vendor Acme: meta acme\.schema\.json#\/\$defs\/ListMeta does not resolve in schemas\//,
    },
  ])('rejects $name when it loads', ({ name, text, error }) => {
    const file = write(`${name.replace(/\W+/g, '-')}.yaml`, text);
    expect(() => loadRuleset(file)).toThrow(error);
    expect(() => loadRuleset(file)).toThrow(file);
  });

  it('loads ours: oas plus the four rollcall rules, each an error', () => {
    const ruleset = loadRuleset();
    const ours = Object.values(ruleset.rules).filter((r) => r.name.startsWith('rollcall-'));
    expect(ours.map((r) => [r.name, r.severity]).sort()).toEqual([
      ['rollcall-enum-ref', 0],
      ['rollcall-list-meta', 0],
      ['rollcall-page-size-bounds', 0],
      ['rollcall-sid-pattern', 0],
    ]);
    expect(Object.keys(ruleset.rules)).toContain('oas3-valid-media-example');
  });
});

describe('rollcall lint: the command', () => {
  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const code = await runLintCommand(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s) });
    return { code, stdout, stderr };
  }
  const enumFixture = path.relative(process.cwd(), fixture('rollcall-enum-ref.yaml'));

  it.each([
    { args: [], code: 0, stdout: /^3 files linted: 0 errors, 0 warnings\n$/, stderr: /^$/ },
    { args: ['--format', 'text', 'specs/twilio-video.v1.yaml'], code: 0, stdout: /^1 file linted: 0 errors, 0 warnings\n$/, stderr: /^$/ },
    {
      args: [enumFixture],
      code: 1,
      stdout: new RegExp(
        `^${enumFixture.replace(/[.]/g, '\\.')}:36:\\d+  error  rollcall-enum-ref  Parameter Status has an inline enum .*  \\(paths\\./v1/Rooms/\\{RoomSid\\}/Participants\\.get\\.parameters\\.1\\.schema\\.enum\\)\n(.*\n){2}1 file linted: 3 errors, 0 warnings\n$`,
      ),
      stderr: /^$/,
    },
    { args: ['--bogus'], code: 2, stdout: /^$/, stderr: /^rollcall lint: unknown option --bogus\n\nUsage: rollcall lint/ },
    { args: ['--format', 'xml'], code: 2, stdout: /^$/, stderr: /unknown format "xml" \(expected text or json\)/ },
    { args: ['--format'], code: 2, stdout: /^$/, stderr: /--format needs a value: text or json/ },
    { args: ['no-such-spec.yaml'], code: 2, stdout: /^$/, stderr: /^rollcall lint: cannot read no-such-spec\.yaml: no such file\n$/ },
    { args: ['test/fixtures'], code: 2, stdout: /^$/, stderr: /cannot read test\/fixtures: not a file/ },
    { args: ['--help'], code: 0, stdout: /^Usage: rollcall lint \[--format json\|text\] \[SPEC\.\.\.\]/, stderr: /^$/ },
  ].map((row) => ({ ...row, command: ['rollcall lint', ...row.args].join(' ') })))('$command exits $code', async ({ args, code, stdout, stderr }) => {
    const result = await run(args);
    expect(result.stdout).toMatch(stdout);
    expect(result.stderr).toMatch(stderr);
    expect(result.code).toBe(code);
  });

  it.each([
    { args: ['--format', 'json'], code: 0, errors: 0, files: 3 },
    { args: ['--format=json', fixture('rollcall-sid-pattern.json'), fixture('rollcall-list-meta.yaml')], code: 1, errors: 4, files: 2 },
  ].map((row) => ({ ...row, command: ['rollcall lint', ...row.args.map((a) => path.basename(a))].join(' ') })))('$command prints the LintReport', async ({ args, code, errors, files }) => {
    const result = await run(args);
    expect(result.code).toBe(code);
    const report = JSON.parse(result.stdout) as LintReport;
    expect(Object.keys(report)).toEqual(['files', 'problems', 'errorCount', 'warningCount']);
    expect([report.files.length, report.errorCount, report.problems.length]).toEqual([files, errors, errors]);
    for (const problem of report.problems) {
      expect(Object.keys(problem)).toEqual(['file', 'rule', 'severity', 'message', 'path', 'line', 'column']);
    }
  });
});
