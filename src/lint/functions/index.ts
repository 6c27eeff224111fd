/**
 * The rule functions that specs/rules/rollcall.spectral.yaml may name, by name. A function's
 * name is the id of the rule that uses it and the name of its file.
 */
import type { RulesetFunctionWithValidator } from '@stoplight/spectral-core';
import rollcallEnumRef from './rollcall-enum-ref.js';
import rollcallListMeta from './rollcall-list-meta.js';
import rollcallPageSizeBounds from './rollcall-page-size-bounds.js';
import rollcallSidPattern from './rollcall-sid-pattern.js';

// `any`: each function validates and narrows its own options; a map of functions with different
// options types can only use the loosest one (as Spectral's own IRuleThen does).
export const RULE_FUNCTIONS: Readonly<Record<string, RulesetFunctionWithValidator<unknown, any>>> = {
  'rollcall-enum-ref': rollcallEnumRef,
  'rollcall-list-meta': rollcallListMeta,
  'rollcall-page-size-bounds': rollcallPageSizeBounds,
  'rollcall-sid-pattern': rollcallSidPattern,
};
