/**
 * The operations and APIs a run knows, from specs/*.yaml through the catalog's loader: the one list.
 * An operation added to a spec is run (with its suite, suites/<id>.suite.ts); its API is selectable
 * with --api. No module loads the mock from here: suite workers import it too.
 */
import type { ApiName } from '../types.js';
import { loadSchemaFiles } from '../schemas.js';
import { loadOperations, specFiles, type OperationInfo } from '../catalog/specs.js';
import type { TargetInfo } from './target.js';

let specOperationsRead: readonly OperationInfo[] | undefined;

/** Every operation of specs/*.yaml, read once. */
export function specOperations(): readonly OperationInfo[] {
  specOperationsRead ??= loadOperations(loadSchemaFiles(), specFiles());
  return specOperationsRead;
}

/** An operation that mutates (any method but GET): its suite runs after every read-only one. */
export const isMutating = (operation: Pick<OperationInfo, 'method'>): boolean => operation.method.toUpperCase() !== 'GET';

/** The part of a target that serves each API (the type makes a new API name here a compile error until it has one). */
export const TARGET_SECTION = {
  'twilio-video': 'twilioVideo',
  'twilio-insights': 'twilioInsights',
  telnyx: 'telnyx',
} as const satisfies Record<ApiName, keyof TargetInfo>;

/** The part of `target` that serves `api`, when it is configured. */
export function targetOf(target: TargetInfo, api: ApiName): TargetInfo[(typeof TARGET_SECTION)[ApiName]] {
  return target[TARGET_SECTION[api]];
}
