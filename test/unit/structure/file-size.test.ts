// Files stay small (STYLE.md, convention 13): none in src/ or webview/ is over 300 lines. A file that
// grows past it is split by what its parts do, not at an arbitrary line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './import-graph';

const MAX_LINES = 300;

function filesUnder(rel: string): string[] {
  return readdirSync(path.join(ROOT, rel)).flatMap((name) => {
    if (name === 'node_modules' || name.startsWith('.')) return [];
    const child = `${rel}/${name}`;
    return statSync(path.join(ROOT, child)).isDirectory() ? filesUnder(child) : [child];
  });
}

function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

test(`no file in src/ or webview/ is over ${MAX_LINES} lines`, () => {
  const files = [...filesUnder('src'), ...filesUnder('webview')];
  assert.ok(files.length > 100, `found ${files.length} files`);
  const long = files
    .map((file) => ({ file, lines: lineCount(readFileSync(path.join(ROOT, file), 'utf8')) }))
    .filter((f) => f.lines > MAX_LINES)
    .map((f) => `${f.file}: ${f.lines} lines`);
  assert.deepEqual(long, []);
});

test('lines are counted as wc -l does, plus an unterminated last line', () => {
  assert.equal(lineCount(''), 0);
  assert.equal(lineCount('a\n'), 1);
  assert.equal(lineCount('a\nb'), 2);
  assert.equal(lineCount('a\nb\n'), 2);
});
