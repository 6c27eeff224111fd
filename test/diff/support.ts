import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures/diff');
export const BASE = path.join(FIXTURES, 'base.yaml');
export const VENDOR_STYLE = path.join(FIXTURES, 'vendor-style.json');

// `any` on purpose: the tables below reach into fixture documents by literal paths, and typing every level would only restate the fixture.
export type Json = { [key: string]: any };

export function tmpDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `rollcall-${prefix}-`));
}

/** The base fixture and its schema file, parsed, for a mutation to change. */
export function loadBase(): { doc: Json; schema: Json } {
  return {
    doc: parseYaml(fs.readFileSync(BASE, 'utf8')) as Json,
    schema: JSON.parse(fs.readFileSync(path.join(FIXTURES, 'schemas/fixture.schema.json'), 'utf8')) as Json,
  };
}

/** Writes a (mutated) copy of the base fixture, with its own schemas/ beside it; returns the spec's path. */
export function writeVariant(dir: string, doc: Json, schema: Json): string {
  fs.mkdirSync(path.join(dir, 'schemas'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'schemas/fixture.schema.json'), JSON.stringify(schema, null, 2));
  const file = path.join(dir, 'variant.json');
  fs.writeFileSync(file, JSON.stringify(doc, null, 2));
  return file;
}

export interface CliResult { code: number; stdout: string; stderr: string }

/** The real CLI (bin/rollcall.js over the compiled dist/), as a user runs it. */
export function rollcall(args: string[]): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'bin/rollcall.js'), ...args], { cwd: ROOT, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}
