/**
 * Every rule the multi-exchange checks can report, with its kind, for the catalog, the config and
 * the reports. Only metadata is read here: the catalog imports this file, not multi.ts (whose
 * createWalkContext reads a catalog), so that catalog and checks import each other in one direction.
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
