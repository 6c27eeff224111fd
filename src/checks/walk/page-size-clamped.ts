import type { RuleMeta } from './support.js';

/** Found by pageSizeOutOfRange (page-size-out-of-range.ts), which decides between the two outcomes. */
export const pageSizeClampedRule: RuleMeta = {
  id: 'pagination.page-size-clamped',
  severity: 'warning',
  description: 'A page size outside the documented bounds is silently clamped to the nearest bound (and echoed) instead of being rejected with 400.',
};
