/**
 * One Probe per operation for a target: the credentials each operation's security scheme asks for,
 * the target's own origins as the only places credentials go, and the one room mutations may touch.
 * Used by the suites' session and by the runner's preflight, so both send requests the same way.
 */
import type { Catalog } from '../catalog/catalog.js';
import type { OperationInfo } from '../catalog/specs.js';
import { Probe, type Credentials, type ProbeScope } from './probe.js';
import type { Redactor } from './redact.js';
import { targetOf } from './spec-operations.js';
import type { TargetInfo } from './target.js';

/** The URL prefixes a non-GET may go to: the room mutations are allowed on, or none (the run is read-only). */
export function mutableScope(target: TargetInfo): string[] {
  const m = target.twilioVideo?.mutations;
  return m ? [`${m.baseUrl.replace(/\/$/, '')}/v1/Rooms/${m.room.sid}/`] : [];
}

export function probeFactory(target: TargetInfo, catalog: Catalog, redactor: Redactor): (operationId: string) => Probe {
  const probes = new Map<string, Probe>();
  // Credentials go only to the target's own origins; a non-GET only under the room mutations are allowed on.
  const bases = [target.twilioVideo?.baseUrl, target.twilioVideo?.mutations?.baseUrl, target.twilioInsights?.baseUrl, target.telnyx?.baseUrl].filter((b): b is string => !!b);
  const scope: ProbeScope = {
    origins: [...new Set(bases.map((b) => new URL(b).origin))],
    mutable: mutableScope(target),
    budgetFile: target.settings.budgetFile,
  };
  // The spec's security scheme says how an operation authenticates; its API's part of the target holds the secret.
  const credentialsFor = (operation: OperationInfo): Credentials => {
    const t = targetOf(target, operation.api);
    if (operation.security === 'bearer') return { kind: 'bearer', bearer: t && 'apiKey' in t ? t.apiKey : undefined };
    return { kind: 'basic', basic: t && 'auth' in t ? t.auth : undefined };
  };
  return (operationId) => {
    let p = probes.get(operationId);
    if (!p) {
      p = new Probe(credentialsFor(catalog.operation(operationId)), target.settings, redactor, operationId, scope);
      probes.set(operationId, p);
    }
    return p;
  };
}
