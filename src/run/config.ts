/** rollcall.config.json: read, validated against its own JSON Schema, errors that name the file and the option. */
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { SCHEMAS_DIR } from '../paths.js';

export interface RollcallConfig {
  target?: 'mock' | 'live' | 'replay';
  api?: string | string[];
  reportDir?: string;
  strict?: boolean;
  faults?: string[];
  seed?: number;
  record?: string;
  from?: string;
  allowMutations?: string;
  maxRequests?: number;
  slowMs?: number;
  timeoutMs?: number;
  consistencyBudgetMs?: number;
  maxResponseBytes?: number;
  severity?: Record<string, 'error' | 'warning' | 'off'>;
  faultSettings?: { slowMs?: number; burstLength?: number; rateLimitCount?: number; retryAfterSeconds?: number };
  /** Mock target: churn RATE, mean participant events per API request (src/mock/churn.ts). */
  churn?: number;
  /** Baseline file (see schemas/config/rollcall.baseline.schema.json); --baseline wins. */
  baseline?: string;
}

export const CONFIG_FILE = 'rollcall.config.json';

export class ConfigError extends Error {}

export function loadConfig(file: string | undefined, cwd: string = process.cwd()): { config: RollcallConfig; file?: string } {
  const chosen = file ?? (fs.existsSync(path.join(cwd, CONFIG_FILE)) ? path.join(cwd, CONFIG_FILE) : undefined);
  if (!chosen) return { config: {} };
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(chosen, 'utf8'));
  } catch (err) {
    throw new ConfigError(`${chosen}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS_DIR, 'config', 'rollcall.config.schema.json'), 'utf8')) as object;
  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
  if (!validate(raw)) {
    const lines = (validate.errors ?? []).map((e) => {
      const where = e.instancePath || '(top level)';
      if (e.keyword === 'additionalProperties') return `${where}: unknown option "${(e.params as { additionalProperty: string }).additionalProperty}"`;
      if (e.keyword === 'enum') return `${where}: must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}`;
      if (e.keyword === 'propertyNames') return `${where}: "${(e.params as { propertyName: string }).propertyName}" is not a rule id (area.rule-name)`;
      return `${where}: ${e.message ?? e.keyword}`;
    });
    throw new ConfigError(`${chosen} is not a valid rollcall config:\n  ${[...new Set(lines)].join('\n  ')}`);
  }
  return { config: raw as RollcallConfig, file: chosen };
}
