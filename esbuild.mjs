// One build script for every bundle. `--production` minifies; otherwise sourcemaps are emitted.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const out = 'dist';
mkdirSync(out, { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  // ESM entries first: jsonc-parser's UMD build cannot be bundled, and tfjs-core's gradient registrations
  // (an ESM module) must share one copy of tfjs-core with the rest of the bundle.
  mainFields: ['module', 'main'],
  // Optional: used when installed (it needs a native libtensorflow), never bundled.
  external: ['@tensorflow/tfjs-node', 'vscode'],
};

const bundles = [
  { ...node, entryPoints: ['src/trainer/main.ts'], outfile: `${out}/trainer.js` },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: `${out}/cli.js`, banner: { js: '#!/usr/bin/env node' } },
];
if (existsSync('src/extension/extension.ts')) {
  bundles.push({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: `${out}/extension.js` });
}
if (existsSync('webview/main.ts')) {
  bundles.push({
    bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: production,
    sourcemap: !production, logLevel: 'warning', entryPoints: ['webview/main.ts'], outfile: `${out}/webview.js`,
  });
}

// The WASM backend loads its .wasm files from the bundle's own folder.
const wasmDir = 'node_modules/@tensorflow/tfjs-backend-wasm/dist';
for (const f of readdirSync(wasmDir).filter((f) => f.endsWith('.wasm'))) copyFileSync(join(wasmDir, f), join(out, f));

if (watch) {
  for (const b of bundles) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(bundles.map((b) => esbuild.build(b)));
}
