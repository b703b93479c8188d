// One build script for every bundle. `--production` minifies; otherwise sourcemaps are emitted.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

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

/**
 * The config validator is generated before bundling: ajv's standalone code for the schema, so that no
 * process compiles the schema at run time. The generator is TypeScript (src/shared/config/validate-codegen.ts),
 * bundled here in memory and run; the files are rewritten only when their text changes (--watch generates
 * them once, at start: after a schema edit, run the build again).
 */
async function generateValidator() {
  const { outputFiles } = await esbuild.build({
    entryPoints: ['src/shared/config/validate-codegen.ts'], bundle: true, platform: 'node', format: 'cjs', packages: 'external', write: false, logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  const { GENERATED_VALIDATOR, configValidatorSource, CONFIG_VALIDATOR_TYPES } = module.exports;
  mkdirSync(dirname(GENERATED_VALIDATOR), { recursive: true });
  for (const [file, text] of [[`${GENERATED_VALIDATOR}.js`, configValidatorSource()], [`${GENERATED_VALIDATOR}.d.ts`, CONFIG_VALIDATOR_TYPES]]) {
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
  }
}
await generateValidator();

/**
 * Modules built as their own file in dist/ and loaded from there by the bundles that import them, so
 * that a process reads and parses them only when it needs them:
 * - the generated config validator, shared by the CLI and the extension, and minified even in development
 *   builds (generated code nobody reads; readable, it is much larger for every `loss-lab validate` to parse);
 * - the CLI's commands other than validate and help (the runners), which its main `import()`s on demand;
 * - gradcheck (tfjs, its backends and sucrase), which the CLI's gradcheck command `import()`s.
 * One file per module (not a copy in each bundle) also keeps one copy of each class, so `instanceof` holds.
 */
const OWN_FILES = {
  'src/shared/config/generated/config-validator.js': { file: 'config-validator.js', minify: true },
  'src/cli/commands/dispatch.ts': { file: 'cli-commands.js' },
  'src/trainer/gradcheck/run.ts': { file: 'gradcheck.js' },
};
/**
 * Packages the CLI loads as files of their own: yaml, only for a YAML config (src/shared/config/yaml-lazy.ts).
 * The extension bundles it (it parses YAML as it starts).
 */
const OWN_PACKAGES = { yaml: 'yaml.js' };
const ownFiles = (packages = true) => ({
  name: 'own-files',
  setup(build) {
    if (packages) build.onResolve({ filter: new RegExp(`^(${Object.keys(OWN_PACKAGES).join('|')})$`) }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: `./${OWN_PACKAGES[args.path]}`, external: true });
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const base = resolve(args.resolveDir, args.path);
      const src = Object.keys(OWN_FILES).find((s) => [base, `${base}.ts`].includes(resolve(s)));
      return src && { path: `./${OWN_FILES[src].file}`, external: true };
    });
  },
});

const bundles = [
  { ...node, entryPoints: ['src/trainer/main.ts'], outfile: `${out}/trainer.js` },
  { ...node, entryPoints: ['src/cli/main.ts'], outfile: `${out}/cli.js`, banner: { js: '#!/usr/bin/env node' }, plugins: [ownFiles()] },
  ...Object.entries(OWN_FILES).map(([src, { file, minify }]) => ({
    ...node, entryPoints: [src], outfile: `${out}/${file}`, plugins: [ownFiles()], ...(minify && { minify: true, sourcemap: false }),
  })),
  ...Object.entries(OWN_PACKAGES).map(([pkg, file]) => ({ ...node, entryPoints: [pkg], outfile: `${out}/${file}` })),
];
if (existsSync('src/extension/extension.ts')) {
  bundles.push({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: `${out}/extension.js`, plugins: [ownFiles(false)] });
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
