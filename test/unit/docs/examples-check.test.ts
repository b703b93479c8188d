import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { documentsWithTables, exampleBlocks, resultCells, tableDiff } from '../../../scripts/examples-check';

const TABLE = [
  'arm                     status  best val/r2  final val/r2  final train loss  time  steps/s',
  'mse                  completed       0.8755        0.8505           0.03354  3.9s      290',
  'lai λ=0.3            completed       0.8381        0.8063           0.09447  7.6s    148.2',
].join('\n');

test('example blocks: the fenced table after each marker, with its offsets', () => {
  const readme = `intro\n<!-- example-table: examples/a.losslab.json -->\n\`\`\`\n${TABLE}\n\`\`\`\nmore\n<!-- example-table: examples/b.losslab.json -->\nText between.\n\n\`\`\`\nx  y  z\n\`\`\`\n`;
  const blocks = exampleBlocks(readme);
  assert.deepEqual(blocks.map((b) => b.config), ['examples/a.losslab.json', 'examples/b.losslab.json']);
  assert.equal(blocks[0].table, TABLE);
  assert.equal(readme.slice(blocks[0].start, blocks[0].end), TABLE);
  assert.equal(readme.slice(blocks[1].start, blocks[1].end), 'x  y  z');
});

test('results are compared without the timing columns; a changed number is reported with both rows', () => {
  assert.deepEqual(resultCells(TABLE)[1], ['mse', 'completed', '0.8755', '0.8505', '0.03354']);
  const retimed = TABLE.replace('3.9s      290', '9.9s     12.5').replace('7.6s', '1.0s');
  assert.deepEqual(tableDiff(TABLE, retimed), []);
  const withRule = TABLE.split('\n');
  withRule.splice(1, 0, '─────  ─────');
  assert.deepEqual(tableDiff(TABLE, withRule.join('\n')), [], 'the CLI rule line is not a row');
  const changed = TABLE.replace('0.8063', '0.7000');
  assert.deepEqual(tableDiff(TABLE, changed), ['  README: lai λ=0.3 | completed | 0.8381 | 0.8063 | 0.09447\n  fresh:  lai λ=0.3 | completed | 0.8381 | 0.7000 | 0.09447']);
});

test('the docs mark their example result tables, each naming an example that exists', () => {
  const root = join(__dirname, '..', '..', '..');
  const blocks = documentsWithTables(root).flatMap((doc) => exampleBlocks(readFileSync(doc, 'utf8')));
  assert.ok(blocks.length >= 3, `${blocks.length} marked tables`);
  for (const b of blocks) {
    assert.ok(readFileSync(join(root, b.config), 'utf8').length > 0, b.config);
    assert.match(b.table.split('\n')[0], /^arm\s+status\s+best /);
  }
});
