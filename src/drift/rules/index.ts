import type { DriftRule } from './rule.js';
import { typeObserved } from './type-observed.js';
import { nullability } from './nullability.js';
import { enumValueUndocumented } from './enum-value-undocumented.js';
import { enumValueUnseen } from './enum-value-unseen.js';
import { patternMissRate } from './pattern-miss-rate.js';
import { formatMissRate } from './format-miss-rate.js';
import { requiredMissing } from './required-missing.js';
import { undocumentedField } from './undocumented-field.js';
import { fieldUnseen } from './field-unseen.js';

export type { DriftRule, DriftDraft } from './rule.js';

/** Every drift rule, in report order. File name = rule id without `drift.`. */
export const DRIFT_RULES: readonly DriftRule[] = [
  typeObserved,
  nullability,
  enumValueUndocumented,
  patternMissRate,
  formatMissRate,
  requiredMissing,
  undocumentedField,
  enumValueUnseen,
  fieldUnseen,
];
