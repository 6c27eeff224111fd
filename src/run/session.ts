/**
 * What a suite worker shares across its cases: the target (from vitest's `provide`), one catalog
 * (one Ajv instance), one probe per API, the redactor. Built once per worker.
 */
import { inject } from 'vitest';
import pactum from 'pactum';
import { jsonSchemaAdapter } from './pactum-adapter.js';
import { loadCatalog, type Catalog } from '../catalog/catalog.js';
import type { ApiName } from '../types.js';
import { Probe, type Credentials, type ProbeScope } from './probe.js';
import { Redactor } from './redact.js';
import { secretsOf, type TargetInfo } from './target.js';
import { targetOf } from './spec-operations.js';
import type { OperationInfo } from '../catalog/specs.js';

declare module 'vitest' {
  export interface ProvidedContext {
    rollcallTarget: TargetInfo;
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
  const probes = new Map<string, Probe>();
  // Credentials go only to the target's own origins; a non-GET only under the room mutations are allowed on.
  const bases = [target.twilioVideo?.baseUrl, target.twilioVideo?.mutations?.baseUrl, target.twilioInsights?.baseUrl, target.telnyx?.baseUrl].filter((b): b is string => !!b);
  const m = target.twilioVideo?.mutations;
  const scope: ProbeScope = {
    origins: [...new Set(bases.map((b) => new URL(b).origin))],
    mutable: m ? [`${m.baseUrl.replace(/\/$/, '')}/v1/Rooms/${m.room.sid}/`] : [],
    budgetFile: target.settings.budgetFile,
  };
  // The spec's security scheme says how an operation authenticates; its API's part of the target holds the secret.
  const credentialsFor = (operation: OperationInfo): Credentials => {
    const t = targetOf(target, operation.api);
    if (operation.security === 'bearer') return { kind: 'bearer', bearer: t && 'apiKey' in t ? t.apiKey : undefined };
    return { kind: 'basic', basic: t && 'auth' in t ? t.auth : undefined };
  };
  return {
    target,
    catalog,
    redactor,
    probe(operationId) {
      let p = probes.get(operationId);
      if (!p) {
        p = new Probe(credentialsFor(catalog.operation(operationId)), target.settings, redactor, operationId, scope);
        probes.set(operationId, p);
      }
      return p;
    },
    accountSid: (api) => {
      const t = targetOf(target, api);
      return t && 'accountSid' in t ? t.accountSid : undefined;
    },
    skipReason: (api) => target.skipped.find((s) => s.api === api)?.reason,
  };
}
