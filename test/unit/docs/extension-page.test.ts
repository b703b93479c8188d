/**
 * The installed extension's Details page is EXTENSION.md, packaged as the .vsix's readme: it must be
 * for users (no developer set-up) and every image it shows must be inside the package, since the
 * Details page resolves relative links against the installed extension's folder.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../../helpers/config';

const page = readFileSync(join(ROOT, 'EXTENSION.md'), 'utf8');

function zipEntries(zip: string): Map<string, Buffer> {
  const script = 'import sys, zipfile, base64, json\nz = zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({n: base64.b64encode(z.read(n)).decode() for n in z.namelist()}))';
  const r = spawnSync('python3', ['-c', script, zip], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return new Map(Object.entries(JSON.parse(r.stdout) as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64')]));
}

test('the .vsix carries EXTENSION.md as its readme, and every image it shows', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'losslab-vsix-')), 'x.vsix');
  const vsce = join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
  const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--readme-path', 'EXTENSION.md', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const entries = zipEntries(out);
  assert.equal(entries.get('extension/readme.md')?.toString('utf8'), page);
  const images = [...page.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 2, 'the page shows screenshots');
  for (const image of images) {
    assert.ok(!/^[a-z]+:/.test(image), `${image}: no remote content`);
    assert.deepEqual(entries.get(`extension/${image}`), readFileSync(join(ROOT, image)), `${image} is in the package`);
  }
  const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  assert.match(scripts.package, /--readme-path EXTENSION\.md/);
});

test('the Details page is for users; the README keeps the two set-up commands and stays short', () => {
  assert.doesNotMatch(page, /npm (install|test|ci)\b/);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length <= 200, `README.md has ${readme.split('\n').length} lines`);
  assert.match(readme, /\nnpm install\s/);
  assert.match(readme, /\nnpx loss-lab run examples\/quickstart\.losslab\.json/);
  assert.match(readme, /\nnpm test\n/);
});
