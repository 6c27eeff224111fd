/**
 * Import cycles among the project's own modules, from their source text: `import … from './x.js'`,
 * `export … from`, and `import('./x.js')`. Type-only imports (`import type`, `export type`) are left
 * out unless asked for: they vanish at compile time and order nothing at run time.
 */
import fs from 'node:fs';
import path from 'node:path';

const IMPORT = /(?:^|\n)\s*(import|export)(\s+type)?\s[^'";]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

/** Every .ts file under the directories, and the project files each imports (at run time only, unless `types`). */
export function importGraph(root: string, dirs: readonly string[], options: { types?: boolean } = {}): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = dirs.flatMap((d) =>
    fs.readdirSync(path.join(root, d), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => path.join(d, f)),
  );
  for (const file of files) {
    const text = fs.readFileSync(path.join(root, file), 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(IMPORT)) {
      if (m[2] && !options.types) continue;
      const spec = m[3] ?? m[4];
      if (!spec) continue;
      const target = path.normalize(path.join(path.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (files.includes(target)) targets.push(target);
    }
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The graph's cycles, one per strongly connected component of more than one file (or a file importing itself), each sorted. */
export function importCycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative enough for a few hundred files.
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(component.sort());
    }
  };
  for (const v of [...graph.keys()].sort()) if (!indexOf.has(v)) visit(v);
  return out.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
