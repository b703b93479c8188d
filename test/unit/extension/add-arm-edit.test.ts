import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addArmToConfigText, armNamesIn, pinEvolveArm, roundParams, uniqueName } from '../../../src/extension/commands/add-arm-edit';
import { validateConfigText } from '../../../src/shared/config';

const JSON_CONFIG = `// my evolution
{
  "name": "e",
  "data": { "dataset": "spirals", "classes": 3 },
  "model": { "type": "mlp", "hidden": [8] },
  "train": { "epochs": 1 },
  "losses": [
    { "name": "ce", "type": "ce" }, // baseline
    { "name": "taylorglo", "type": "taylorglo", "params": [0, 0, 0, -1, 0, 2, 0, 0] }
  ],
  "evolve": { "generations": 2, "population": 6 }
}
`;

const YAML_CONFIG = `# my evolution
name: e
data: { dataset: spirals, classes: 3 }
model: { type: mlp, hidden: [8] }
train: { epochs: 1 }
losses:
  - { name: ce, type: ce } # baseline
  - { name: taylorglo, type: taylorglo, params: [0, 0, 0, -1, 0, 2, 0, 0] }
evolve:
  generations: 2
  population: 6
`;

const evolved = { name: 'taylorglo (evolved 2 gen)', type: 'taylorglo', params: [0.5, -1, 2, 0, 1, -0.25, 3, 1e-3] };

for (const [format, text, file] of [['json', JSON_CONFIG, 'e.losslab.json'], ['yaml', YAML_CONFIG, 'e.losslab.yaml']] as const) {
  test(`${format}: adding a second taylorglo arm alone leaves the evolve section ambiguous; pinning evolve.arm fixes it`, () => {
    const added = addArmToConfigText(text, format, evolved);
    const unpinned = validateConfigText(added, file).problems.filter((p) => p.severity === 'error');
    assert.ok(unpinned.some((p) => /several taylorglo arms/.test(p.message)), unpinned.map((p) => p.message).join('; '));
    const pinned = pinEvolveArm(added, format, 'taylorglo');
    const result = validateConfigText(pinned, file);
    assert.deepEqual(result.problems.filter((p) => p.severity === 'error').map((p) => p.message), []);
    assert.equal(result.config?.evolve?.arm, 'taylorglo');
    assert.deepEqual(result.config?.losses.map((l) => l.name), ['ce', 'taylorglo', 'taylorglo (evolved 2 gen)']);
    assert.deepEqual((result.config?.losses[2] as unknown as { params: number[] }).params, evolved.params);
    assert.ok(pinned.includes('my evolution') && pinned.includes('baseline'), 'comments are kept');
    if (format === 'json') {
      assert.ok(added.startsWith(text.slice(0, text.indexOf('0, 0] }') + 7)), 'the arms already there are not reformatted');
      assert.ok(added.includes('    { "name": "taylorglo (evolved 2 gen)", "type": "taylorglo", "params": [0.5, -1, 2, 0, 1, -0.25, 3, 0.001] }\n  ],'), added);
    }
  });

  test(`${format}: pinEvolveArm leaves a config with evolve.arm, or without evolve, unchanged`, () => {
    const pinnedOnce = pinEvolveArm(text, format, 'taylorglo');
    assert.equal(pinEvolveArm(pinnedOnce, format, 'other'), pinnedOnce);
    const noEvolve = format === 'json' ? text.replace(/,\n  "evolve".*\n/, '\n') : text.replace(/evolve:[\s\S]*$/, '');
    assert.equal(pinEvolveArm(noEvolve, format, 'taylorglo'), noEvolve);
  });
}

test('unique names and rounding', () => {
  assert.equal(uniqueName('a', ['a', 'a 2']), 'a 3');
  assert.equal(uniqueName('b', ['a']), 'b');
  assert.deepEqual(armNamesIn(JSON_CONFIG, 'json'), ['ce', 'taylorglo']);
  assert.deepEqual(armNamesIn(YAML_CONFIG, 'yaml'), ['ce', 'taylorglo']);
  assert.deepEqual(roundParams([1 / 3, -123456789, 0]), [0.333333, -123457000, 0]);
});
