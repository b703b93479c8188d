// The bundles load some files of dist/ at run time (esbuild.mjs builds the generated config validator,
// the CLI's commands, gradcheck and yaml as files of their own): each must be built, and those the
// extension loads must be in the .vsix (.vscodeignore is an allow-list).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DIST, ROOT } from '../../helpers/config';

/** The `./x.js` files a bundle requires or imports at run time. */
function distFilesLoadedBy(bundle: string): string[] {
  const text = readFileSync(join(DIST, bundle), 'utf8');
  return [...new Set([...text.matchAll(/\b(?:require|import)\(\s*"\.\/([\w.-]+\.js)"\s*\)/g)].map((m) => m[1]))].sort();
}

/** Whether the allow-list in .vscodeignore puts `file` (repository-relative) back into the package. */
function packaged(file: string): boolean {
  const lines = readFileSync(join(ROOT, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*\*/g, '.*').replace(/(?<!\.)\*/g, '[^/]*')}$`);
  return lines.filter((l) => l.startsWith('!')).some((l) => glob(l.slice(1)).test(file));
}

test('every dist file a bundle loads at run time is built', () => {
  for (const bundle of ['cli.js', 'cli-commands.js', 'extension.js', 'trainer.js']) {
    for (const file of distFilesLoadedBy(bundle)) assert.ok(existsSync(join(DIST, file)), `${bundle} loads dist/${file}, which is missing`);
  }
  assert.deepEqual(distFilesLoadedBy('cli.js'), ['cli-commands.js', 'config-validator.js', 'yaml.js']);
});

test('every dist file the extension loads is in the .vsix (.vscodeignore)', () => {
  const loaded = distFilesLoadedBy('extension.js');
  assert.ok(loaded.includes('config-validator.js'), loaded.join(', '));
  for (const file of loaded) assert.ok(packaged(`dist/${file}`), `dist/${file} (loaded by extension.js) is not in .vscodeignore's allow-list`);
  assert.ok(packaged('dist/extension.js') && !packaged('dist/cli.js'), 'the allow-list reading is right');
});
