/**
 * `--explore` without the CLI: a Session over a live target (the sandbox's environment) built in this
 * process, and each generated case of the list operations run with an Outcome as the suites run it
 * (an Unmet case is skipped). Lets a test explore one target under many seeds in seconds.
 */
import { loadCatalog } from '../../src/catalog/catalog.js';
import { exploreGroups } from '../../src/explore/cases.js';
import { Unmet } from '../../src/run/needs.js';
import { Outcome } from '../../src/run/outcome.js';
import { probeFactory } from '../../src/run/probes.js';
import { Redactor } from '../../src/run/redact.js';
import type { Session } from '../../src/run/session.js';
import { secretsOf, type TargetInfo } from '../../src/run/target.js';
import { liveTarget, mockTarget } from '../../src/run/targets.js';
import { targetOf } from '../../src/run/spec-operations.js';
import type { ApiName, Violation } from '../../src/types.js';

export const LIST_OPERATIONS = ['twilio-video.listRoomParticipants', 'twilio-insights.listConferenceParticipants', 'telnyx.listRoomSessionParticipants'] as const;

export interface CaseRun {
  operation: string;
  name: string;
  state: 'passed' | 'failed' | 'skipped';
  violations: Violation[];
  skipReason?: string;
  requests: number;
}

const APIS: ApiName[] = ['twilio-video', 'twilio-insights', 'telnyx'];
const exploreSettings = (explore: { cases: number; seed: number }, target: string) => ({ explore: { ...explore, command: `rollcall run --target ${target}` } });

async function sessionOf(target: TargetInfo): Promise<Session> {
  const catalog = await loadCatalog();
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
    skipReason: (api) => target.skipped.find((x) => x.api === api)?.reason,
  };
}

/** Every generated case of the list operations for one seed against a live target (`env` names it), in order, as the suites would run them. */
export async function exploreInProcess(env: Record<string, string>, explore: { cases: number; seed: number }, operations: readonly string[] = LIST_OPERATIONS): Promise<CaseRun[]> {
  const { target } = liveTarget(env, { apis: APIS, settings: exploreSettings(explore, 'live') });
  return exploreTarget(await sessionOf(target), operations);
}

/** The same against the embedded mock (`rollcall run --explore`'s default target), started and closed here. */
export async function exploreEmbeddedMock(explore: { cases: number; seed: number }, operations: readonly string[] = LIST_OPERATIONS): Promise<CaseRun[]> {
  const built = await mockTarget({ apis: APIS, settings: exploreSettings(explore, 'mock') });
  try {
    return await exploreTarget(await sessionOf(built.target), operations);
  } finally {
    await built.close();
  }
}

async function exploreTarget(s: Session, operations: readonly string[]): Promise<CaseRun[]> {
  const out: CaseRun[] = [];
  await Promise.all(operations.map(async (operation) => {
    for (const group of await exploreGroups(s, operation)) {
      for (const c of group.cases) {
        const o = new Outcome(s, operation);
        try {
          await c.run(o);
        } catch (err) {
          if (!(err instanceof Unmet)) throw err;
          out.push({ operation, name: c.name, state: 'skipped', violations: o.violations, skipReason: err.message, requests: o.requests.length });
          continue;
        }
        const failing = o.failing(false).length > 0;
        out.push({ operation, name: c.name, state: failing ? 'failed' : 'passed', violations: o.violations, requests: o.requests.length });
      }
    }
  }));
  return out;
}
