import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dropCrowdedEnd } from '../../../webview/model/ticks';

const values = (vs: number[]) => {
  const ticks = vs.map((value) => ({ value }));
  dropCrowdedEnd(ticks);
  return ticks.map((t) => t.value);
};

test('an end tick crowding the last round one is dropped; round and well-spaced ends are kept', () => {
  assert.deepEqual(values([0, 100, 200, 300, 400, 420]), [0, 100, 200, 300, 400]);
  assert.deepEqual(values([0, 100, 200, 300, 400, 460]), [0, 100, 200, 300, 400, 460]);
  assert.deepEqual(values([0, 100, 200, 300, 400]), [0, 100, 200, 300, 400]);
  assert.deepEqual(values([0, 5]), [0, 5]);
});
