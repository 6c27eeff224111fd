/**
 * The proof: every rule the catalog knows (schema annotations and keyword rules, single-exchange
 * checks, walk, page-size, consistency, lifecycle, HTTP, probe and drift rules) is shown firing at
 * its path on a fixture, and staying silent on a clean one. A rule without both fails here; a rule
 * that cannot fire does not belong in the catalog. Fixtures: test/fixtures/proof/<area>.ts.
 */
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWalk } from '../src/checks/walk/walk.js';
import { pageSizeOutOfRange } from '../src/checks/walk/page-size-out-of-range.js';
import { fetchMatchesList, fetchMatchesListRule, identityFetch, identityFetchRule, kickMovesFilter, kickMovesFilterRule, kickSetsEnd, kickSetsEndRule, partition, partitionRule, secondKick, secondKickRule, urlResolves, urlResolvesRule } from '../src/checks/multi.js';
import { droppedMatch, droppedMatches } from '../src/checks/filter/dropped-match.js';
import { EXPECTED_STATUS_RULES, expectStatus } from '../src/checks/http/expected-status.js';
import { DRIFT_RULES } from '../src/drift/index.js';
import { requestRefused, requestRefusedFinding } from '../src/checks/proxy/request-refused.js';
import { HttpFailure, Probe } from '../src/run/probe.js';
import { Redactor } from '../src/run/redact.js';
import { DEFAULT_SETTINGS } from '../src/run/target.js';
import { contextOf, getCatalog, VIDEO_LIST } from './checks/support.js';
import { edit, telnyxPage, videoPage, type Proof, type ProbeAnswer, type Sample } from './fixtures/proof/support.js';
import type { Exchange } from '../src/types.js';

type Fired = { rule: string; path: string };

const FIXTURES = path.join(import.meta.dirname, 'fixtures/proof');
const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.ts') && f !== 'support.ts').sort();
const proofs: Proof[] = [];
for (const f of files) proofs.push(...((await import(path.join(FIXTURES, f))) as { proofs: Proof[] }).proofs);

const catalog = getCatalog();
const known = catalog.rules().map((r) => r.id);

/** A loopback server that answers one request per entry of `answers`, in order. */
async function probeFindings(answers: ProbeAnswer[], settings: Sample & { kind: 'probe' }): Promise<Fired[]> {
  let n = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = http.createServer((req, res) => {
    const a = answers[Math.min(n++, answers.length - 1)]!;
    if (a.hang) return;
    const send = () => {
      res.writeHead(a.status, { 'content-type': 'application/json', ...a.headers });
      if (a.bytes) res.end(Buffer.alloc(a.bytes, 32));
      else res.end(a.body ?? '{}');
    };
    if (a.delayMs) setTimeout(send, a.delayMs);
    else send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const probe = new Probe({ kind: 'bearer', bearer: 'proof-key' }, { ...DEFAULT_SETTINGS, ...settings.settings }, new Redactor(['proof-key']), VIDEO_LIST, { origins: [`http://127.0.0.1:${port}`], mutable: [] });
  try {
    const result = await probe.send({ method: 'GET', url: `http://127.0.0.1:${port}/v1/Rooms/x/Participants` });
    return result.findings.map((f) => ({ rule: f.rule, path: f.path }));
  } catch (err) {
    if (err instanceof HttpFailure) return [{ rule: err.finding.rule, path: err.finding.path }];
    throw err;
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Each kind of sample goes to the one function that judges it; every rule it reports comes back. */
async function judge(sample: Sample, rule: string): Promise<Fired[]> {
  const only = (id: string, paths: Array<{ path: string }>): Fired[] => paths.map((f) => ({ rule: id, path: f.path }));
  switch (sample.kind) {
    case 'exchange':
      return catalog.check(sample.exchange, { accountSid: sample.accountSid }).map((v) => ({ rule: v.rule, path: v.path }));
    case 'walk':
      return checkWalk(sample.walk, contextOf(sample.walk.operationId)).map((f) => ({ rule: f.rule, path: f.path }));
    case 'page-size':
      return pageSizeOutOfRange(sample.exchange, sample.asked, contextOf(sample.exchange.operationId)).map((f) => ({ rule: f.rule, path: f.path }));
    case 'partition':
      return only(partitionRule.id, partition(sample.input, contextOf(VIDEO_LIST)));
    case 'consistency': {
      const ctx = contextOf(sample.operation);
      // Three checks judge a listed item against a fetch; the proof's rule says which fetch it is.
      if (rule === identityFetchRule.id) return only(identityFetchRule.id, identityFetch(sample.listed, sample.fetched, ctx));
      if (rule === urlResolvesRule.id) return only(urlResolvesRule.id, urlResolves(sample.listed, sample.fetched, ctx));
      return only(fetchMatchesListRule.id, fetchMatchesList(sample.listed, sample.fetched, ctx));
    }
    case 'kick-sets-end':
      return only(kickSetsEndRule.id, kickSetsEnd(sample.input, contextOf(VIDEO_LIST)));
    case 'kick-moves-filter':
      return only(kickMovesFilterRule.id, kickMovesFilter(sample.input, contextOf(VIDEO_LIST)));
    case 'second-kick':
      return only(secondKickRule.id, secondKick(sample.input, contextOf(VIDEO_LIST)));
    case 'dropped-match':
      return only(droppedMatch.id, droppedMatches(sample.filter, sample.expected, sample.returned, sample.idField));
    case 'expected-status': {
      // A probe is refused with one expected status; each rule names its own.
      const expected = EXPECTED_STATUS_RULES.find((r) => r.id === rule);
      return expected ? only(expected.id, expectStatus(expected, sample.exchange, sample.why)) : [];
    }
    case 'drift':
      return DRIFT_RULES.flatMap((r) => only(r.id, r.run(sample.field)));
    case 'probe':
      return probeFindings(sample.answers, sample);
    case 'proxy-request':
      return only(requestRefused.id, [requestRefusedFinding(sample.request, sample.policy)].filter((f) => f !== undefined));
  }
}

describe('every rule the catalog knows is proven', () => {
  it('every proof names a rule the catalog knows, once', () => {
    const ids = proofs.map((p) => p.rule);
    expect(ids.filter((id) => !known.includes(id))).toEqual([]);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('every rule has a proof', () => {
    expect(known.filter((id) => !proofs.some((p) => p.rule === id))).toEqual([]);
  });

  it.each(known.map((id) => ({ id, proof: proofs.find((p) => p.rule === id) })))('$id', async ({ id, proof }) => {
    if (!proof) throw new Error(`${id} has no proof in test/fixtures/proof/`);
    expect(proof.at.length, `${id}: a proof fires at least once`).toBeGreaterThan(0);
    const also = (proof.alsoFires ?? []).map(({ rule, path: p }) => ({ rule, path: p }));
    const fired = await judge(proof.fires, id);
    expect(fired.filter((f) => f.rule === id), `${id} fires exactly at its paths`).toEqual(proof.at.map((p) => ({ rule: id, path: p })));
    expect(fired.filter((f) => f.rule !== id), `${id}: no other rule fires on its sample`).toEqual(also);
    expect(await judge(proof.silent, id), `${id}: nothing fires on the clean sample`).toEqual([]);
  }, 20_000);
});

describe('the sharp single-page invariants on each vendor', () => {
  const withBody = (base: Exchange, changes: Record<string, unknown>): Exchange => ({ ...base, response: { ...base.response, body: edit(base.response.body, changes) } });
  const rulesOf = (e: Exchange) => catalog.check(e).map((v) => [v.rule, v.path]);
  it.each<[string, () => Exchange, Array<[string, string]>]>([
    ['Twilio: a short page with a next_page_url', () => withBody(videoPage(), { '/participants/1': undefined }), [['pagination.full-page-before-last', '/participants']]],
    ['Twilio: the short last page', () => videoPage({ page: 2 }), []],
    ['Telnyx: the short last page (page_number = total_pages)', () => telnyxPage({ page: 2 }), []],
    ['Twilio: previous_page_url set on page 0', () => withBody(videoPage(), { '/meta/previous_page_url': String((videoPage({ page: 1 }).response.body as { meta: { url: string } }).meta.url) }), [['pagination.previous-null-on-first-page', '/meta/previous_page_url']]],
    ['Twilio: a filter dropped from every link', () => {
      const e = videoPage({ filters: 'Status=connected' });
      const m = (e.response.body as { meta: Record<string, string | null> }).meta;
      return withBody(e, Object.fromEntries(['url', 'first_page_url', 'next_page_url'].map((f) => [`/meta/${f}`, String(m[f]).replace('Status=connected&', '')])));
    }, [['pagination.link-keeps-filters', '/meta/url'], ['pagination.link-keeps-filters', '/meta/first_page_url'], ['pagination.link-keeps-filters', '/meta/next_page_url']]],
    ['Twilio: a deepObject-style parameter the operation does not document', () => withBody(videoPage(), { '/meta/url': `${String((videoPage().response.body as { meta: { url: string } }).meta.url)}&filter[x]=1` }), [['pagination.link-params-documented', '/meta/url']]],
  ])('%s', (_name, build, expected) => {
    expect(rulesOf(build())).toEqual(expected);
  });
});

/**
 * From a rule id in a report to its one file: `src/checks/<area>/<name>.ts` for a rule written in
 * code (the name is the id without its area), `src/drift/rules/<name>.ts` for a drift rule, a row of
 * src/catalog/keywords.ts or src/catalog/schema-rules.ts for a schema-backed rule. Its test is the
 * proof above, named by the id.
 */
describe('a rule id leads to one file', () => {
  const ROOT = path.join(import.meta.dirname, '..');
  const listTs = (dir: string): string[] => fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
  const codeFiles = [...listTs('src/checks'), ...listTs('src/drift/rules')];
  const read = (f: string): string => fs.readFileSync(path.join(ROOT, f), 'utf8');
  /** Rules whose code is not (yet) in a file of its own, each with where it is and why. */
  const ELSEWHERE: Record<string, string> = {
  };

  it.each(known)('%s', async (id) => {
    const { KEYWORD_RULE_INFO, KEYWORD_ROWS } = await import('../src/catalog/keywords.js');
    const { ANNOTATED_RULES } = await import('../src/catalog/schema-rules.js');
    if (KEYWORD_RULE_INFO.some((r) => r.id === id)) {
      expect(Object.values(KEYWORD_ROWS).some((r) => r.rule === id)).toBe(true);
      return;
    }
    if (ANNOTATED_RULES.some((r) => r.id === id)) return;
    const where = ELSEWHERE[id];
    if (where) {
      expect(read(where.split(/[:;]/)[0]!)).toContain(`'${id}'`);
      return;
    }
    const name = id.slice(id.indexOf('.') + 1);
    const defining = codeFiles.filter((f) => read(f).includes(`'${id}'`));
    expect(defining.map((f) => path.basename(f)), `${id} is defined in one file, named after it`).toEqual([`${name}.ts`]);
  });
});
