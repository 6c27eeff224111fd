/** rollcall as a library: `import { loadCatalog } from 'rollcall'`. */
export { loadCatalog, createCatalog, UnknownOperationError } from './catalog/catalog.js';
export type { Catalog, CatalogOptions, ValidateOptions, RuleInfo, SeverityOverrides } from './catalog/catalog.js';
export type { OperationInfo, ParameterInfo, ResponseInfo } from './catalog/specs.js';
export type { Violation, Severity, Exchange, HttpRequest, HttpResponse, Finding, ApiName } from './types.js';
export { EXCHANGE_CHECKS } from './checks/index.js';
export type { Check, CheckContext } from './checks/index.js';
export { jsonSchemaAdapter } from './run/pactum-adapter.js';
export { startMock } from './mock/index.js';
export type { MockOptions, RunningMock } from './mock/index.js';
export { driftFromRecordings, DriftAggregator, DRIFT_RULES } from './drift/index.js';
export type { DriftReport } from './drift/index.js';
export { diffSpecs } from './diff/index.js';
export type { RollcallConfig } from './run/config.js';
export type { WalkCheck } from './checks/walk/walk.js';
