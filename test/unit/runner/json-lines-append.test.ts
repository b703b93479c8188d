/** The host's append path for trainer batches: text appended as it is, and a failed write cut back to the last whole line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunFolderError } from '../../../src/shared/runner/fs-errors';
import { JsonLinesFile } from '../../../src/shared/runner/json-lines-file';
import { mountTmpfs, tempDir, unmount } from '../faults/harness';

const root = process.getuid?.() === 0;

test('appendText writes the batch byte for byte, after what the file held; refuses a partial line', () => {
  const path = join(tempDir('append'), 'metrics.jsonl');
  const file = new JsonLinesFile(path);
  file.append([{ a: 1 }]);
  file.appendText('{"b":-0}\n{"c":"é"}\n');
  assert.throws(() => file.appendText('{"d":1}'), /whole lines/);
  file.close();
  assert.equal(readFileSync(path, 'utf8'), '{"a":1}\n{"b":-0}\n{"c":"é"}\n');
});

test('disk full: the file is cut back to the last whole batch, and every later append throws the same error', { skip: root ? false : 'mounting a tmpfs needs root' }, () => {
  const dir = tempDir('append-full');
  mkdirSync(join(dir, 'm'));
  const mnt = join(dir, 'm');
  assert.ok(mountTmpfs(mnt, '16k'));
  try {
    const file = new JsonLinesFile(join(mnt, 'metrics.jsonl'));
    const line = (i: number) => JSON.stringify({ arm: 'ce', seed: 0, step: i, pad: 'x'.repeat(200) });
    let written = '';
    let failure: unknown;
    for (let i = 0; i < 1000 && !failure; i++) {
      const text = `${line(3 * i)}\n${line(3 * i + 1)}\n${line(3 * i + 2)}\n`;
      try {
        file.appendText(text);
        written += text;
      } catch (e) {
        failure = e;
      }
    }
    assert.ok(failure instanceof RunFolderError, 'the disk filled');
    assert.equal(readFileSync(join(mnt, 'metrics.jsonl'), 'utf8'), written, 'only whole batches remain');
    assert.throws(() => file.appendText(`${line(0)}\n`), (e) => e === failure);
    file.close();
  } finally {
    unmount(mnt);
  }
});
