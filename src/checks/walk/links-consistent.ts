import type { WalkCheck, WalkFinding } from './types.js';
import { intQuery, isTwilio, listsResources, metaOf, PAGE_INDEX_PARAM, PAGE_TOKEN, pagingDefaults, parseUrl, redactUrl, sameUrl } from './support.js';

type LinkField = 'url' | 'previous_page_url' | 'next_page_url' | 'first_page_url';

/**
 * Twilio's page links agree with each other and with the requests of the walk. URLs compare by
 * meaning: origin, path and the multiset of query parameters, with absent PageSize/Page read as
 * their documented defaults. PageToken values differ by direction (next carries PA…, previous PB…),
 * so links to another page compare the token's presence, not its value.
 */
export const linksConsistent: WalkCheck = {
  id: 'pagination.links-consistent',
  severity: 'error',
  description: 'Twilio page links agree: meta.url is the URL requested, previous_page_url is the previous page\'s url, next_page_url is the next page\'s URL, first_page_url is page 0\'s url on every page.',
  appliesTo: (op) => listsResources(op) && isTwilio(op.api),
  run(walk, context) {
    const defaults = pagingDefaults(walk.api, context.parameterSchema);
    const pageParam = PAGE_INDEX_PARAM[walk.api];
    const firstIndex = Number(defaults[pageParam] ?? 0);
    const metas = walk.pages.map(metaOf);
    const requested = walk.pages.map((p) => parseUrl(p.request?.url));
    const linksOf = (field: LinkField): Array<URL | undefined> => metas.map((m) => parseUrl(m?.[field]));
    const self = linksOf('url');
    const previous = linksOf('previous_page_url');
    const next = linksOf('next_page_url');
    const first = linksOf('first_page_url');
    const tokensInUse = requested.some((u, i) => i > 0 && u?.searchParams.has(PAGE_TOKEN)) || next.some((u) => u?.searchParams.has(PAGE_TOKEN));
    const out: WalkFinding[] = [];
    const report = (pageIndex: number, field: LinkField, expected: URL | string, message: string, hint: string): void => {
      const actual = metas[pageIndex]?.[field];
      out.push({
        pageIndex,
        path: `/meta/${field}`,
        expected: typeof expected === 'string' ? expected : redactUrl(expected.href),
        actual: typeof actual === 'string' ? redactUrl(actual) : actual ?? null,
        message,
        hint,
      });
    };
    const r0 = requested[0];
    const walkStartsAtFirstPage = r0 !== undefined && !r0.searchParams.has(PAGE_TOKEN) && (intQuery(r0, pageParam) ?? firstIndex) === firstIndex;

    metas.forEach((meta, i) => {
      if (!meta) return;
      const asked = requested[i];
      const s = self[i];
      if (asked && typeof meta.url === 'string' && (!s || !sameUrl(s, asked, { defaults }))) {
        report(i, 'url', asked, `Page ${i}'s meta.url is not the URL that was requested.`, 'meta.url must name the page returned; clients use it to reload the page.');
      }
      const prevSelf = self[i - 1];
      const p = previous[i];
      if (i > 0 && prevSelf && (meta.previous_page_url === null || (typeof meta.previous_page_url === 'string' && (!p || !sameUrl(p, prevSelf, { defaults, anyToken: true }))))) {
        report(i, 'previous_page_url', prevSelf, `Page ${i}'s previous_page_url is not page ${i - 1}'s meta.url.`, 'previous_page_url must lead back to the page before; clients walking back skip or repeat pages.');
      }
      const prevMeta = metas[i - 1];
      const n = next[i - 1];
      if (i > 0 && asked && prevMeta && typeof prevMeta.next_page_url === 'string' && (!n || !sameUrl(n, asked, { defaults }))) {
        report(i - 1, 'next_page_url', asked, `Page ${i - 1}'s next_page_url is not the URL of page ${i}.`, 'next_page_url must be the URL of the next page.');
      }
      const f = first[i];
      if (typeof meta.first_page_url === 'string') {
        const f0 = first[0];
        if (i === 0 && walkStartsAtFirstPage && r0 && (!f || !sameUrl(f, r0, { defaults }))) {
          report(0, 'first_page_url', r0, 'first_page_url is not the URL of the first page.', 'first_page_url must be the URL of page 0 with the same filters and page size.');
        } else if (i > 0 && f0 && (!f || !sameUrl(f, f0, { defaults }))) {
          report(i, 'first_page_url', f0, `Page ${i}'s first_page_url differs from page 0's.`, 'first_page_url must be the same on every page of one walk.');
        }
      }
      if (!tokensInUse) return;
      for (const [field, link] of [['next_page_url', next[i]], ['previous_page_url', previous[i]], ['url', i > 0 ? s : undefined]] as const) {
        if (link && (intQuery(link, pageParam) ?? firstIndex) > firstIndex && !link.searchParams.has(PAGE_TOKEN)) {
          report(i, field, `a URL with ${PAGE_TOKEN}`, `Page ${i}'s ${field} points past the first page without a ${PAGE_TOKEN}, though the walk's other links carry one.`, `Keep ${PAGE_TOKEN} on every link past the first page; without it the page is addressed by offset and shifts under changes.`);
        }
      }
    });
    return out;
  },
};
