import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 } from 'ajv/dist/2020.js';
import type { Exchange, Severity, Violation } from '../types.js';
import { loadSchemaFiles, resolveDef, type JsonSchema, type SchemaFile } from '../schemas.js';
import { createAjv, RULE_KEYWORD } from './ajv.js';
import { judgeKeyword, judging, marksIn, withJudgeMarks } from './judged.js';
import { checksWithoutInput, exchangeInput } from '../checks/inputs.js';
import { ajvErrorsToViolations } from './adapter.js';
import { assertKeywordsCovered, KEYWORD_RULE_INFO } from './keywords.js';
import { ANNOTATED_RULES, annotatedNodes } from './schema-rules.js';
import { pagingProfile, type PagingProfile } from './facts.js';
import { loadOperations, specFiles, type OperationInfo } from './specs.js';
import { EXCHANGE_CHECKS, type Check, type CheckContext } from '../checks/index.js';
import { listResources } from '../checks/util.js';
import { MULTI_RULES } from '../checks/multi-rules.js';
import { EXPECTED_STATUS_RULES } from '../checks/http/expected-status.js';
import { successStatusVariant, successStatusVariantFindings } from '../checks/http/success-status-variant.js';
import { PROBE_RULES } from '../checks/http/probe-rules.js';
import { requestRefused } from '../checks/proxy/request-refused.js';
import { droppedMatch } from '../checks/filter/dropped-match.js';
import { DRIFT_RULES } from '../drift/rules/index.js';
import { asErrorShape, bodyJson, contentType, contentTypeFindings, documentingCode, errorShape, HTTP_RULES, parseBody, statusUndocumented, statusUndocumentedFindings, type DocumentedStatus } from '../checks/http/rules.js';
import type { Finding } from '../types.js';

export interface ValidateOptions {
  /** The HTTP status of the response (default: the operation's documented success status). */
  status?: number;
  /** The request URL: enables the checks that compare a response with its request (filters, echoes, path ids). */
  requestUrl?: string;
  /** The caller's Twilio account SID: enables `twilio.account-sid-matches-caller`. */
  accountSid?: string;
  /**
   * Receives the violations one at a time instead of the returned array (which is then empty); a long
   * list is then schema-checked in chunks of items, so that memory follows the body, not the number of
   * violations (`rollcall validate` on a page of 200,000 broken items).
   */
  onViolation?: (v: Violation) => void;
  /**
   * Told of every rule this exchange reached (`judged` false: it was offered the exchange but found
   * nothing of its kind in it) or judged (`judged` true: it ran on input it could judge, a value of
   * the node it governs, a parameter it filters by): the run's "rules exercised".
   */
  onRule?: (rule: string, judged: boolean) => void;
}

/** Items per schema check of a long list when violations stream to ValidateOptions.onViolation. */
const SCHEMA_CHUNK = 100;

export interface RuleInfo {
  id: string;
  severity: Severity;
  description: string;
  source: 'schema' | 'check' | 'http' | 'drift';
}

export type SeverityOverrides = Record<string, Severity | 'off'>;

export interface CatalogOptions {
  /** Per-rule severity overrides (`off` drops the rule). Unknown rule ids throw, naming them. */
  severity?: SeverityOverrides;
  /** Other spec files than specs/*.yaml (their $refs must point into schemas/). */
  specs?: string[];
}

export class UnknownOperationError extends Error {
  constructor(readonly operationId: string, readonly known: string[]) {
    super(`unknown operation "${operationId}"; valid operations: ${known.join(', ')}`);
  }
}

interface CompiledOperation {
  info: OperationInfo;
  /** By documented key: an exact status (404) or a range code ('4XX'). */
  validators: Map<DocumentedStatus, ValidateFunction | undefined>;
  successStatus: number;
  /** The documented key of the success response (200, or a range code such as '2XX'). */
  successCode: DocumentedStatus;
  listKey?: string;
  parameterSchemas: Map<string, JsonSchema>;
  paging: PagingProfile;
  checks: Check[];
  /** By documented key below 400: the schema rules whose nodes its schema holds (what validating a body of it can exercise). */
  schemaRules: Map<DocumentedStatus, ReadonlySet<string>>;
}

export interface Catalog {
  readonly operations: readonly OperationInfo[];
  readonly schemaFiles: readonly SchemaFile[];
  /** The compiled view of schemas/, shared by every catalog of the same specs in this thread: add no schema to it. */
  readonly ajv: Ajv2020;
  operation(id: string): OperationInfo;
  /** Validates one response body (raw text or parsed JSON) against its operation's contract. */
  validate(operationId: string, body: unknown, options?: ValidateOptions): Violation[];
  /** Validates a whole exchange: status, body, and every check that applies. */
  check(exchange: Exchange, options?: Omit<ValidateOptions, 'status' | 'requestUrl'>): Violation[];
  /** The resolved schema of a documented parameter, e.g. ('telnyx.listRoomSessionParticipants', 'page[size]'). */
  parameterSchema(operationId: string, name: string): JsonSchema | undefined;
  /** Resolves `file.schema.json#/$defs/X` (or a `$id` URI) to its schema node. */
  resolve(ref: string): JsonSchema;
  /** Which query parameters set an operation's page size and index, and which meta fields echo them (from schemas/). */
  paging(operationId: string): PagingProfile;
  /** Every rule rollcall can report, with its effective severity. */
  rules(): RuleInfo[];
  /** The schema rules (keyword rows and x-rule annotations) whose nodes an operation's documented bodies hold. */
  schemaRules(operationId: string): string[];
}

/** Strips user:password@ from a URL so that no credential reaches a report. */
function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');
}

export async function loadCatalog(options: CatalogOptions = {}): Promise<Catalog> {
  return createCatalog(options);
}

/** What compiling the specs and schemas/ yields, the same for every catalog of them whatever its severities. */
interface Contract {
  files: SchemaFile[];
  ajv: Ajv2020;
  operations: OperationInfo[];
  compiled: Map<string, CompiledOperation>;
  allRules: RuleInfo[];
}

/**
 * The contracts this thread has compiled, by the specs' paths and contents (schemas/ is read once per process,
 * schemas.ts): a second catalog of the same specs (another severity, another caller in the process) shares the
 * compiled validators instead of compiling every schema again, a quarter of a second each time.
 */
const contracts = new Map<string, Contract>();

function contractOf(specs: string[]): Contract {
  const hash = createHash('sha1');
  for (const f of specs) {
    hash.update(`${path.resolve(f)}\0`);
    // A spec that cannot be read is compileContract's to report, naming it.
    hash.update(fs.existsSync(f) ? fs.readFileSync(f) : '\0missing');
    hash.update('\0');
  }
  const key = hash.digest('hex');
  let contract = contracts.get(key);
  if (!contract) {
    contract = compileContract(specs);
    contracts.set(key, contract);
  }
  return contract;
}

function compileContract(specs: string[]): Contract {
  const files = loadSchemaFiles();
  // The compiled copy of schemas/ carries markers that tell which schema rules judged a value (judged.ts).
  const ajv = createAjv(files, { marker: { keyword: judgeKeyword, mark: withJudgeMarks } });
  /** The schema rules reachable from a compiled schema, following the `$ref`s the compiled view kept. */
  const rulesReachable = (root: unknown, base: string | undefined): Set<string> => {
    const out = new Set<string>();
    const seen = new Set<string>();
    const visit = (schema: unknown, at: string | undefined): void => {
      const { rules, refs } = marksIn(schema);
      for (const r of rules) out.add(r);
      for (const ref of refs) {
        let target: string;
        try {
          target = new URL(ref, at).href;
        } catch {
          continue;
        }
        if (seen.has(target)) continue;
        seen.add(target);
        visit(ajv.getSchema(target)?.schema, target);
      }
    };
    visit(root, base);
    return out;
  };
  const operations = loadOperations(files, specs);

  assertKeywordsCovered(files);
  // Every single-exchange check says what input it judges (rules exercised): refused at load, naming the file to fix.
  const withoutInput = checksWithoutInput();
  if (withoutInput.length) throw new Error(`rollcall: ${withoutInput.join(', ')} state no input they judge: add a row to src/checks/inputs.ts`);
  const annotated = new Set(annotatedNodes(files).map((n) => n.rule));
  const unlisted = [...annotated].filter((id) => !ANNOTATED_RULES.some((r) => r.id === id));
  if (unlisted.length) throw new Error(`rollcall: schemas/ annotates ${RULE_KEYWORD} ${unlisted.join(', ')}, not in src/catalog/schema-rules.ts`);
  const allRules: RuleInfo[] = [
    ...KEYWORD_RULE_INFO.map((r) => ({ ...r, source: 'schema' as const })),
    ...ANNOTATED_RULES.filter((r) => annotated.has(r.id)).map((r) => ({ id: r.id, severity: r.severity, description: r.description, source: 'schema' as const })),
    ...EXCHANGE_CHECKS.map((c) => ({ id: c.id, severity: c.severity, description: c.description, source: 'check' as const })),
    ...[...HTTP_RULES, successStatusVariant].map((r) => ({ ...r, source: 'http' as const })),
    ...PROBE_RULES.map((r) => ({ ...r, source: 'http' as const })),
    // rollcall proxy's finding on the application's own request (never a run's: no operation's rule, src/checks/inputs.ts).
    { id: requestRefused.id, severity: requestRefused.severity, description: requestRefused.description, source: 'http' as const },
    ...EXPECTED_STATUS_RULES.map((r) => ({ id: r.id, severity: r.severity, description: r.description, source: 'http' as const })),
    ...[...MULTI_RULES, droppedMatch].map((r) => ({ id: r.id, severity: r.severity, description: r.description, source: 'check' as const })),
    // rollcall drift's rules (drift.undocumented-field is also the schema adapter's): info findings list as warnings.
    ...DRIFT_RULES.filter((r) => r.id !== 'drift.undocumented-field').map((r) => ({ id: r.id, severity: (r.severity === 'error' ? 'error' : 'warning') as Severity, description: r.description, source: 'drift' as const })),
  ];
  const compiled = new Map<string, CompiledOperation>();
  for (const info of operations) {
    if (compiled.has(info.id)) throw new Error(`rollcall: operation ${info.id} is defined twice (${info.specFile})`);
    const validators = new Map<DocumentedStatus, ValidateFunction | undefined>();
    const schemaRules = new Map<DocumentedStatus, ReadonlySet<string>>();
    for (const r of info.responses) {
      if (!r.schemaRef) {
        validators.set(r.code, undefined);
        continue;
      }
      const validate = ajv.getSchema(r.schemaRef);
      if (!validate) throw new Error(`rollcall: ${info.specFile}: ${info.id} ${r.status}: schema ${r.schemaRef} not found in schemas/`);
      validators.set(r.code, validate);
      // An error body's schema findings are http.error-shape's (asErrorShape): only the other bodies exercise schema rules.
      if (typeof r.code === 'number' ? r.code < 400 : !/^[45]/.test(r.code)) schemaRules.set(r.code, rulesReachable(validate.schema, r.schemaRef));
    }
    const success = info.responses.find((r) => r.status >= 200 && r.status < 300);
    if (!success) throw new Error(`rollcall: ${info.specFile}: ${info.id} documents no 2xx response`);
    const successSchema = success.schemaRef ? resolveDef(success.schemaRef, files) : undefined;
    const properties = (successSchema?.properties ?? {}) as Record<string, JsonSchema>;
    const listKey = Object.entries(properties).find(([, s]) => s.type === 'array')?.[0];
    const parameterSchemas = new Map<string, JsonSchema>();
    for (const p of info.parameters) {
      const s = typeof p.schema.$ref === 'string' ? { ...resolveDef(p.schema.$ref, files), ...p.schema } : p.schema;
      parameterSchemas.set(p.name, s);
    }
    compiled.set(info.id, {
      info,
      validators,
      successStatus: success.status,
      successCode: success.code,
      listKey,
      parameterSchemas,
      paging: pagingProfile(info, files, (name) => parameterSchemas.get(name)),
      checks: EXCHANGE_CHECKS.filter((c) => c.appliesTo(info)),
      schemaRules,
    });
  }
  return { files, ajv, operations, compiled, allRules };
}

export function createCatalog(options: CatalogOptions = {}): Catalog {
  const { files, ajv, operations, compiled, allRules } = contractOf(options.specs ?? specFiles());
  const known = new Set(allRules.map((r) => r.id));
  const overrides = options.severity ?? {};
  for (const [id, level] of Object.entries(overrides)) {
    if (!known.has(id)) {
      throw new Error(`rollcall: severity override for unknown rule "${id}"; known rules: ${[...known].sort().join(', ')}`);
    }
    if (!['error', 'warning', 'off'].includes(level)) throw new Error(`rollcall: severity override for "${id}" is "${String(level)}"; use error, warning or off`);
  }
  const applyOverrides = (vs: Violation[]): Violation[] => {
    if (Object.keys(overrides).length === 0) return vs;
    const out: Violation[] = [];
    for (const v of vs) {
      const level = overrides[v.rule];
      if (level === 'off') continue;
      out.push(level ? { ...v, severity: level } : v);
    }
    return out;
  };

  const ids = [...compiled.keys()];
  const get = (id: string): CompiledOperation => {
    const op = compiled.get(id);
    if (!op) throw new UnknownOperationError(id, ids);
    return op;
  };

  function checkExchange(
    op: CompiledOperation,
    exchange: Exchange,
    extra: { accountSid?: string; onViolation?: (v: Violation) => void; flush?: (vs: Violation[]) => void; onRule?: (rule: string, judged: boolean) => void },
  ): Violation[] {
    if (extra.onViolation) {
      const sink = extra.onViolation;
      const flush = (vs: Violation[]): void => {
        for (const v of applyOverrides(vs)) sink(v);
      };
      for (const v of checkExchange(op, exchange, { accountSid: extra.accountSid, flush, onRule: extra.onRule })) sink(v);
      return [];
    }
    const noteRule = extra.onRule ?? ((): void => undefined);
    const operation = op.info.id;
    const requestUrl = exchange.request?.url;
    const request = requestUrl ? { method: exchange.request?.method ?? op.info.method, url: redactUrl(requestUrl) } : undefined;
    const status = exchange.response.status;
    const withMeta = (rule: string, severity: Severity, f: Finding): Violation => ({ rule, severity, operation, ...f, ...(request ? { request } : {}) });
    const out: Violation[] = [];
    // A 2xx the document does not list is a warning (every official SDK treats any 2xx as success,
    // specs/NOTES.md V12); its body is held to the documented success response.
    // A status is documented exactly or by its range code (4XX), the exact one first (OpenAPI).
    const documentedStatuses = [...op.validators.keys()];
    const documentedBy = documentingCode(status, documentedStatuses);
    const variants = documentedBy === undefined ? successStatusVariantFindings(status, documentedStatuses.filter((s): s is number => typeof s === 'number')) : [];
    const variant = variants.length > 0;
    for (const f of variants) out.push(withMeta(successStatusVariant.id, successStatusVariant.severity, f));
    const success = status >= 200 && status < 300;
    noteRule(statusUndocumented.id, true);
    noteRule(successStatusVariant.id, success);
    const undocumented = statusUndocumentedFindings(status, documentedStatuses);
    if (undocumented.length > 0) return undocumented.map((f) => withMeta(statusUndocumented.id, statusUndocumented.severity, f));
    const key = variant ? op.successCode : documentedBy;
    const documented = op.info.responses.find((r) => r.code === key);
    noteRule(contentType.id, documented?.contentType !== undefined);
    for (const f of contentTypeFindings(exchange.response.headers, documented?.contentType)) out.push(withMeta(contentType.id, contentType.severity, f));
    noteRule(bodyJson.id, true);
    const parsed = parseBody(exchange.response.body);
    if (parsed.findings.length > 0) {
      for (const f of parsed.findings) out.push(withMeta(bodyJson.id, bodyJson.severity, f));
      return applyOverrides(out);
    }
    const body = parsed.body;
    const validator = key === undefined ? undefined : op.validators.get(key);
    const addSchemaViolations = (violations: Violation[]): void => {
      for (const v of violations) {
        const mapped = asErrorShape(status, v);
        out.push(request ? { ...mapped, request } : mapped);
      }
    };
    // A body of an error status is held to the vendor's error shape (http.error-shape); a success body exercises the schema rules that judged one of its values.
    const refused = status >= 400;
    noteRule(errorShape.id, refused && validator !== undefined);
    const reachable = key === undefined ? undefined : op.schemaRules.get(key);
    const judgedRules = new Set<string>();
    const validate = (value: unknown): boolean => {
      if (!validator) return true;
      if (!extra.onRule || refused) return validator(value);
      const { result, rules } = judging(() => validator(value));
      for (const r of rules) judgedRules.add(r);
      return result;
    };
    const items = extra.flush && op.listKey && body && typeof body === 'object' ? (body as Record<string, unknown>)[op.listKey] : undefined;
    if (validator && extra.flush && op.listKey && Array.isArray(items) && items.length > SCHEMA_CHUNK) {
      // The same errors as one call on the whole body: each chunk of items in a copy of the page, its
      // item paths moved by the chunk's offset; errors outside the items are taken from the first chunk.
      const prefix = `/${op.listKey}/`;
      for (let start = 0; start < items.length; start += SCHEMA_CHUNK) {
        const page = { ...(body as Record<string, unknown>), [op.listKey]: items.slice(start, start + SCHEMA_CHUNK) };
        if (validate(page)) continue;
        for (const e of validator.errors ?? []) {
          if (!e.instancePath.startsWith(prefix)) continue;
          const rest = e.instancePath.slice(prefix.length);
          const slash = rest.indexOf('/');
          const index = Number(slash < 0 ? rest : rest.slice(0, slash)) + start;
          e.instancePath = `${prefix}${index}${slash < 0 ? '' : rest.slice(slash)}`;
        }
        const errors = start === 0 ? validator.errors : (validator.errors ?? []).filter((e) => e.instancePath.startsWith(prefix));
        addSchemaViolations(ajvErrorsToViolations(errors, operation));
        extra.flush(out.splice(0));
      }
    } else if (validator && !validate(body)) addSchemaViolations(ajvErrorsToViolations(validator.errors, operation));
    if (!refused) for (const r of reachable ?? []) noteRule(r, judgedRules.has(r));
    // Every success answer (whichever documented 2xx, or a variant) gets the checks of a success.
    if (status >= 200 && status < 300) {
      let url: URL | undefined;
      if (requestUrl) {
        try {
          url = new URL(requestUrl);
        } catch {
          throw new Error(`rollcall: the request URL "${redactUrl(requestUrl)}" is not an absolute URL`);
        }
      }
      const context: CheckContext = {
        operation: op.info,
        listKey: op.listKey,
        requestUrl: url,
        parameterSchema: (name) => op.parameterSchemas.get(name),
        accountSid: extra.accountSid,
        paging: op.paging,
      };
      const parsed: Exchange = { ...exchange, response: { ...exchange.response, body } };
      context.resources = listResources(parsed, op.listKey);
      for (const check of op.checks) {
        if (extra.onRule) noteRule(check.id, exchangeInput(check)(parsed, context));
        for (const f of check.run(parsed, context)) out.push(withMeta(check.id, check.severity, f));
      }
    }
    return applyOverrides(out);
  }

  return {
    operations,
    schemaFiles: files,
    ajv,
    operation: (id) => get(id).info,
    validate(operationId, body, opts = {}) {
      const op = get(operationId);
      return checkExchange(
        op,
        {
          operationId,
          request: opts.requestUrl ? { method: op.info.method, url: opts.requestUrl } : undefined,
          response: { status: opts.status ?? op.successStatus, body },
        },
        { accountSid: opts.accountSid, onViolation: opts.onViolation, onRule: opts.onRule },
      );
    },
    check(exchange, opts = {}) {
      return checkExchange(get(exchange.operationId), exchange, opts);
    },
    parameterSchema: (operationId, name) => get(operationId).parameterSchemas.get(name),
    resolve: (ref) => resolveDef(ref, files),
    paging: (operationId) => get(operationId).paging,
    schemaRules: (operationId) => [...new Set([...get(operationId).schemaRules.values()].flatMap((rules) => [...rules]))].sort(),
    rules: () =>
      allRules
        .map((r) => ({ ...r, severity: (overrides[r.id] === 'off' ? r.severity : overrides[r.id] ?? r.severity) as Severity }))
        .filter((r) => overrides[r.id] !== 'off'),
  };
}
