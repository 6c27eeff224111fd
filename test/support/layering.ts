/**
 * dependency-cruiser over a tree with the project's rules (.dependency-cruiser.cjs): the violations
 * as `rule from -> to`, and every module cruised. Type-only and dynamic imports count.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { cruise, type ICruiseResult, type IForbiddenRuleType } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

export const ROOT = path.resolve(new URL('../..', import.meta.url).pathname);

export interface Room {
  name: string;
  path: string;
  mayUse: string[];
  purpose: string;
}

export interface CompositionRoot {
  file: string;
  mayImport: string;
  why: string;
}

interface LayeringConfig {
  ROOMS: Room[];
  ROOTS: CompositionRoot[];
  forbidden: IForbiddenRuleType[];
  options: Record<string, unknown>;
}

export const layering = createRequire(import.meta.url)(path.join(ROOT, '.dependency-cruiser.cjs')) as LayeringConfig;

/** Cruises `dirs` of the tree at `root` (its tsconfig.json resolves the `.js` specifiers to `.ts` files). */
export async function cruiseTree(root: string, dirs: readonly string[] = ['src', 'reporters']): Promise<{ violations: string[]; modules: string[] }> {
  const result = await cruise(
    [...dirs],
    { ...layering.options, baseDir: root, validate: true, ruleSet: { forbidden: layering.forbidden } },
    undefined,
    { tsConfig: extractTSConfig(path.join(root, 'tsconfig.json')) },
  );
  const output = result.output as ICruiseResult;
  return {
    violations: output.summary.violations.map((v) => `${v.rule.name} ${v.from} -> ${v.to}`).sort(),
    modules: output.modules.filter((m) => !m.coreModule && !m.couldNotResolve && /^(src|reporters)\//.test(m.source)).map((m) => m.source).sort(),
  };
}

/** The table of rooms as src/README.md shows it: rendered from .dependency-cruiser.cjs, never written by hand. */
export function layeringTable(config: Pick<LayeringConfig, 'ROOMS' | 'ROOTS'> = layering): string {
  const files = (p: string) => p.split('|').map((x) => `\`${x}\``).join(' ');
  const rooms = config.ROOMS.map((r) => `| ${r.name} | ${files(r.path)} | ${r.mayUse.join(', ') || '(none)'} | ${r.purpose} |`);
  const roots = config.ROOTS.map((x) => `| \`${x.file}\` | ${files(x.mayImport)} | ${x.why} |`);
  return [
    '| room | files (path pattern) | may import from | what it is |',
    '|---|---|---|---|',
    ...rooms,
    '',
    'Composition roots: the only files that import upward, each only what it names.',
    '',
    '| file | may also import | why |',
    '|---|---|---|',
    ...roots,
    '',
  ].join('\n');
}
