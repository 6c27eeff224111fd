/**
 * Reads recordings (directories written by `rollcall run --record DIR`) line by line: each
 * `*.jsonl` file is streamed through readline, each line parsed and handed to the aggregator, then
 * dropped. Nothing of a recording is held beyond the line being read.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import type { DriftAggregator } from './aggregator.js';

/** A recording that cannot be read: a tool error, named by its directory. */
export class RecordingError extends Error {}

/** The exchange files of a recording, in name order; throws RecordingError when there are none. */
export function recordingFiles(dir: string): string[] {
  let names: string[];
  try {
    if (!fs.statSync(dir).isDirectory()) throw new RecordingError(`${dir} is not a directory; give a recording written by rollcall run --record DIR`);
    names = fs.readdirSync(dir);
  } catch (err) {
    if (err instanceof RecordingError) throw err;
    throw new RecordingError(`cannot read the recording ${dir}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const files = names.filter((n) => n.endsWith('.jsonl')).sort().map((n) => path.join(dir, n));
  if (files.length === 0) throw new RecordingError(`${dir} holds no exchanges-*.jsonl file; record one with rollcall run --record DIR`);
  return files;
}

/** Streams one JSONL file into the aggregator; returns the number of lines that were not JSON. */
export async function streamFile(file: string, aggregator: DriftAggregator): Promise<number> {
  const input = fs.createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let malformed = 0;
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      malformed++;
      aggregator.addMalformed();
      continue;
    }
    if (!aggregator.add(parsed)) malformed++;
  }
  return malformed;
}
