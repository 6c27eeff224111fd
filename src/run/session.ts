/**
 * What a suite worker shares across its cases: the target (from vitest's `provide`), one catalog
 * (one Ajv instance), one probe per API, the redactor. Built once per worker.
 */
import { inject } from 'vitest';
import pactum from 'pactum';
import { jsonSchemaAdapter } from './pactum-adapter.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.js';
import type { ApiName } from '../types.js';
import type { Probe } from './probe.js';
import { probeFactory } from './probes.js';
import { Redactor } from './redact.js';
import { secretsOf, type TargetInfo } from './target.js';
import { targetOf } from './spec-operations.js';

declare module 'vitest' {
  export interface ProvidedContext {
    rollcallTarget: TargetInfo;
    /** Where a run that holds both passes in one vitest opens the mutating suites' gate (src/run/runner.ts WritesGate). */
    rollcallWritesGate: string | undefined;
  }
}

export interface Session {
  target: TargetInfo;
  catalog: Catalog;
  redactor: Redactor;
  probe(operationId: string): Probe;
  /** The caller's Twilio account, for `twilio.account-sid-matches-caller`. */
  accountSid(api: ApiName): string | undefined;
  /** When the API is not configured: the one line that says why (the suite then skips). */
  skipReason(api: ApiName): string | undefined;
}

let current: Promise<Session> | undefined;

export function session(): Promise<Session> {
  current ??= build();
  return current;
}

async function build(): Promise<Session> {
  const target = inject('rollcallTarget');
  if (!target) throw new Error('rollcall: the suites run under `rollcall run`, which provides the target; run `npx rollcall run`, not vitest directly.');
  const catalog = await loadCatalog({ severity: target.settings.severity });
  // One validator for the mock, the probes and the reports: pactum's schema assertions use our Ajv.
  pactum.settings.setJsonSchemaAdapter(jsonSchemaAdapter(catalog));
  const redactor = new Redactor(secretsOf(target));
  const probe = probeFactory(target, catalog, redactor);
  return {
    target,
    catalog,
    redactor,
    probe,
    accountSid: (api) => {
      const t = targetOf(target, api);
      return t && 'accountSid' in t ? t.accountSid : undefined;
    },
    skipReason: (api) => target.skipped.find((s) => s.api === api)?.reason,
  };
}
