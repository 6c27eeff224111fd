/** How a rule function is made: named after its rule, with its options validated when the ruleset loads. */
import { createRulesetFunction, type RulesetFunction, type RulesetFunctionWithValidator } from '@stoplight/spectral-core';

type OptionsSchema = Parameters<typeof createRulesetFunction>[0]['options'];

/**
 * A Spectral function whose name is `ruleId`: Spectral names the function in its option errors
 * ("rollcall-sid-pattern" function is missing "length" option), so the id printed there is the
 * rule's and the file's. Any input is accepted; the function narrows it.
 */
export function defineRuleFunction<O>(ruleId: string, options: OptionsSchema, fn: RulesetFunction<unknown, O>): RulesetFunctionWithValidator<unknown, O> {
  Object.defineProperty(fn, 'name', { value: ruleId });
  return createRulesetFunction<unknown, O>({ input: null, options }, fn);
}
