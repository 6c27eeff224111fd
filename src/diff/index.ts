/**
 * `rollcall diff A B`: how B differs from A for rollcall's operations, field by field, each change
 * classified as breaking or not for a client written against A (classify.ts, README.md).
 *
 *   const report = diffSpecs('specs/twilio-video.v1.yaml', 'vendor/twilio_video_v1.json');
 */
import { isBreaking, type ChangeKind } from './classify.js';
import { compareSchemas, type RawChange } from './compare-schema.js';
import { DiffInputError, isObject, readOpenApi, RefResolver } from './document.js';
import type { ResponsesObject } from '../ref/openapi.js';
import { Normalizer } from './normalize.js';
import { findOperation, ourOperations, pathParameterNames, type AnchorOperation, type FoundOperation } from './operations.js';
import type { ChangeLocation, DiffReport, SpecChange } from './types.js';

export { CLASSIFICATION, CHANGE_KINDS, isBreaking } from './classify.js';
export type { ChangeKind, Classification, ChangeSide } from './classify.js';
export { DiffInputError } from './document.js';
export { formatDiffText, formatDiffMarkdown } from './format.js';
export type { AnchorOperation } from './operations.js';

export type { ChangeLocation, DiffReport, SpecChange } from './types.js';

export interface DiffOptions {
  /** The operations to look for (default: the five of specs/). */
  operations?: AnchorOperation[];
}

class OperationDiff {
  readonly changes: SpecChange[] = [];
  constructor(private readonly id: string, private readonly normalizer: Normalizer, private readonly resolver: RefResolver) {}

  add(kind: ChangeKind, location: ChangeLocation, path: string, before: unknown, after: unknown, message: string): void {
    this.changes.push({ kind, breaking: isBreaking(kind, location === 'response' ? 'response' : 'request'), operation: this.id, location, path, before, after, message });
  }

  schemas(location: ChangeLocation, prefix: string, root: string, a: { schema: unknown; file: string }, b: { schema: unknown; file: string }): void {
    const raw: RawChange[] = [];
    compareSchemas(this.normalizer.normalize(a.schema, a.file), this.normalizer.normalize(b.schema, b.file), '', raw, root);
    for (const c of raw) this.add(c.kind, location, prefix + c.path, c.before, c.after, c.message);
  }

  parameters(a: FoundOperation, b: FoundOperation): void {
    const pathA = pathParameterNames(a.path);
    const pathB = pathParameterNames(b.path);
    pathA.forEach((nameA, i) => {
      const nameB = pathB[i];
      const pa = a.parameters.find((p) => p.in === 'path' && p.name === nameA);
      const pb = b.parameters.find((p) => p.in === 'path' && p.name === nameB);
      if (nameB !== undefined && nameB !== nameA) this.add('parameter-renamed', 'parameter', `path/${nameA}`, nameA, nameB, `The path parameter {${nameA}} is called {${nameB}}.`);
      if (pa && pb) this.schemas('parameter', `path/${nameA}`, `the path parameter {${nameA}}`, pa, pb);
    });
    const others = (o: FoundOperation) => o.parameters.filter((p) => p.in !== 'path');
    for (const pa of others(a)) {
      const pb = others(b).find((p) => p.in === pa.in && p.name === pa.name);
      const where = `${pa.in}/${pa.name}`;
      if (!pb) {
        this.add('parameter-removed', 'parameter', where, pa.name, null, `The ${pa.in} parameter ${pa.name} is no longer documented.`);
        continue;
      }
      if (!pa.required && pb.required) this.add('parameter-made-required', 'parameter', where, 'optional', 'required', `The ${pa.in} parameter ${pa.name} is now required.`);
      if (pa.required && !pb.required) this.add('parameter-made-optional', 'parameter', where, 'required', 'optional', `The ${pa.in} parameter ${pa.name} is now optional.`);
      this.schemas('parameter', where, `the ${pa.in} parameter ${pa.name}`, pa, pb);
    }
    for (const pb of others(b)) {
      if (others(a).some((p) => p.in === pb.in && p.name === pb.name)) continue;
      this.add(pb.required ? 'required-parameter-added' : 'parameter-added', 'parameter', `${pb.in}/${pb.name}`, null, pb.name, `The ${pb.in} parameter ${pb.name} is now documented${pb.required ? ' and required' : ''}.`);
    }
  }

  private media(content: unknown): { type: string; schema: unknown } | undefined {
    if (!isObject(content)) return undefined;
    const entries = Object.entries(content);
    const [type, media] = entries.find(([t]) => /json/i.test(t)) ?? entries[0] ?? [];
    return type && isObject(media) ? { type, schema: media.schema ?? {} } : undefined;
  }

  requestBody(a: FoundOperation, b: FoundOperation): void {
    const ra = a.operation.requestBody === undefined ? undefined : this.resolver.deref(a.operation.requestBody, a.file);
    const rb = b.operation.requestBody === undefined ? undefined : this.resolver.deref(b.operation.requestBody, b.file);
    if (!ra && !rb) return;
    if (ra && !rb) return this.add('request-body-removed', 'request-body', '', 'a body', null, 'The request body is no longer documented.');
    const bodyB = (rb as { node: unknown; file: string });
    const requiredB = isObject(bodyB.node) && bodyB.node.required === true;
    if (!ra) return this.add(requiredB ? 'required-request-body-added' : 'request-body-added', 'request-body', '', null, 'a body', `A request body is now documented${requiredB ? ' and required' : ''}.`);
    const ma = this.media(isObject(ra.node) ? ra.node.content : undefined);
    const mb = this.media(isObject(bodyB.node) ? bodyB.node.content : undefined);
    if (!ma || !mb) return;
    if (ma.type !== mb.type) this.add('media-type-changed', 'request-body', '', ma.type, mb.type, `The request body is now ${mb.type}, not ${ma.type}.`);
    this.schemas('request-body', '', 'the request body', { schema: ma.schema, file: ra.file }, { schema: mb.schema, file: bodyB.file });
  }

  responses(a: FoundOperation, b: FoundOperation): void {
    const statuses = (o: FoundOperation) => Object.keys(isObject(o.operation.responses) ? o.operation.responses : {});
    const sa = statuses(a);
    const sb = statuses(b);
    const success = (list: string[]) => list.filter((s) => /^2\d\d$/.test(s)).sort()[0];
    const okA = success(sa);
    const okB = success(sb);
    if (okA && okB && okA !== okB) this.add('success-status-changed', 'response', '#status', Number(okA), Number(okB), `The operation now answers ${okB}, not ${okA}.`);
    for (const s of sa) if (s !== okA && !sb.includes(s)) this.add('response-status-removed', 'response', `#status/${s}`, s, null, `The ${s} response is no longer documented.`);
    for (const s of sb) if (s !== okB && !sa.includes(s)) this.add('response-status-added', 'response', `#status/${s}`, null, s, `A ${s} response is now documented.`);
    if (!okA || !okB) return;
    const resolved = (o: FoundOperation, status: string) => this.resolver.deref((o.operation.responses as ResponsesObject)[status], o.file);
    const ra = resolved(a, okA);
    const rb = resolved(b, okB);
    const ma = this.media(isObject(ra.node) ? ra.node.content : undefined);
    const mb = this.media(isObject(rb.node) ? rb.node.content : undefined);
    if (!ma || !mb) return;
    if (ma.type !== mb.type) this.add('media-type-changed', 'response', '', ma.type, mb.type, `The response body is now ${mb.type}, not ${ma.type}.`);
    this.schemas('response', '', 'the response body', { schema: ma.schema, file: ra.file }, { schema: mb.schema, file: rb.file });
  }
}

/** Compares two OpenAPI documents for our operations. Throws DiffInputError when either cannot be read. */
export function diffSpecs(fileA: string, fileB: string, options: DiffOptions = {}): DiffReport {
  const resolver = new RefResolver();
  const docA = readOpenApi(fileA, resolver);
  const docB = readOpenApi(fileB, resolver);
  const normalizer = new Normalizer(resolver);
  const anchors = options.operations ?? ourOperations();
  const report: DiffReport = { tool: 'rollcall diff', version: 1, a: fileA, b: fileB, operations: [], notFound: [], changes: [], summary: { breaking: 0, nonBreaking: 0 } };
  for (const anchor of anchors) {
    const a = findOperation(docA, fileA, resolver, anchor);
    const b = findOperation(docB, fileB, resolver, anchor);
    if (!a && !b) {
      report.notFound.push(anchor.id);
      continue;
    }
    report.operations.push({ id: anchor.id, a: a ? { method: a.method, path: a.fullPath } : null, b: b ? { method: b.method, path: b.fullPath } : null });
    const diff = new OperationDiff(anchor.id, normalizer, resolver);
    if (!b) diff.add('operation-removed', 'operation', '', `${anchor.method} ${a?.fullPath}`, null, `${anchor.id} is not in ${fileB}.`);
    else if (!a) diff.add('operation-added', 'operation', '', null, `${anchor.method} ${b.fullPath}`, `${anchor.id} is not in ${fileA}.`);
    else {
      diff.parameters(a, b);
      diff.requestBody(a, b);
      diff.responses(a, b);
    }
    report.changes.push(...diff.changes);
  }
  if (report.operations.length === 0) {
    throw new DiffInputError(`neither ${fileA} nor ${fileB} describes any of rollcall's operations (${anchors.map((o) => `${o.method} ${o.path}`).join(', ')})`);
  }
  report.summary.breaking = report.changes.filter((c) => c.breaking).length;
  report.summary.nonBreaking = report.changes.length - report.summary.breaking;
  return report;
}
