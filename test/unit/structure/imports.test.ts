// Imports flow one way (STYLE.md, convention 14): src/shared imports nothing of ours and neither
// vscode nor tfjs; src/trainer imports shared; src/cli imports trainer and shared; src/extension
// imports shared only (it forks the trainer bundle, never imports it); webview/ imports shared only.
// No import cycles anywhere, type-only imports included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findCycles, importGraph, importsOf, sourceFiles } from './import-graph';

const FILES = sourceFiles('src', 'webview');

type Layer = 'src/shared' | 'src/trainer' | 'src/cli' | 'src/extension' | 'webview';
const LAYERS: Layer[] = ['src/shared', 'src/trainer', 'src/cli', 'src/extension', 'webview'];

function layerOf(file: string): Layer | undefined {
  return LAYERS.find((layer) => file.startsWith(`${layer}/`));
}

/** Layers each layer may import from (its own included). */
const ALLOWED: Record<Layer, Layer[]> = {
  'src/shared': ['src/shared'],
  'src/trainer': ['src/trainer', 'src/shared'],
  'src/cli': ['src/cli', 'src/trainer', 'src/shared'],
  'src/extension': ['src/extension', 'src/shared'],
  webview: ['webview', 'src/shared'],
};

/** Packages a layer must not import (matched on the specifier). */
const FORBIDDEN_PACKAGES: Partial<Record<Layer, RegExp>> = {
  'src/shared': /^(vscode$|@tensorflow\/)/,
  'src/extension': /^@tensorflow\//,
  webview: /^(vscode$|@tensorflow\/|node:)/,
};

function violations(check: (file: string, layer: Layer) => string[]): string[] {
  return FILES.flatMap((file) => {
    const layer = layerOf(file);
    return layer ? check(file, layer) : [];
  });
}

test('the parser sees every kind of import', () => {
  const text = [
    "import type { A } from './a';",
    'import {',
    '  b,',
    '  c,',
    "} from '../b';",
    "export { d } from './d';",
    "export * from './e';",
    "import 'side-effect';",
    "const f = require('node:fs');",
    "type G = typeof import('vscode');",
    '/** import { nothing } from "./comment" in a comment is not an import */',
  ].join('\n');
  const specifiers = importsOf('src/shared/x.ts', text).map((e) => e.specifier);
  assert.deepEqual(specifiers, ['./a', '../b', './d', './e', 'side-effect', 'node:fs', 'vscode']);
});

test('every relative import resolves to a file', () => {
  const bad = FILES.flatMap((file) =>
    importsOf(file)
      .filter((e) => e.target?.startsWith('<unresolved'))
      .map((e) => `${file}:${e.line} ${e.specifier}`),
  );
  assert.deepEqual(bad, []);
});

test('no import cycles in src/ and webview/', () => {
  const cycles = findCycles(importGraph(FILES));
  assert.deepEqual(
    cycles.map((c) => c.join(' → ')),
    [],
    `import cycles:\n${cycles.map((c) => `  ${c.join(' → ')}`).join('\n')}`,
  );
});

test('the cycle finder reports a cycle with its files', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts', 'd.ts']],
    ['d.ts', []],
    ['e.ts', ['e.ts']],
  ]);
  assert.deepEqual(findCycles(graph), [
    ['a.ts', 'b.ts', 'c.ts', 'a.ts'],
    ['e.ts', 'e.ts'],
  ]);
});

test('each layer imports only the layers below it (and JSON data such as the schema)', () => {
  const bad = violations((file, layer) =>
    importsOf(file).flatMap((e) => {
      if (!e.target) return [];
      const to = layerOf(e.target);
      const allowed = to ? ALLOWED[layer].includes(to) : e.target.endsWith('.json');
      return allowed ? [] : [`${file}:${e.line} imports ${e.target}`];
    }),
  );
  assert.deepEqual(bad, []);
});

test('src/shared imports neither vscode nor tfjs, the extension no tfjs, the webview no vscode, tfjs or Node built-ins', () => {
  const bad = violations((file, layer) => {
    const forbidden = FORBIDDEN_PACKAGES[layer];
    if (!forbidden) return [];
    return importsOf(file)
      .filter((e) => !e.target && forbidden.test(e.specifier))
      .map((e) => `${file}:${e.line} imports ${e.specifier}`);
  });
  assert.deepEqual(bad, []);
});
