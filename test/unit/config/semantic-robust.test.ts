// The semantic checks run beside the schema on values the schema refuses, so they meet every shape: a
// string where an object belongs, an array where a map does. Over every fixture and example and their
// mutations, the schema (which fills defaults) and then the semantic checks give issues, never an
// exception. (validateConfigText would also survive a throw on a refused config: that net is not tested here.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { semanticIssues } from '../../../src/shared/config/checks';
import { schemaIssues } from '../../../src/shared/config/validate';
import { configs, mutations } from './config-mutations';

const MORE_SHAPES: unknown[] = [[[1]], [{}], { values: 'x' }, { grid: [] }, ''];

test('no config value makes validation throw: every mutation of every fixture and example gets problems or a config', () => {
  let cases = 0;
  const failures: string[] = [];
  for (const [name, value] of configs()) {
    for (const [i, c] of [value, ...mutations(value, MORE_SHAPES)].entries()) {
      // Parsed configs have no prototype (as the parser makes them): String() of one throws.
      const value = JSON.parse(JSON.stringify(c), (_k, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.assign(Object.create(null), v) : v));
      try {
        schemaIssues(value);
        semanticIssues(value, { fileName: `/tmp/${name.replace(/\.ya?ml$/, '.json')}` });
      } catch (e) {
        failures.push(`${name}, case ${i}: ${(e as Error).message}`);
      }
      cases++;
    }
  }
  assert.deepEqual(failures.slice(0, 20), [], `${failures.length} of ${cases} cases threw`);
  assert.ok(cases > 1000, `${cases} cases`);
});
