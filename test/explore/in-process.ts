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
import { FIXTURES_PATH } from '../../src/mock/index.js';

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
const exploreSettings = (explore: { cases: number; seed: number; replayCase?: string }, target: string) => ({ explore: { ...explore, command: `rollcall run --target ${target}` } });

let catalogLoaded: ReturnType<typeof loadCatalog> | undefined;
/** One catalog for every exploration of the test file: compiling it is the slow part of a session. */
export const sharedCatalog = (): ReturnType<typeof loadCatalog> => (catalogLoaded ??= loadCatalog());

export async function sessionOf(target: TargetInfo): Promise<Session> {
  const catalog = await sharedCatalog();
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

/** Every generated case of the list operations for one seed against a live target (`env` names it), in order, as the suites would run them (with `replayCase`, that case only). */
export async function exploreInProcess(env: Record<string, string>, explore: { cases: number; seed: number; replayCase?: string }, operations: readonly string[] = LIST_OPERATIONS): Promise<CaseRun[]> {
  const { target } = liveTarget(env, { apis: APIS, settings: exploreSettings(explore, 'live') });
  return exploreTarget(await sessionOf(target), operations);
}

/** The names of the generated cases `explore` gives each of `operations` against a live target, without running them. */
export async function exploreCaseNames(env: Record<string, string>, explore: { cases: number; seed: number }, operations: readonly string[] = LIST_OPERATIONS): Promise<string[]> {
  const { target } = liveTarget(env, { apis: APIS, settings: exploreSettings(explore, 'live') });
  const s = await sessionOf(target);
  const out: string[] = [];
  for (const operation of operations) for (const group of await exploreGroups(s, operation)) out.push(...group.cases.map((c) => `${operation} ${c.name}`));
  return out;
}

export interface Generated {
  id: string;
  /** The request it was shrunk to (or failed with). */
  description: string;
  shrunk: boolean;
  command: string;
}

/** The generated cases the violations' hints name: id, the request it was shrunk to, and its replay command. */
export function generatedCases(cases: ReadonlyArray<{ violations: ReadonlyArray<{ rule: string }> }>): Generated[] {
  const out = new Map<string, Generated>();
  for (const v of cases.flatMap((c) => c.violations)) {
    const m = /Generated case (\S+) \(seed \d+\): "([^"]*)"(.*); replay it with: (rollcall run .*)$/.exec((v as { hint?: string }).hint ?? '');
    if (m) out.set(m[1] as string, { id: m[1] as string, description: m[2] as string, shrunk: !/not shrunk/.test(m[3] as string), command: m[4] as string });
  }
  return [...out.values()];
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

export const UPDATE_OPERATION = 'twilio-video.updateRoomParticipant';

export interface StatefulExplorer {
  /** The stateful sequences (the update operation's explore group) for one seed, or only the case `replayCase`. */
  explore(seed: number, replayCase?: string): Promise<CaseRun[]>;
  /** The churn events the copy kicks go to has applied since its last reset (0 without churn). */
  churnEvents(): Promise<number>;
  close(): Promise<void>;
}

/**
 * One embedded mock target (`rollcall run`'s default) for many seeds: every sequence resets the copy
 * kicks go to, so one target serves them all. `churn` makes it change while it serves; `wrap` puts a
 * proxy in front of that copy (a planted bug).
 */
export async function statefulExplorer(options: { churn?: number; wrap?: (mutationsUrl: string) => Promise<{ url: string; close(): Promise<void> }> } = {}): Promise<StatefulExplorer> {
  const built = await mockTarget({ apis: ['twilio-video'], ...(options.churn ? { churn: options.churn } : {}) });
  const m = built.target.twilioVideo?.mutations;
  if (!m) throw new Error('the embedded mock has no room for mutations');
  const mockUrl = m.baseUrl;
  const proxy = options.wrap ? await options.wrap(m.baseUrl) : undefined;
  if (proxy) m.baseUrl = proxy.url;
  return {
    explore: async (seed, replayCase) => {
      const explore = { cases: 0, seed, ...(replayCase ? { replayCase } : {}) };
      const target = { ...built.target, settings: { ...built.target.settings, ...exploreSettings(explore, 'mock') } };
      return exploreTarget(await sessionOf(target), [UPDATE_OPERATION]);
    },
    churnEvents: async () => {
      const f = (await (await fetch(new URL(FIXTURES_PATH, mockUrl))).json()) as { churn?: { events: Record<string, number> } };
      return Object.values(f.churn?.events ?? {}).reduce((a, b) => a + b, 0);
    },
    close: async () => {
      await proxy?.close();
      await built.close();
    },
  };
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
