/**
 * Sharded runs. `rollcall run --shard k/n --report-dir DIR` writes, in DIR/blobs, one vitest blob
 * report per pass (`blob-k-n-pass-P.json`) and the shard's run metadata (`meta-k-n.json`);
 * `rollcall report --merge DIR/blobs` replays every blob through vitest's mergeReports into the
 * same reporters, summary and exit code as an unsharded run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { createVitest } from 'vitest/node';
import { ROOT } from '../paths.js';
import { createReporters, defaultReporters } from '../../reporters/index.js';
import type { RunMeta } from '../report-types/run-meta.js';
import { existingBaseline, saveBaseline, tally, type Baseline } from '../baseline/index.js';
import { CollectingReporter, type CaseResult } from './collector.js';
import { summaryTable, verdict } from './summary.js';
import { sharedCatalog } from '../catalog/shared.js';
import { runRulesExercised } from '../findings/rules-exercised.js';
import { provenanceResolver } from '../findings/index.js';
import { RunConsole, type ConsoleStream } from './console.js';

export const BLOBS_DIR = 'blobs';

/** What a shard leaves next to its blobs, so that the merge can rebuild the run. */
export interface ShardMeta {
  shard: string;
  run: RunMeta;
  apis: string[];
  testNamePattern?: string;
  /** The baseline the shard judged its violations by (for the merged summary), and the day it did. */
  baseline?: Baseline;
  today: string;
}

/** A path as the user reads it: relative to the working directory when it is under it. */
const shownPath = (file: string): string => {
  const rel = path.relative(process.cwd(), path.resolve(file));
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
};

/**
 * The last line of a run or a merge: the report files written in `reportDir` since `since` (the HTML
 * report first: the one people open; `notReports`, a baseline written there, left out), or that none
 * were and how to get them.
 */
export function reportsLine(reportDir: string | undefined, since: number, notReports: string[] = []): string {
  if (!reportDir) return 'reports: none written; add --report-dir DIR for the HTML, JSON, JUnit and Markdown reports';
  // A baseline written into the report directory is not a report: its own line says where it went.
  const skip = new Set(notReports.map((f) => path.resolve(f)));
  const written = fs.existsSync(reportDir)
    ? fs.readdirSync(reportDir).filter((name) => {
        const stat = fs.statSync(path.join(reportDir, name), { throwIfNoEntry: false });
        // A file's time has the file system's resolution: a little slack before the start.
        return stat?.isFile() === true && stat.mtimeMs >= since - 50 && !skip.has(path.resolve(reportDir, name));
      })
    : [];
  if (written.length === 0) return `reports: none written in ${shownPath(reportDir)}`;
  written.sort((a, b) => Number(b.endsWith('.html')) - Number(a.endsWith('.html')) || a.localeCompare(b));
  return `reports: ${written.map((name) => shownPath(path.join(reportDir, name))).join(', ')}`;
}

/** A tool error of the merge (missing shard, shards of different runs): exit 2. */
export class MergeError extends Error {}

const shardParts = (shard: string): [string, string] => shard.split('/') as [string, string];

export function blobFile(reportDir: string, shard: string, pass: number): string {
  const [k, n] = shardParts(shard);
  // Absolute: vitest resolves a blob's outputFile against its root, not the working directory.
  return path.resolve(reportDir, BLOBS_DIR, `blob-${k}-${n}-pass-${pass}.json`);
}

export function shardMetaFile(reportDir: string, shard: string): string {
  const [k, n] = shardParts(shard);
  return path.resolve(reportDir, BLOBS_DIR, `meta-${k}-${n}.json`);
}

const BLOB_NAME = /^blob-(\d+)-(\d+)-pass-\d+\.json$/;
const META_NAME = /^meta-(\d+)-(\d+)\.json$/;

/** Before a shard runs: its files of an earlier run go, so that a merge never mixes two runs of one shard. */
export function clearShardFiles(reportDir: string, shard: string): void {
  const dir = path.resolve(reportDir, BLOBS_DIR);
  if (!fs.existsSync(dir)) return;
  const [k, n] = shardParts(shard);
  for (const name of fs.readdirSync(dir)) {
    const m = BLOB_NAME.exec(name) ?? META_NAME.exec(name);
    if (m && m[1] === k && m[2] === n) fs.rmSync(path.join(dir, name), { force: true });
  }
}

export function writeShardMeta(reportDir: string, meta: ShardMeta): void {
  const file = shardMetaFile(reportDir, meta.shard);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(meta, null, 2) + '\n');
}

interface ShardSet {
  dir: string;
  metas: ShardMeta[];
  blobs: string[];
}

/** Reads and checks DIR: every shard 1..n present once, all of one run, each blob belonging to one of them. */
export function readShards(dir: string): ShardSet {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new MergeError(`${dir}: no such directory`);
  const names = fs.readdirSync(dir);
  const metaNames = names.filter((n) => META_NAME.test(n));
  if (metaNames.length === 0) {
    throw new MergeError(`${dir} holds no shard metadata (meta-K-N.json); merge the ${BLOBS_DIR}/ directory that \`rollcall run --shard k/n --report-dir DIR\` writes (DIR/${BLOBS_DIR})`);
  }
  const metas = metaNames.map((name) => {
    let meta: Partial<ShardMeta>;
    try {
      meta = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Partial<ShardMeta>;
    } catch (err) {
      throw new MergeError(`${path.join(dir, name)}: ${(err as Error).message}`);
    }
    if (typeof meta.shard !== 'string' || !meta.run || !Array.isArray(meta.apis)) throw new MergeError(`${path.join(dir, name)} is not the metadata of a rollcall shard`);
    return meta as ShardMeta;
  });
  metas.sort((a, b) => Number(shardParts(a.shard)[0]) - Number(shardParts(b.shard)[0]));
  const counts = [...new Set(metas.map((m) => shardParts(m.shard)[1]))];
  if (counts.length > 1) throw new MergeError(`${dir} mixes shards of runs split ${counts.map((c) => `${c} ways`).join(' and ')} (${metas.map((m) => m.shard).join(', ')}); keep the files of one run only`);
  const n = Number(counts[0]);
  const missing = Array.from({ length: n }, (_, i) => `${i + 1}/${n}`).filter((s) => !metas.some((m) => m.shard === s));
  if (missing.length > 0) throw new MergeError(`${dir} lacks shard ${missing.join(', ')} of ${n}: run \`rollcall run --shard ${missing[0]} ...\` with the same options and report directory`);
  const first = metas[0] as ShardMeta;
  const agreeing: Array<[string, (m: ShardMeta) => unknown]> = [
    ['target kind', (m) => m.run.kind],
    ['faults', (m) => m.run.faults],
    ['seed', (m) => m.run.seed],
    ['--strict', (m) => m.run.strict],
    ['APIs', (m) => m.apis],
    ['--grep', (m) => m.testNamePattern],
    ['baseline', (m) => m.baseline && { known: m.baseline.known, waivers: m.baseline.waivers }],
    ['rollcall version', (m) => m.run.rollcallVersion],
    ['vitest version', (m) => m.run.vitestVersion],
  ];
  for (const m of metas.slice(1)) {
    for (const [what, get] of agreeing) {
      if (!isDeepStrictEqual(get(m), get(first))) {
        throw new MergeError(`shards ${first.shard} and ${m.shard} in ${dir} are not of one run: their ${what} differ (${JSON.stringify(get(first)) ?? 'none'} vs ${JSON.stringify(get(m)) ?? 'none'})`);
      }
    }
  }
  const blobs: string[] = [];
  for (const name of names) {
    const b = BLOB_NAME.exec(name);
    if (!b) continue;
    if (b[2] !== String(n)) throw new MergeError(`${path.join(dir, name)} is a blob of a run split ${b[2]} ways, not ${n}; remove it`);
    blobs.push(path.join(dir, name));
  }
  for (const m of metas) {
    const [k] = shardParts(m.shard);
    if (!blobs.some((b) => BLOB_NAME.exec(path.basename(b))?.[1] === k)) throw new MergeError(`${dir} has the metadata of shard ${m.shard} but none of its blob reports`);
  }
  return { dir, metas, blobs };
}

/** The run's metadata as an unsharded run has it: the first shard's, started when the first shard started. */
export function mergedRunMeta(metas: ShardMeta[]): RunMeta {
  const { shard: _shard, ...run } = (metas[0] as ShardMeta).run;
  const startedAt = metas.map((m) => m.run.startedAt).sort()[0] as string;
  return { ...run, startedAt };
}

export interface MergeOptions {
  /** A shards' blobs directory, or the report directory that holds it. */
  dir: string;
  /** Where the merged reports go; default: the report directory the shards shared (DIR's parent for DIR/blobs). */
  reportDir?: string;
  reporters?: string[];
  writeBaseline?: string;
  write?: (text: string) => void;
  /** Sample occurrences kept per problem in the merged reports. */
  maxSamples?: number;
  /** Print each failing case with its first violations, instead of a line per new problem. */
  verbose?: boolean;
  /** The console `write` prints to (a terminal or not) and the colour environment; default process.stdout and process.env. */
  console?: { stream?: ConsoleStream; env?: NodeJS.ProcessEnv };
}

export interface MergeResult {
  exitCode: 0 | 1 | 2;
  cases: CaseResult[];
  reportDir: string;
  reportFile: string;
}

export async function mergeShards(options: MergeOptions): Promise<MergeResult> {
  const started = Date.now();
  // The run's console: every line through the one sanitiser, fitted to a terminal, coloured after it.
  const con = new RunConsole({ write: options.write, stream: options.console?.stream, env: options.console?.env });
  const write = con.print;
  const given = path.resolve(options.dir);
  const inner = path.join(given, BLOBS_DIR);
  const dir = fs.existsSync(inner) && fs.readdirSync(inner).some((n) => META_NAME.test(n)) ? inner : given;
  const reportDir = options.reportDir ?? (path.basename(dir) === BLOBS_DIR ? path.dirname(dir) : dir);
  const shards = readShards(dir);
  const first = shards.metas[0] as ShardMeta;
  const carried = options.writeBaseline ? first.baseline ?? existingBaseline(options.writeBaseline) : undefined;
  const run = mergedRunMeta(shards.metas);
  const extra = createReporters(options.reporters ?? defaultReporters(), { reportDir, run, maxSamples: options.maxSamples });
  write(`rollcall report: merging ${shards.metas.length} shards (${shards.blobs.length} blob reports) of ${first.run.kind} run from ${dir}\n`);

  // vitest merges every file of its directory: only the blobs go there (the metadata would not parse as one).
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rollcall-merge-'));
  const reporter = new CollectingReporter(write, { verbose: options.verbose });
  let toolError: string | undefined;
  try {
    for (const b of shards.blobs) fs.copyFileSync(b, path.join(staging, path.basename(b)));
    const vitest = await createVitest(
      'test',
      { config: false, root: ROOT, watch: false, mergeReports: staging, reporters: [reporter, ...extra], passWithNoTests: true },
      { logLevel: 'error', cacheDir: path.join(ROOT, 'node_modules', '.vite-rollcall') },
    );
    try {
      await vitest.mergeReports();
    } finally {
      await vitest.close();
    }
    if (reporter.errors.length > 0) toolError = reporter.errors.join('; ');
  } catch (err) {
    toolError = (err as Error).message;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  // vitest sets process.exitCode on failed tests; the CLI decides the exit code itself.
  process.exitCode = undefined;

  const cases = reporter.cases;
  // The same summary as the unsharded run: problems with their sources.
  // The cases of every shard: their rules exercised are a union, as in the unsharded run.
  const rules = runRulesExercised(await sharedCatalog(), cases);
  write('\n' + summaryTable(cases, first.baseline ? tally(cases, first.baseline, first.today) : undefined, { sourceOf: await provenanceResolver(), rules }));
  const { exitCode, text } = verdict(cases, toolError, 'rollcall report');
  write(text);
  if (options.writeBaseline && exitCode !== 2) {
    const doc = saveBaseline(options.writeBaseline, cases, carried?.waivers);
    write(`rollcall report: wrote the baseline ${options.writeBaseline}: ${doc.known.length} known violations, ${doc.waivers.length} waivers\n`);
  }
  write(`${reportsLine(reportDir, started, options.writeBaseline ? [options.writeBaseline] : [])}\n`);
  return { exitCode, cases, reportDir, reportFile: path.join(reportDir, 'rollcall-report.json') };
}
