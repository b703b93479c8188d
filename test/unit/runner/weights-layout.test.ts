import assert from 'node:assert/strict';
import { test } from 'node:test';
import { armFolders, checkpointFile, checkpointStep } from '../../../src/shared/runner/weights-layout';

test('arm folders are file-safe, readable and unique (case-insensitively, and never "init")', () => {
  const f = armFolders(['cross-entropy', 'focal γ=2', 'Focal γ=2', 'a/b', 'init', '..', 'label smoothing 0.1']);
  assert.deepEqual([...f.values()], ['cross-entropy', 'focal-2', 'Focal-2-2', 'a-b', 'init-2', 'arm', 'label-smoothing-0.1']);
  assert.equal(armFolders(['é café']).get('é café'), 'e-cafe');
});

test('checkpoint names round-trip their step', () => {
  assert.equal(checkpointStep(checkpointFile('/x', 1200).slice(3)), 1200);
  assert.equal(checkpointStep('final.safetensors'), undefined);
  assert.equal(checkpointStep('step-12.safetensors.123.tmp'), undefined);
});
