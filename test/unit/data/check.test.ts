import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { checkConfigData, classCount } from '../../../src/shared/data/check';
import { DataError } from '../../../src/shared/data/types';
import { resolveConfig, tinyConfigObject } from '../../helpers/config';

const DATA = join(__dirname, '..', '..', 'fixtures', 'data');

function withData(data: Record<string, unknown>) {
  return resolveConfig(tinyConfigObject({ data, losses: [{ type: 'mse' }] }));
}

test('built-in datasets: the class count comes from the config, nothing is generated', () => {
  assert.equal(classCount(withData({ dataset: 'iris' })), 3);
  assert.equal(classCount(withData({ dataset: 'spirals', classes: 5 })), 5);
  assert.equal(classCount(withData({ dataset: 'spirals' })), 3);
  assert.equal(classCount(withData({ dataset: 'sine' })), 1);
  assert.equal(classCount(withData({ dataset: 'diabetes' })), 1);
  assert.deepEqual(checkConfigData(withData({ dataset: 'moons' })), { problems: [], nClasses: 2 });
});

test('a CSV dataset is read once for its problems and class count', () => {
  const good = withData({ dataset: 'csv', path: join(DATA, 'int-labels.csv'), target: 'label' });
  assert.deepEqual(checkConfigData(good), { problems: [], nClasses: 3 });
  const path = join(DATA, 'unclosed-quote.csv');
  const bad = withData({ dataset: 'csv', path, target: 'y' });
  assert.deepEqual(checkConfigData(bad), { problems: [`${path}:12:2: malformed CSV: a quoted field opened here is never closed`] });
  assert.throws(() => classCount(bad), (e: unknown) => e instanceof DataError && e.message.startsWith(`${path}:12:2: `));
});
