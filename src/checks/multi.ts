/**
 * The checks that look at more than one exchange: a walk over every page, the Status partition,
 * list-vs-fetch consistency and the kick lifecycle. Each is a pure function; the runner does the
 * requests. MULTI_RULES lists every rule they can report, for the runner, the config and reports.
 */
import type { Severity } from '../types.js';
import { WALK_CHECKS } from './walk/walk.js';
import { pageSizeOutOfRangeRules } from './walk/page-size-out-of-range.js';
import { partitionRule } from './consistency/partition.js';
import { fetchMatchesListRule } from './consistency/fetch-matches-list.js';
import { identityFetchRule } from './consistency/identity-fetch.js';
import { urlResolvesRule } from './consistency/url-resolves.js';
import { kickSetsEndRule } from './lifecycle/kick-sets-end.js';
import { kickMovesFilterRule } from './lifecycle/kick-moves-filter.js';
import { secondKickRule } from './lifecycle/second-kick.js';

export { walkPages, checkWalk, WALK_CHECKS } from './walk/walk.js';
export type { Walk, WalkStop, StopReason, WalkFinding, WalkCheck, WalkContext, WalkOptions } from './walk/walk.js';
export { createWalkContext } from './walk/context.js';
export { pageSizeOutOfRange, pageSizeOutOfRangeRule, pageSizeOutOfRangeRules } from './walk/page-size-out-of-range.js';
export { pageSizeClampedRule } from './walk/page-size-clamped.js';
export { ID_FIELD, type LocatedFinding, type RuledFinding, type RuleMeta } from './walk/support.js';
export { listedFromExchange, listedFromWalk, type Listed } from './consistency/listed.js';
export { partition, partitionRule, type PartitionInput } from './consistency/partition.js';
export { fetchMatchesList, fetchMatchesListRule } from './consistency/fetch-matches-list.js';
export { identityFetch, identityFetchRule } from './consistency/identity-fetch.js';
export { urlResolves, urlResolvesRule } from './consistency/url-resolves.js';
export { kickSetsEnd, kickSetsEndRule, type KickInput } from './lifecycle/kick-sets-end.js';
export { kickMovesFilter, kickMovesFilterRule, type KickFilterInput } from './lifecycle/kick-moves-filter.js';
export { secondKick, secondKickRule, type SecondKickInput } from './lifecycle/second-kick.js';

export type MultiRuleKind = 'walk' | 'page-size' | 'partition' | 'consistency' | 'lifecycle';

export interface MultiRuleInfo {
  id: string;
  severity: Severity;
  description: string;
  kind: MultiRuleKind;
}

const meta = (kind: MultiRuleKind) => (r: { id: string; severity: Severity; description: string }): MultiRuleInfo => ({ id: r.id, severity: r.severity, description: r.description, kind });

/** Every multi-exchange rule, in report order. Ids are unique (the tests hold them to it). */
export const MULTI_RULES: readonly MultiRuleInfo[] = Object.freeze([
  ...WALK_CHECKS.map(meta('walk')),
  ...pageSizeOutOfRangeRules.map(meta('page-size')),
  meta('partition')(partitionRule),
  ...[fetchMatchesListRule, identityFetchRule, urlResolvesRule].map(meta('consistency')),
  ...[kickSetsEndRule, kickMovesFilterRule, secondKickRule].map(meta('lifecycle')),
]);
