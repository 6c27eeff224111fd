/**
 * Cases for Telnyx room-session participants: page[size] in and out of bounds, page[number] past
 * the end, walks, filter[context], every deepObject date filter and operator inside and outside
 * the session's range, a malformed date, 401 and 404.
 */
import type { Session } from '../session.js';
import type { Outcome } from '../outcome.js';
import type { Discovered } from '../target.js';
import { authRequired, invalidParameter, notFound } from '../../checks/http/expected-status.js';
import { droppedMatch, droppedMatches } from '../../checks/filter/dropped-match.js';
import { allWalkItems, discoverItems, oneItemPerPage, plannedWalkCases, pageIndexCaseList, pageSizeCaseList, buildUrl, checkedWalk, listKeyOf, referencePage, type Case, type Params } from './common.js';
import { DATE_FILTERS } from '../../checks/filter/index.js';
import { shiftDate } from '../../timestamps.js';
import { need, Unmet } from '../needs.js';
import { judgeDrops, placedBoundCases } from './bounds.js';

const OP = 'telnyx.listRoomSessionParticipants';
const SIZE = 'page[size]';
const NUMBER = 'page[number]';

/** The deepObject date filters the spec documents and a check judges: name → item field they filter (from the checks' own files). */
function dateFilters(s: Session): Array<{ name: string; field: string }> {
  const field: Record<string, string> = Object.fromEntries(DATE_FILTERS.map((c) => [c.filter.name, c.filter.field]));
  return s.catalog
    .operation(OP)
    .parameters.filter((p) => p.style === 'deepObject')
    .map((p) => p.name.replace(/^filter\[(.*)\]$/, '$1'))
    .filter((n) => field[n] !== undefined)
    .map((n) => ({ name: n, field: field[n] as string }));
}

/** The operators of a deepObject filter, from its schema's properties (eq, gte, lte). */
function operators(s: Session, name: string): string[] {
  const schema = s.catalog.parameterSchema(OP, `filter[${name}]`);
  return Object.keys((schema?.properties ?? {}) as Record<string, unknown>);
}


export function telnyxCases(s: Session, baseUrl: string, session: { id: string; participants?: number; discovered?: Discovered }): Case[] {
  const path = `/room_sessions/${encodeURIComponent(session.id)}/participants`;
  const url = (params: Params = {}) => buildUrl(baseUrl, path, params);
  const sizeSchema = s.catalog.parameterSchema(OP, SIZE);
  if (!sizeSchema) throw new Error(`rollcall: ${OP} documents no ${SIZE}`);
  const max = sizeSchema.maximum as number;
  const def = sizeSchema.default as number;
  const probe = () => s.probe(OP);
  const single = (params: Params) => async (o: Outcome) => o.checkResult(await probe().send({ method: 'GET', url: url(params) }));
  // What discovery read; where it could not, the list read in the case (what it answers judged there).
  const everything = (o: Outcome): Promise<Array<Record<string, unknown>>> => discoverItems(s, o, OP, url({ [SIZE]: max }), max, session.discovered);

  const cases: Case[] = pageSizeCaseList(s, OP, SIZE, url);
  cases.push({ name: `${NUMBER} past the last page`, run: single({ [SIZE]: max, [NUMBER]: 1000 }) });
  cases.push(...pageIndexCaseList(s, OP, NUMBER, url));
  cases.push({
    name: `walk every page at ${SIZE}=${def}`,
    run: async (o) => {
      const reference = await referencePage(s, o, OP, url({ [SIZE]: max }));
      await checkedWalk(s, o, OP, url({ [SIZE]: def }), def, reference);
    },
  });
  cases.push({
    name: `walk every page at ${SIZE}=${max}`,
    run: async (o) => void (await checkedWalk(s, o, OP, url({ [SIZE]: max }), max, undefined)),
  });
  cases.push(oneItemPerPage(s, OP, SIZE, session.discovered?.counts[''], url));
  cases.push(...plannedWalkCases(s, OP, 'the default list', session.discovered?.counts[''], url));
  cases.push({
    name: 'filter[context] of a participant',
    run: async (o) => {
      const someone = need((await everything(o)).find((p) => typeof p.context === 'string'), 'the room session has no participant with a context to filter by');
      const walk = await checkedWalk(s, o, OP, url({ 'filter[context]': someone.context as string, [SIZE]: max }), max, undefined);
      o.judge(droppedMatch, droppedMatches(`filter[context]=${String(someone.context)}`, [someone], allWalkItems(walk, listKeyOf(s, OP)), 'id'), walk.pages[0]);
    },
  });
  cases.push({ name: 'filter[context] nobody has', run: single({ 'filter[context]': 'rollcall-no-such-context' }) });
  for (const { name, field } of dateFilters(s)) {
    for (const op of operators(s, name)) {
      for (const where of ['inside', 'outside'] as const) {
        cases.push({
          name: `filter[${name}][${op}] ${where} the session's range`,
          run: async (o) => {
            const items = await everything(o);
            const days = items.map((p) => (typeof p[field] === 'string' ? String(p[field]).slice(0, 10) : undefined)).filter((d): d is string => d !== undefined).sort();
            if (days.length === 0) throw new Unmet(`the room session has no participant with ${field} to place the bound by`);
            const first = days[0] as string;
            const last = days[days.length - 1] as string;
            const value = where === 'inside' ? (op === 'lte' ? last : first) : op === 'lte' ? shiftDate(first, -1) : shiftDate(last, 1);
            const walk = await checkedWalk(s, o, OP, url({ [`filter[${name}][${op}]`]: value, [SIZE]: max }), max, undefined);
            if (where === 'inside' && op !== 'eq') {
              const expected = items.filter((p) => typeof p[field] === 'string');
              const reRead = async () => allWalkItems(await checkedWalk(s, o, OP, url({ [SIZE]: max }), max, undefined), listKeyOf(s, OP));
              const filteredAgain = async () => allWalkItems(await checkedWalk(s, o, OP, url({ [`filter[${name}][${op}]`]: value, [SIZE]: max }), max, undefined), listKeyOf(s, OP));
              await judgeDrops(s, o, OP, { text: `filter[${name}][${op}]=${value}`, query: { [`filter[${name}][${op}]`]: value } }, expected, allWalkItems(walk, listKeyOf(s, OP)), reRead, walk.pages[0], filteredAgain);
            }
          },
        });
      }
    }
  }
  // Bounds placed from the data (src/run/cases/bounds.ts): between participants' days, on one, where one's fields disagree.
  const filters = dateFilters(s);
  for (const { name, field } of filters) {
    for (const op of operators(s, name)) {
      const others = filters.map((f) => f.field).filter((f) => f !== field);
      cases.push(...placedBoundCases(s, OP, { param: `filter[${name}][${op}]`, field, others, unit: 'day' }, everything, url));
    }
  }
  const firstDateFilter = dateFilters(s)[0];
  if (firstDateFilter) {
    cases.push({
      name: `filter[${firstDateFilter.name}][eq] malformed: 400`,
      run: async (o) => {
        const r = await probe().send({ method: 'GET', url: url({ [`filter[${firstDateFilter.name}][eq]`]: 'yesterday' }) });
        o.checkResult(r);
        o.expectStatus(invalidParameter, r.exchange, 'A malformed date filter');
      },
    });
  }
  for (const [name, auth] of [['no credentials: 401', 'none'], ['wrong credentials: 401', 'wrong']] as const) {
    cases.push({
      name,
      run: async (o) => {
        const r = await probe().send({ method: 'GET', url: url(), auth });
        o.checkResult(r);
        o.expectStatus(authRequired, r.exchange, `A request with ${auth === 'none' ? 'no' : 'wrong'} credentials`);
      },
    });
  }
  cases.push({
    name: 'unknown room session: 404',
    run: async (o) => {
      const r = await probe().send({ method: 'GET', url: buildUrl(baseUrl, '/room_sessions/00000000-0000-4000-8000-000000000000/participants') });
      o.checkResult(r);
      o.expectStatus(notFound, r.exchange, 'A request for an unknown room session');
    },
  });
  return cases;
}
