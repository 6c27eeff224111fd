import { execFile } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { rollcallInProcess } from './support/in-process-cli.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const SEEDS = path.join(ROOT, 'test/fixtures/seeds');

interface Result { code: number; stdout: string; stderr: string }

/** Runs the real CLI (bin/rollcall.js over compiled dist/), as a user or a script would. */
function rollcall(args: string[], input?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [path.join(ROOT, 'bin/rollcall.js'), ...args], { cwd: ROOT, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

const LIST = 'twilio-video.listRoomParticipants';
/** `rollcall validate` in this process (test/support/in-process-cli.ts): the same `main`, without a Node start per case; bin/rollcall.js is run below. */
const validate = (args: string[], input?: string) => rollcallInProcess(args, {}, { input });

describe('rollcall validate', () => {
  it.each([
    ['a clean response', ['--operation', LIST, path.join(SEEDS, '001-video-list-filters.json')], 0],
    ['a response with violations', ['--operation', LIST, path.join(SEEDS, '000-generated-list.json')], 1],
    ['an unknown operation', ['--operation', 'twilio-video.nope', path.join(SEEDS, '000-generated-list.json')], 2],
    ['a missing --operation', [path.join(SEEDS, '000-generated-list.json')], 2],
    ['an unreadable file', ['--operation', LIST, '/nonexistent/body.json'], 2],
    ['an unknown flag', ['--operation', LIST, '--bogus', path.join(SEEDS, '000-generated-list.json')], 2],
    ['a bad --format', ['--operation', LIST, '--format', 'xml', path.join(SEEDS, '000-generated-list.json')], 2],
    ['a bad --status', ['--operation', LIST, '--status', 'ok', path.join(SEEDS, '000-generated-list.json')], 2],
  ] as Array<[string, string[], number]>)('%s: exit code', async (_name, args, code) => {
    const r = await validate(['validate', ...args]);
    expect(r.code, r.stderr).toBe(code);
  });

  it('lists the valid operations when the operation is unknown', async () => {
    const r = await validate(['validate', '--operation', 'nope', '-'], '{}');
    expect(r.stderr).toMatch(/unknown operation "nope"; valid operations: .*telnyx\.listRoomSessionParticipants/);
  });

  it('prints {operation, violations} with --format json', async () => {
    const r = await validate(['validate', '--operation', LIST, '--format', 'json', path.join(SEEDS, '000-generated-list.json')]);
    const out = JSON.parse(r.stdout) as { operation: string; violations: Array<Record<string, unknown>> };
    expect(out.operation).toBe(LIST);
    expect(out.violations).toContainEqual(
      expect.objectContaining({ rule: 'pagination.meta-key', severity: 'error', operation: LIST, path: '/meta/key', expected: 'participants', actual: 'ullamco' }),
    );
    for (const v of out.violations) expect(Object.keys(v).sort()).toEqual(['actual', 'expected', 'hint', 'message', 'operation', 'path', 'rule', 'severity']);
  });

  it('prints path, rule, expected, actual, message and hint in text, without Ajv fragments', async () => {
    const r = await validate(['validate', '--operation', LIST, path.join(SEEDS, '000-generated-list.json')]);
    expect(r.stdout).toContain('/participants/0/status');
    expect(r.stdout).toMatch(/rule\s+schema\.enum \(error\)/);
    expect(r.stdout).toMatch(/expected\s+one of "connected", "disconnected", "reconnecting"/);
    expect(r.stdout).toMatch(/actual\s+"<string>"/);
    expect(r.stdout).toMatch(/message\s+status "<string>" is not one of the documented values/);
    expect(r.stdout).toMatch(/hint\s+Use one of/);
    expect(r.stdout).not.toMatch(/must NOT|must match|must be equal/);
  });

  it('reads the body from stdin with -', async () => {
    // Through bin/rollcall.js: the process's own stdin.
    const r = await rollcall(['validate', '--operation', 'telnyx.listRoomSessionParticipants', '--format', 'json', '-'], '{"data": [], "meta": {"page_number": 1, "page_size": 20, "total_pages": 0, "total_results": 0}}');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ operation: 'telnyx.listRoomSessionParticipants', violations: [], problems: [], totals: { violations: 0, errors: 0, warnings: 0, problems: 0 } });
  });

  it('reports a body that is not JSON as http.body-json, exit 1', async () => {
    const r = await validate(['validate', '--operation', LIST, '--format', 'json', '-'], '<html>502</html>');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).violations).toMatchObject([{ rule: 'http.body-json', path: '' }]);
  });

  it('checks an error response with --status against the vendor error body', async () => {
    const r = await validate(['validate', '--operation', 'telnyx.listRoomSessionParticipants', '--status', '401', '--format', 'json', '-'], '{"code": 20003, "message": "Authenticate", "more_info": "https://www.twilio.com/docs/errors/20003", "status": 401}');
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).violations.map((v: { rule: string; path: string }) => `${v.rule} ${v.path}`)).toContain('http.error-shape /errors');
  });

  it('applies the request checks with --request-url', async () => {
    const r = await validate(['validate', '--operation', LIST, '--format', 'json', '--request-url', 'https://video.twilio.com/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?Status=connected', path.join(SEEDS, '001-video-list-filters.json')]);
    expect(r.code).toBe(1);
    const violations = JSON.parse(r.stdout).violations as Array<{ rule: string; path: string }>;
    expect(violations.filter((v) => v.rule === 'filter.status')).toMatchObject([{ rule: 'filter.status', path: '/participants/0/status', expected: 'connected', actual: 'disconnected' }]);
    // The seed's page links were not made for this request: they drop its Status filter.
    expect(violations.filter((v) => v.rule !== 'filter.status').map((v) => `${v.rule} ${v.path}`).sort()).toEqual(['pagination.link-keeps-filters /meta/first_page_url', 'pagination.link-keeps-filters /meta/url']);
  });

  it('groups a flood into problems: a capped sample of violations, every problem, exact totals', async () => {
    const hex = (i: number) => i.toString(16).padStart(32, '0');
    const count = 5000;
    const body = JSON.stringify({
      participants: Array.from({ length: count }, (_, i) => ({ sid: `PA${hex(i)}` })),
      meta: { page: 0, page_size: 1000, first_page_url: 'https://video.twilio.com/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?PageSize=1000&Page=0', previous_page_url: null, url: 'https://video.twilio.com/v1/Rooms/RMaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/Participants?PageSize=1000&Page=0', next_page_url: null, key: 'participants' },
    });
    const r = await validate(['validate', '--operation', LIST, '--format', 'json', '--max-samples', '2', '-'], body);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { violations: unknown[]; problems: Array<{ fingerprint: { rule: string; pattern: string; shape: string }; counts: { violations: number; items: number }; samples: Array<{ body?: unknown }> }>; totals: { violations: number; problems: number; violationsShown: number } };
    const required = out.problems.filter((p) => p.fingerprint.rule === 'schema.required');
    expect(required).toHaveLength(11);
    for (const p of required) {
      expect(p.fingerprint.shape).toBe('missing');
      expect(p.counts).toMatchObject({ violations: count, items: count });
      expect(p.samples.length).toBeLessThanOrEqual(2);
      expect(p.samples[0]?.body).toBeDefined();
    }
    expect(out.totals.violations).toBe(out.problems.reduce((n, p) => n + p.counts.violations, 0));
    expect(out.totals.violations).toBeGreaterThanOrEqual(11 * count);
    expect(out.violations).toHaveLength(1000);
    expect(out.totals.violationsShown).toBe(1000);
  });

  it('rejects a --max-samples that is not a whole number (exit 2)', async () => {
    const r = await validate(['validate', '--operation', LIST, '--max-samples', 'many', '-'], '{}');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--max-samples must be a whole number');
  });

  it('--strict fails on warnings too', async () => {
    const body = JSON.stringify({ data: [], meta: { page_number: 1, page_size: 20, total_pages: 0, total_results: 0, cursor: 'x' } });
    const lenient = await validate(['validate', '--operation', 'telnyx.listRoomSessionParticipants', '-'], body);
    expect(lenient.code, lenient.stderr).toBe(0);
    const strict = await validate(['validate', '--operation', 'telnyx.listRoomSessionParticipants', '--strict', '-'], body);
    expect(strict.code, strict.stderr).toBe(1);
  });
});

describe('rollcall (no command, unknown command)', () => {
  it('prints usage and exits 2 without a command', async () => {
    const r = await rollcall([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('usage: rollcall <command>');
  });
  it('exits 2 on an unknown command, naming the commands', async () => {
    const r = await rollcall(['frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command "frobnicate"; commands: .*validate/);
  });
});

describe('the library', () => {
  it("works from a plain Node ESM script: import { loadCatalog } from 'rollcall'", async () => {
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [path.join(ROOT, 'test/fixtures/library/use-rollcall.mjs')], { cwd: ROOT }, (e, stdout, stderr) => (e ? reject(new Error(stderr)) : resolve(stdout))),
    );
    const { operations, violations } = JSON.parse(out) as { operations: string[]; violations: Array<{ rule: string; path: string; request?: { url: string } }> };
    expect(operations).toHaveLength(5);
    expect(violations.map((v) => `${v.rule} ${v.path}`)).toContain('schema.enum /participants/0/status');
    expect(violations.find((v) => v.rule === 'pagination.page-size-echo')).toMatchObject({ path: '/meta/page_size', request: { url: expect.stringContaining('PageSize=50') } });
  });
});
