import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfigFile } from '../../../src/shared/config';

const DIR = join(__dirname, '..', '..', '..', 'examples', 'papers');

test('every paper-setting example validates without problems', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.losslab.json'));
  assert.ok(files.length >= 5);
  for (const f of files) assert.deepEqual(loadConfigFile(join(DIR, f)).problems, [], f);
});
