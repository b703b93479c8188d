// The import graph of src/ and webview/, read with regular expressions (no TypeScript compiler):
// `import … from '…'`, `export … from '…'`, side-effect `import '…'`, `import('…')` (also in
// `typeof import('…')`) and `require('…')`. Relative specifiers are resolved to repository files
// (`x`, `x.ts`, `x/index.ts`, a JSON file); bare specifiers (packages, `node:` built-ins) are kept as written.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '../../..');

/** One import of a file: the specifier as written, and the repository-relative file it resolves to (relative imports only). */
export interface ImportEdge {
  specifier: string;
  /** Repository-relative path with `/` separators; undefined for a package or built-in. */
  target?: string;
  line: number;
}

const PATTERNS = [
  /^[ \t]*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/gm,
  /^[ \t]*import\s*['"]([^'"]+)['"]/gm,
  /\b(?:require|import)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
];

/** Every `.ts` file under the given repository-relative folders, repository-relative, sorted. */
export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of readdirSync(path.join(ROOT, rel))) {
      if (name === 'node_modules' || name.startsWith('.')) continue;
      const child = `${rel}/${name}`;
      if (statSync(path.join(ROOT, child)).isDirectory()) walk(child);
      else if (name.endsWith('.ts')) out.push(child);
    }
  };
  for (const folder of folders) walk(folder);
  return out.sort();
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), specifier));
  const candidates = [base, `${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, '.ts')];
  return candidates.find((c) => existsSync(path.join(ROOT, c)) && statSync(path.join(ROOT, c)).isFile());
}

/** The imports of one repository-relative file, in source order. */
export function importsOf(file: string, text = readFileSync(path.join(ROOT, file), 'utf8')): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const seen = new Set<number>();
  for (const pattern of PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      const at = (m.index ?? 0) + m[0].lastIndexOf(m[1]);
      if (seen.has(at)) continue;
      seen.add(at);
      const specifier = m[1];
      const line = text.slice(0, at).split('\n').length;
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file, specifier);
        edges.push({ specifier, line, target: target ?? `<unresolved ${specifier}>` });
      } else {
        edges.push({ specifier, line });
      }
    }
  }
  return edges.sort((a, b) => a.line - b.line);
}

/** File → the repository files it imports (relative imports only, deduplicated). */
export function importGraph(files: string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const targets = importsOf(file).flatMap((e) => (e.target ? [e.target] : []));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * The import cycles of a graph, one per strongly connected component with more than one file (or a
 * file that imports itself), each as a path `a → b → … → a` through that component.
 */
export function findCycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) connect(v);
  return components.map((c) => cycleThrough(graph, new Set(c)));
}

/** A shortest cycle from the component's first file (in sorted order) back to itself, staying inside the component. */
function cycleThrough(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0];
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const cycle = [start];
        for (let u = v; u !== start; u = previous.get(u)!) cycle.splice(1, 0, u);
        return [...cycle, start];
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}
