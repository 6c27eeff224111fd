/**
 * Runs one resolved generated case against the target and records every finding in an Outcome,
 * through the same check functions the fixed cases use: every single-exchange check (schema,
 * filters all at once, echoes, HTTP) on each page, the walk checks on a walk, filter.partition,
 * list-vs-fetch consistency, and filter.dropped-match against the model of the filters.
 */
import type { Session } from '../run/session.js';
import type { Outcome } from '../run/outcome.js';
import { buildUrl, checkedWalk, itemsOf, referencePage, allWalkItems, walkContext } from '../run/cases/common.js';
import { expectStatus, invalidParameter } from '../checks/http/expected-status.js';
import { pageSizeOutOfRange } from '../checks/walk/page-size-out-of-range.js';
import { droppedMatch, droppedMatches } from '../checks/filter/dropped-match.js';
import { fetchMatchesList, fetchMatchesListRule, listedFromWalk, partition, partitionRule, urlResolves, urlResolvesRule, type Listed } from '../checks/multi.js';
import { metaOf, isTwilio, PAGE_INDEX_FIELD } from '../checks/walk/support.js';
import type { Exchange } from '../types.js';
import { expectedItems, filterFindings } from './model.js';
import { listPath, type ParamSpace } from './space.js';
import type { Resolved } from './recipe.js';
import type { Universe } from './universe.js';
import { parseServerUrl } from '../server-url.js';
import { urlOffOrigin } from '../checks/consistency/url-resolves.js';

type Item = Record<string, unknown>;

function urlOf(space: ParamSpace, r: Resolved, params: Array<[string, string]>): string {
  return buildUrl(r.parent.baseUrl, listPath(space, r.parent.id), Object.fromEntries(params));
}

/** Is this page the whole filtered collection (the first page, and no other)? */
function isWholeCollection(space: ParamSpace, page: Exchange): boolean {
  if (page.response.status !== 200) return false;
  const meta = metaOf(page);
  if (!meta) return false;
  if (meta[PAGE_INDEX_FIELD[space.api]] !== space.index.min) return false;
  if (isTwilio(space.api)) return meta.next_page_url === null && meta.previous_page_url === null;
  return typeof meta.total_pages === 'number' && meta.total_pages <= 1;
}

function filterLabel(filters: Array<[string, string]>): string {
  return filters.length ? filters.map(([k, v]) => `${k}=${v}`).join('&') : 'no filter';
}

/** filter.dropped-match: items the model requires that the list did not return. */
function checkDropped(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved, returned: Item[], at: Exchange | undefined): void {
  const expected = expectedItems(s.catalog, space, universe, r.filters);
  if (!expected) return;
  for (const f of droppedMatches(filterLabel(r.filters), expected.required, returned, space.idField)) o.addFinding(droppedMatch.id, droppedMatch.severity, f, at);
}

const filterParams = (space: ParamSpace, url: URL): string[] =>
  [...url.searchParams.keys()].filter((k) => space.filters.some((f) => k === f.name || k.startsWith(`${f.name}[`))).sort();

/**
 * Extra items, on every page: an item that does not satisfy what the request asked for. The filter
 * checks already judge each page against the filters in its own URL; a page reached by a link that
 * lost or changed a filter is judged here against the filters the case sent (its own rule, e.g.
 * filter.context). And without the splitting filter, where the parent's default is documented and its
 * state known or inferred (Video, NOTES V11), an item outside the default is filter.partition's.
 */
function checkExtra(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved, pages: readonly Exchange[]): void {
  const sent = new URLSearchParams(r.filters.map(([k, v]) => [k, v]));
  const splitting = space.filters.filter((f) => f.kind === 'enum').map((f) => f.name);
  const d = !r.filters.some(([k]) => splitting.includes(k)) ? universe.documentedDefault : undefined;
  for (const page of pages) {
    if (page.response.status !== 200 || !page.request) continue;
    const items = itemsOf(page, space.listKey);
    const url = new URL(page.request.url);
    const asIs = filterParams(space, url).map((k) => `${k}=${url.searchParams.get(k)}`).join('&');
    const asSent = [...sent.keys()].sort().map((k) => `${k}=${sent.get(k)}`).join('&');
    if (asIs !== asSent) for (const f of filterFindings(s.catalog, space, items, r.filters)) o.addFinding(f.rule, f.severity, { ...f.finding, message: `${f.finding.message} (the request sent ${asSent || 'no filter'}; this page was read from a link with ${asIs || 'no filter'})` }, page);
    if (!d) continue;
    items.forEach((item, i) => {
      if (item[d.field] === d.value || item[d.field] === undefined) return;
      const id = String(item[space.idField]);
      o.addFinding(partitionRule.id, partitionRule.severity, {
        path: `/${space.listKey}/${i}/${d.field}`,
        expected: d.value,
        actual: item[d.field],
        message: `The list without ${splitting.join('/')} returned participant ${id} whose ${d.field} is ${JSON.stringify(item[d.field])}; ${d.because}, so the documented default is ${d.value}.`,
        hint: `Without ${splitting.join('/')}, list what ${splitting[0]}=${d.value} lists (the documented default for a ${d.state} room), whatever other filter is sent.`,
      }, page);
    });
  }
}

/** The other GET operation of the same API whose path extends the list's (Video's fetch by SID), if any. */
function fetchOperation(s: Session, space: ParamSpace): { id: string; path: string } | undefined {
  const op = s.catalog.operations.find((o) => o.api === space.api && o.method.toUpperCase() === 'GET' && o.id !== space.operationId && o.path.split('/').length === space.pathTemplate.split('/').length + 1);
  return op ? { id: op.id, path: op.path } : undefined;
}

/** consistency.fetch-matches-list and consistency.url-resolves for the first item of a page. */
async function checkFirstItem(s: Session, o: Outcome, space: ParamSpace, r: Resolved, page: Exchange): Promise<void> {
  const fetchOp = fetchOperation(s, space);
  const first = itemsOf(page, space.listKey)[0];
  if (!fetchOp || !first || typeof first[space.idField] !== 'string') return;
  const listed: Listed = { pointer: `/${space.listKey}/0`, value: first };
  const ctx = walkContext(s, space.operationId);
  const params = fetchOp.path.match(/\{[^}]+\}/g) ?? [];
  if (params.length !== 2) return;
  const path = fetchOp.path.replace(params[0] as string, encodeURIComponent(r.parent.id)).replace(params[1] as string, encodeURIComponent(String(first[space.idField])));
  const bySid = await s.probe(fetchOp.id).send({ method: 'GET', url: buildUrl(r.parent.baseUrl, path) });
  o.checkResult(bySid);
  for (const f of fetchMatchesList(listed, bySid.exchange, ctx)) o.addLocated(fetchMatchesListRule.id, fetchMatchesListRule.severity, f);
  for (const f of urlOffOrigin(listed, r.parent.baseUrl, ctx)) o.addLocated(urlResolvesRule.id, urlResolvesRule.severity, f);
  const selfUrl = parseServerUrl(first.url, r.parent.baseUrl);
  if (selfUrl) {
    const self = await s.probe(fetchOp.id).send({ method: 'GET', url: selfUrl.href });
    o.checkResult(self);
    for (const f of urlResolves(listed, self.exchange, ctx)) o.addLocated(urlResolvesRule.id, urlResolvesRule.severity, f);
  }
}

async function runPage(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved): Promise<void> {
  const res = await s.probe(space.operationId).send({ method: 'GET', url: urlOf(space, r, [...r.filters, ...r.paging]) });
  o.checkResult(res);
  if (res.exchange.response.status !== 200) return;
  if (isWholeCollection(space, res.exchange)) checkDropped(s, o, space, universe, r, itemsOf(res.exchange, space.listKey), res.exchange);
  checkExtra(s, o, space, universe, r, [res.exchange]);
  await checkFirstItem(s, o, space, r, res.exchange);
}

async function runWalk(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved): Promise<void> {
  const op = space.operationId;
  const expected = expectedItems(s.catalog, space, universe, r.filters);
  // A reference page (one page at the largest size, same filters) when the filtered collection fits in one: pagination.missing-item compares against it.
  const reference = (expected?.allowed.length ?? universe.all.length) <= space.size.max
    ? await referencePage(s, o, op, urlOf(space, r, [...r.filters, [space.sizeParam, String(space.size.max)]]))
    : undefined;
  const walk = await checkedWalk(s, o, op, urlOf(space, r, [...r.filters, ...r.paging]), r.walkSize, reference);
  // Against the model, the reference when there is one (what the walk lost is missing-item's business), else the walk.
  if (reference) checkDropped(s, o, space, universe, r, itemsOf(reference, space.listKey), reference);
  else if (walk.stop.reason === 'end') checkDropped(s, o, space, universe, r, allWalkItems(walk, space.listKey), walk.pages[0]);
  checkExtra(s, o, space, universe, r, walk.pages);
  const first = walk.pages[0];
  if (first?.response.status === 200) await checkFirstItem(s, o, space, r, first);
}

async function runPartition(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved): Promise<void> {
  const op = space.operationId;
  const splitting = space.filters.find((f) => f.kind === 'enum');
  if (!splitting) return;
  const others = r.filters.filter(([k]) => k !== splitting.name);
  const byStatus: Record<string, Listed[]> = {};
  for (const value of splitting.values) {
    byStatus[value] = listedFromWalk(await checkedWalk(s, o, op, urlOf(space, r, [...others, [splitting.name, value], ...r.paging]), r.walkSize), space.listKey);
  }
  const unfiltered = listedFromWalk(await checkedWalk(s, o, op, urlOf(space, r, [...others, ...r.paging]), r.walkSize), space.listKey);
  // Every participant matching the other filters: those the model requires, and those at an open bound that some list returned.
  const { documentedDefault: _default, ...rest } = universe;
  const matching = expectedItems(s.catalog, space, { ...rest, unfiltered: universe.all }, others);
  if (!matching) return;
  const listedIds = new Set(Object.values(byStatus).flat().map((l) => l.value[space.idField]));
  const required = new Set(matching.required.map((i) => i[space.idField]));
  const all: Listed[] = matching.allowed
    .filter((i) => required.has(i[space.idField]) || listedIds.has(i[space.idField]))
    .map((value, n) => ({ pointer: `/${space.listKey}/${n}`, value }));
  // The room's state where it is known, or inferred from a connected participant: the unfiltered list is then judged against the documented default.
  const roomStatus = r.parent.roomStatus ?? universe.documentedDefault?.state;
  for (const f of partition({ all, byStatus, unfiltered, ...(roomStatus ? { roomStatus } : {}) }, walkContext(s, op))) o.addLocated(partitionRule.id, partitionRule.severity, f);
}

async function runNegative(s: Session, o: Outcome, space: ParamSpace, r: Resolved): Promise<void> {
  const bad = r.bad;
  if (!bad) return;
  const res = await s.probe(space.operationId).send({ method: 'GET', url: urlOf(space, r, [...r.filters, ...r.paging]) });
  if (bad.what === 'size') {
    o.noteHttp(res);
    for (const f of pageSizeOutOfRange(res.exchange, bad.value, walkContext(s, space.operationId))) o.addFinding(f.rule, f.severity, f, res.exchange);
    for (const v of s.catalog.check(res.exchange)) o.addFinding(v.rule, v.severity, v, res.exchange);
    return;
  }
  o.checkResult(res);
  for (const f of expectStatus(invalidParameter, res.exchange, `${bad.param}=${bad.value}, outside its documented ${bad.what === 'date' ? 'format' : 'bounds'},`)) o.addFinding(invalidParameter.id, invalidParameter.severity, f, res.exchange);
}

export async function execute(s: Session, o: Outcome, space: ParamSpace, universe: Universe, r: Resolved): Promise<void> {
  if (r.kind === 'page') return runPage(s, o, space, universe, r);
  if (r.kind === 'walk') return runWalk(s, o, space, universe, r);
  if (r.kind === 'partition') return runPartition(s, o, space, universe, r);
  return runNegative(s, o, space, r);
}
