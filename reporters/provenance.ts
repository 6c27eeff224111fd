/**
 * Kept for scripts/gen-rules-doc.mjs, which reads dist/reporters/provenance.js: provenance is findings
 * logic and lives in src/findings/provenance.ts. No reporter or src/ module imports this file.
 */
export { documentOf, SOURCE_KEYWORD, sourceText } from '../src/findings/provenance.js';
