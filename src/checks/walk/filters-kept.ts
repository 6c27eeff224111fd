import type { WalkCheck, WalkFinding } from './types.js';
import { isTwilio, listsResources, metaOf, parseUrl, redactUrl } from './support.js';
import { pagingProfile, type PagingProfile } from '../../catalog/facts.js';
import type { OperationInfo } from '../../catalog/specs.js';
import type { JsonSchema } from '../../schemas.js';
import { loadSchemaFiles } from '../../schemas.js';
import { keepsParam, pageShape, servedAnotherSize, showParam } from '../pagination/links.js';

const LINK_FIELDS = ['url', 'first_page_url', 'next_page_url', 'previous_page_url'] as const;

/** The paging profile of an operation (from schemas/), computed once per operation. */
const profiles = new WeakMap<OperationInfo, PagingProfile>();
function pagingOf(operation: OperationInfo, parameterSchema: (name: string) => JsonSchema | undefined): PagingProfile {
  let profile = profiles.get(operation);
  if (!profile) profiles.set(operation, (profile = pagingProfile(operation, loadSchemaFiles(), parameterSchema)));
  return profile;
}

export const filtersKept: WalkCheck = {
  id: 'pagination.filters-kept',
  severity: 'error',
  description: 'Every page link (url, first_page_url, next_page_url, previous_page_url) of every page keeps what the first request asked: each filter with the same value, and the page size (its documented default when none was asked).',
  appliesTo: (op) => listsResources(op) && isTwilio(op.api),
  run(walk, context) {
    const first = parseUrl(walk.firstUrl);
    if (!first) return [];
    const paging = pagingOf(context.operation, context.parameterSchema);
    const shape = pageShape(first, context.operation, paging, context.parameterSchema);
    if (shape.length === 0) return [];
    const out: WalkFinding[] = [];
    walk.pages.forEach((page, pageIndex) => {
      const meta = metaOf(page);
      for (const field of LINK_FIELDS) {
        const link = parseUrl(meta?.[field], page.request?.url);
        if (!link) continue;
        for (const param of shape) {
          // A page served at another size is page-not-full's (and page-size-echo's) cause, not its links'.
          if (servedAnotherSize(meta, paging, param) || keepsParam(link, param, context.parameterSchema)) continue;
          const kept = link.searchParams.getAll(param.name);
          const what = param.kind === 'filter' ? `the filter ${param.name}` : `the page size ${param.name}${param.defaulted ? ' (its documented default)' : ''}`;
          out.push({
            pageIndex,
            path: `/meta/${field}`,
            expected: showParam(param.name, param.values),
            actual: kept.length ? showParam(param.name, kept) : redactUrl(link.href),
            message: `Page ${pageIndex}'s ${field} ${kept.length ? 'changes' : 'drops'} ${what}.`,
            hint:
              param.kind === 'filter'
                ? `Keep every filter of the request in the page links; a client following them gets items that ${param.name} excluded.`
                : `Keep ${param.name}=${param.values[0]} in every page link; a client following them gets pages of another size, and items skipped or repeated.`,
          });
        }
      }
    });
    return out;
  },
};
