/**
 * The checks that look at more than one exchange: a walk over every page, the Status partition,
 * list-vs-fetch consistency and the kick lifecycle. Each is a pure function; the runner does the
 * requests. MULTI_RULES (multi-rules.ts) lists every rule they can report.
 */
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

export { MULTI_RULES, type MultiRuleInfo, type MultiRuleKind } from './multi-rules.js';
