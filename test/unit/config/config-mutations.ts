/** Every config fixture and example, and systematic mutations of them, for tests of the config pipeline. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfigText } from '../../../src/shared/config/parse';
import { CONFIG_FIXTURES } from './helpers';

const EXAMPLES = join(__dirname, '..', '..', '..', 'examples');

/** Every parsable config among the fixtures and examples, by file name. */
export function configs(): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const dir of [CONFIG_FIXTURES, EXAMPLES]) {
    for (const name of readdirSync(dir).filter((n) => /\.losslab\.(json|ya?ml)$/.test(n)).sort()) {
      const parsed = parseConfigText(readFileSync(join(dir, name), 'utf8'), name);
      if (parsed.value !== undefined) out.set(name, parsed.value);
    }
  }
  return out;
}

export type Json = unknown;
const REPLACEMENTS: Json[] = ['x', -1, 2.5, 0, true, null, [], {}, [1, 1]];

/** Copies of `value` each with one change: a key removed or added, a value replaced, an array item repeated. */
export function mutations(value: Json, more: readonly Json[] = []): Json[] {
  const out: Json[] = [];
  const change = (path: (string | number)[], f: (node: any) => void) => {
    const copy = structuredClone(value) as any;
    f(path.reduce((node, k) => node[k], copy));
    out.push(copy);
  };
  const walk = (node: Json, path: (string | number)[]) => {
    const parent = path.slice(0, -1);
    const key = path[path.length - 1];
    if (path.length > 0) {
      for (const r of [...REPLACEMENTS, ...more]) change(parent, (p) => (p[key] = structuredClone(r)));
      if (typeof key === 'string') change(parent, (p) => delete p[key]);
    }
    if (Array.isArray(node)) {
      if (node.length > 0) change(path, (n) => n.push(structuredClone(n[0])));
      node.forEach((v, i) => walk(v, [...path, i]));
    } else if (node !== null && typeof node === 'object') {
      change(path, (n) => (n.zzUnknown = 1));
      for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
    }
  };
  walk(value, []);
  return out;
}

