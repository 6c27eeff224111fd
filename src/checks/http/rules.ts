/** The HTTP rules the catalog judges on every exchange, one file each. */
import type { HttpRule } from './rule.js';
import { bodyJson } from './body-json.js';
import { statusUndocumented } from './status-undocumented.js';
import { contentType } from './content-type.js';
import { errorShape } from './error-shape.js';

export type { HttpRule } from './rule.js';
export { bodyJson, bodyJsonFinding, parseBody } from './body-json.js';
export {
  documentingCode,
  parseResponseCode,
  statusesOf,
  statusUndocumented,
  statusUndocumentedFinding,
  statusUndocumentedFindings,
  type DocumentedStatus,
  type RangeCode,
} from './status-undocumented.js';
export { contentType, contentTypeFinding, contentTypeFindings } from './content-type.js';
export { asErrorShape, errorShape, errorShapeMessage } from './error-shape.js';

export const HTTP_RULES: HttpRule[] = [bodyJson, statusUndocumented, contentType, errorShape];
