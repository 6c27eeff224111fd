/** The explorer's pure parts: the parameter space, case ids and seeds, the model of the filters, combination counts. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/index.js';
import { paramSpace } from '../../src/explore/space.js';
import { caseSeed, formatCaseId, parseCaseId } from '../../src/explore/cases.js';
import { expectedItems } from '../../src/explore/model.js';
import { recipeArbitrary } from '../../src/explore/recipe.js';
import { parameterCombinations } from '../../src/explore/combinations.js';
import { itemPath, statefulOperations } from '../../src/explore/stateful-ops.js';
import type { Universe } from '../../src/explore/universe.js';

const catalog = await loadCatalog();
const VIDEO = 'twilio-video.listRoomParticipants';
const TELNYX = 'telnyx.listRoomSessionParticipants';
const INSIGHTS = 'twilio-insights.listConferenceParticipants';
const UPDATE = 'twilio-video.updateRoomParticipant';

describe('paramSpace', () => {
  it.each([
    [VIDEO, ['Status:enum', 'Identity:string', 'DateCreatedAfter:timestamp', 'DateCreatedBefore:timestamp']],
    [INSIGHTS, ['ParticipantSid:string', 'Label:string', 'Events:string']],
    [TELNYX, ['filter[date_joined_at]:date-operators', 'filter[date_updated_at]:date-operators', 'filter[date_left_at]:date-operators', 'filter[context]:string']],
  ])('%s: filters and their kinds come from the spec', (op, expected) => {
    expect(paramSpace(catalog, op).filters.map((f) => `${f.name}:${f.kind}`)).toEqual(expected);
  });

  it('reads page-size bounds and the deepObject operators from schemas/', () => {
    const s = paramSpace(catalog, TELNYX);
    const schema = catalog.parameterSchema(TELNYX, s.sizeParam);
    expect(s.size).toEqual({ min: schema?.minimum, max: schema?.maximum, def: schema?.default });
    expect(s.filters[0]?.operators).toEqual(Object.keys(catalog.parameterSchema(TELNYX, 'filter[date_joined_at]')?.properties ?? {}));
    expect(s.pagesByNumber).toBe(true);
    expect(paramSpace(catalog, VIDEO).pagesByNumber).toBe(false);
  });
});

describe('case ids and seeds', () => {
  it.each([
    [{ operationId: TELNYX, index: 17 }, `${TELNYX}/17`],
    [{ operationId: VIDEO, index: 0, path: '0:3:1' }, `${VIDEO}/0/0:3:1`],
    // A stateful sequence's replayPath, base64 with - and _ for + and /.
    [{ operationId: UPDATE, index: 4, path: '2:0:1', replay: 'A+/B:F' }, `${UPDATE}/4/2:0:1/A-_B:F`],
  ])('%j <-> %s', (id, text) => {
    expect(formatCaseId(id)).toBe(text);
    expect(parseCaseId(text)).toEqual(id);
  });

  it.each(['telnyx/17', `${VIDEO}/x`, `${VIDEO}/1/0::1`, '', `${UPDATE}/1/AB:C`, `${UPDATE}/1/0:1/A+B:C`])('refuses %j', (text) => {
    expect(() => parseCaseId(text)).toThrow(/OPERATION\/INDEX/);
  });

  it('derives a distinct, stable seed per operation and index', () => {
    expect(caseSeed(1, VIDEO, 0)).toBe(caseSeed(1, VIDEO, 0));
    const seeds = new Set([0, 1, 2].flatMap((i) => [VIDEO, TELNYX].map((op) => caseSeed(1, op, i))));
    expect(seeds.size).toBe(6);
  });

  it('fc.sample draws the recipe fc.check runs first (test names rely on it)', async () => {
    const arb = recipeArbitrary(fc, paramSpace(catalog, TELNYX), 3);
    for (let i = 0; i < 20; i++) {
      const seed = caseSeed(5, TELNYX, i);
      const [sampled] = fc.sample(arb, { seed, numRuns: 1 });
      let checked: unknown;
      await fc.check(fc.asyncProperty(arb, async (r) => void (checked = r)), { seed, numRuns: 1 });
      expect(checked).toEqual(sampled);
    }
  });
});

describe('statefulOperations: the commands of stateful sequences, from the specs', () => {
  it('Video: list, fetch one segment below it, and the update that sets the list\'s enum filter to one value', () => {
    const ops = statefulOperations(catalog);
    expect(ops.map((o) => o.api)).toEqual(['twilio-video']);
    const video = ops[0];
    const fetchOp = catalog.operations.find((o) => o.api === 'twilio-video' && o.method === 'GET' && o.id !== VIDEO);
    const status = paramSpace(catalog, VIDEO).filters.find((f) => f.kind === 'enum');
    expect(video?.list.operationId).toBe(VIDEO);
    expect(video?.statusParam).toBe(status?.name);
    expect(video?.fetch).toEqual({ id: fetchOp?.id, path: fetchOp?.path });
    expect(video?.kick).toMatchObject({ id: UPDATE, method: 'POST', path: fetchOp?.path, param: status?.name });
    expect(status?.values).toContain(video?.kick?.value);
    // The one value the update's schema documents, read from schemas/ (Insights and Telnyx have no fetch and no update).
    const body = catalog.operation(UPDATE).requestBody;
    expect(body?.contentType).toBe(video?.kick?.contentType);
  });

  it('itemPath fills the parent and the item, each one encoded path segment', () => {
    expect(itemPath('/v1/Rooms/{A}/Participants/{B}', 'RM 1', 'a/b')).toBe('/v1/Rooms/RM%201/Participants/a%2Fb');
  });
});

describe('the model of the filters', () => {
  const item = (sid: string, status: string, created: string, identity = sid) => ({ sid, status, identity, date_created: created });
  const all = [item('PA1', 'connected', '2024-01-01T00:00:00Z'), item('PA2', 'disconnected', '2024-01-02T00:00:00Z'), item('PA3', 'connected', '2024-01-03T00:00:00Z')];
  const universe: Universe = { all, unfiltered: all.filter((i) => i.status === 'connected'), strings: new Map(), timestamps: [], dates: [] };
  const sids = (items: Array<Record<string, unknown>> | undefined) => items?.map((i) => i.sid);

  it.each([
    [[], ['PA1', 'PA3'], ['PA1', 'PA3']],
    [[['Status', 'disconnected']], ['PA2'], ['PA2']],
    [[['Identity', 'PA3']], ['PA3'], ['PA3']],
    // A bound equal to an item's timestamp: allowed (inclusive checks) but not required (NOTES V10).
    [[['Status', 'connected'], ['DateCreatedAfter', '2024-01-03T00:00:00Z']], [], ['PA3']],
    [[['Status', 'connected'], ['DateCreatedAfter', '2024-01-02T00:00:00Z']], ['PA3'], ['PA3']],
  ])('%j requires %j, allows %j', (filters, required, allowed) => {
    const e = expectedItems(catalog, paramSpace(catalog, VIDEO), universe, filters as Array<[string, string]>);
    expect(sids(e?.required)).toEqual(required);
    expect(sids(e?.allowed)).toEqual(allowed);
  });

  it('says nothing under a filter no check reads (Insights Events, NOTES I10)', () => {
    const u: Universe = { ...universe, all: [], unfiltered: [] };
    expect(expectedItems(catalog, paramSpace(catalog, INSIGHTS), u, [['Events', 'hold']])).toBeUndefined();
    expect(expectedItems(catalog, paramSpace(catalog, INSIGHTS), u, [['Label', 'x']])).toEqual({ required: [], allowed: [] });
  });
});

describe('parameterCombinations', () => {
  it('counts pairs of filters and page size by filter per list operation', () => {
    const base = 'http://x/v2/room_sessions/s/participants';
    const rows = parameterCombinations(catalog, [
      { operation: TELNYX, url: `${base}?filter[context]=a&filter[date_joined_at][gte]=2024-01-01&page[size]=1` },
      { operation: TELNYX, url: `${base}?filter[context]=a&page[size]=251` },
      { operation: TELNYX, url: base },
    ]);
    expect(rows).toHaveLength(1);
    const t = rows[0];
    expect(t?.requests).toBe(3);
    expect(t?.filterSets).toBe(3);
    expect(t?.pairs.list).toEqual([{ filters: ['filter[date_joined_at][gte]', 'filter[context]'], requests: 1 }]);
    expect(t?.pairs.possible).toBe((10 * 9) / 2);
    expect(t?.sizeByFilter.list).toEqual([
      { size: 'minimum', filter: 'filter[date_joined_at][gte]', requests: 1 },
      { size: 'minimum', filter: 'filter[context]', requests: 1 },
      { size: 'above-maximum', filter: 'filter[context]', requests: 1 },
    ]);
  });
});
