/**
 * The reporters by name: `rollcall run --reporter NAME` (repeatable), or `[name, options]` from
 * code; one file each in reporters/. Options are checked when the reporters are created: an
 * unknown name or option throws, listing the valid ones.
 */
import type { Reporter } from 'vitest/node';
import CoverageReporter, { COVERAGE_DEFAULTS, type CoverageReporterOptions } from './coverage.js';
import GithubReporter, { GITHUB_DEFAULTS, type GithubReporterOptions } from './github.js';
import HtmlReporter, { HTML_DEFAULTS, type HtmlReporterOptions } from './html.js';
import JsonReporter from './json.js';
import JunitReporter, { JUNIT_DEFAULTS, type JunitReporterOptions } from './junit.js';
import MarkdownReporter, { MARKDOWN_DEFAULTS, type MarkdownReporterOptions } from './markdown.js';
import type { ReporterOptions } from './types.js';

export type { ReporterOptions, RunMeta } from './types.js';
export type { FieldObservation, FieldObservationProvider } from './observations.js';
export { FieldTallies, type CaseRequest, type FieldTally } from '../src/report-types/evidence.js';

/** Each reporter's own options (documented, with their defaults, in its file). */
export interface ReporterOptionsByName {
  json: Record<string, never>;
  junit: JunitReporterOptions;
  github: GithubReporterOptions;
  markdown: MarkdownReporterOptions;
  html: HtmlReporterOptions;
  coverage: CoverageReporterOptions;
}

export type ReporterName = keyof ReporterOptionsByName;

/** A reporter as a run takes it: its name, or its name and options. */
export type ReporterEntry = ReporterName | { [K in ReporterName]: readonly [K, ReporterOptionsByName[K]] }[ReporterName];

interface ReporterDefinition<K extends ReporterName> {
  create(options: ReporterOptions, own: ReporterOptionsByName[K]): Reporter;
  /** The option names it accepts. */
  options: readonly string[];
}

export const REPORTERS: { [K in ReporterName]: ReporterDefinition<K> } = {
  json: { create: (o) => new JsonReporter(o), options: [] },
  junit: { create: (o, own) => new JunitReporter(o, own), options: Object.keys(JUNIT_DEFAULTS) },
  github: { create: (o, own) => new GithubReporter(o, own), options: [...Object.keys(GITHUB_DEFAULTS), 'write', 'env'] },
  markdown: { create: (o, own) => new MarkdownReporter(o, own), options: [...Object.keys(MARKDOWN_DEFAULTS), 'env'] },
  html: { create: (o, own) => new HtmlReporter(o, own), options: [...Object.keys(HTML_DEFAULTS), 'observations'] },
  coverage: { create: (o, own) => new CoverageReporter(o, own), options: Object.keys(COVERAGE_DEFAULTS) },
};

/**
 * What a run writes when no reporter is named: every file report, and annotations on GitHub Actions. Read when a
 * run starts, from the environment it runs in (a process may run several: the library, the tests).
 */
export function defaultReporters(env: NodeJS.ProcessEnv = process.env): ReporterName[] {
  const files: ReporterName[] = ['json', 'junit', 'markdown', 'html', 'coverage'];
  return env.GITHUB_ACTIONS ? [...files, 'github'] : files;
}


function isReporterName(name: string): name is ReporterName {
  return Object.prototype.hasOwnProperty.call(REPORTERS, name);
}

export function createReporters(entries: ReadonlyArray<string | readonly [string, object]>, options: ReporterOptions): Reporter[] {
  const names = entries.map((e) => (typeof e === 'string' ? e : e[0]));
  const unknown = names.filter((n) => !isReporterName(n));
  if (unknown.length) throw new Error(`unknown reporter ${unknown.join(', ')}; reporters: ${Object.keys(REPORTERS).join(', ')}`);
  return entries.map((entry) => {
    const [name, own] = typeof entry === 'string' ? [entry, {}] : entry;
    const definition = REPORTERS[name as ReporterName] as ReporterDefinition<ReporterName>;
    const bad = Object.keys(own).filter((k) => !definition.options.includes(k));
    if (bad.length) {
      throw new Error(`reporter ${name}: unknown option ${bad.join(', ')}; options: ${definition.options.join(', ') || '(none)'}`);
    }
    // The entry's options were checked by name just above; their types are the reporter's own.
    return definition.create(options, own as ReporterOptionsByName[ReporterName] as never);
  });
}
