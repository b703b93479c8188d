import assert from 'node:assert/strict';
import { test } from 'node:test';
import { configFormat, outlineConfig } from '../../../src/extension/codelens/arm-ranges';

const at = (text: string, r: { offset: number; length: number }) => text.slice(r.offset, r.offset + r.length);

test('configFormat recognises config files only', () => {
  assert.equal(configFormat('/a/quickstart.losslab.json'), 'json');
  assert.equal(configFormat('/a/x.LossLab.JSON'), 'json');
  assert.equal(configFormat('x.losslab.yaml'), 'yaml');
  assert.equal(configFormat('x.losslab.yml'), 'yaml');
  for (const f of ['package.json', 'losslab.json', 'x.losslab.json.bak', 'x.json', 'x.losslab.jsonc']) assert.equal(configFormat(f), undefined, f);
});

test('JSON with comments: one range per arm, names as written', () => {
  const text = `// comment
{
  "name": "demo",
  /* arms */
  "losses": [
    { "name": "cross-entropy", "type": "ce" },
    {
      "type": "mse"
    },
    { "name": "focal γ=2", "type": "focal", "gamma": 2 }, // trailing comma next
  ],
}`;
  const o = outlineConfig(text, 'json');
  assert.equal(o.arms.length, 3);
  assert.deepEqual(o.arms.map((a) => a.name), ['cross-entropy', undefined, 'focal γ=2']);
  assert.deepEqual(o.arms.map((a) => a.index), [0, 1, 2]);
  assert.equal(at(text, o.arms[0]), '{ "name": "cross-entropy", "type": "ce" }');
  assert.equal(at(text, o.arms[1]), '{\n      "type": "mse"\n    }');
  assert.equal(at(text, o.lossesKey!), '"losses"');
  assert.equal(text.slice(0, o.arms[1].offset).split('\n').length - 1, 6, 'second arm starts on line 7');
});

test('JSON: broken or unrelated documents give no arms', () => {
  assert.deepEqual(outlineConfig('', 'json').arms, []);
  assert.deepEqual(outlineConfig('[1,2]', 'json').arms, []);
  assert.deepEqual(outlineConfig('{"losses": {"a": 1}}', 'json').arms, []);
  assert.deepEqual(outlineConfig('{"model": {"losses": [{}]}}', 'json').arms, [], 'only the top-level losses');
  const partial = outlineConfig('{ "losses": [ {"name": "a", "type": "ce"}, {"name": ', 'json');
  assert.equal(partial.arms[0]?.name, 'a', 'a document being typed still gives the arms before the cursor');
});

test('YAML: block and flow entries, comments, missing names', () => {
  const text = `# demo
name: demo
losses:
  # the baseline
  - name: cross-entropy
    type: ce
  - { name: "b c", type: mse }
  - type: focal
    gamma: 2
model: { type: mlp }
`;
  const o = outlineConfig(text, 'yaml');
  assert.deepEqual(o.arms.map((a) => a.name), ['cross-entropy', 'b c', undefined]);
  assert.equal(at(text, o.arms[0]), 'name: cross-entropy\n    type: ce');
  assert.equal(at(text, o.arms[1]), '{ name: "b c", type: mse }');
  assert.equal(at(text, o.arms[2]), 'type: focal\n    gamma: 2');
  assert.equal(at(text, o.lossesKey!), 'losses');
  assert.equal(text.slice(0, o.arms[0].offset).split('\n').length - 1, 4, 'first arm on line 5');
});

test('YAML: broken or unrelated documents give no arms', () => {
  assert.deepEqual(outlineConfig('', 'yaml').arms, []);
  assert.deepEqual(outlineConfig('- a\n- b\n', 'yaml').arms, []);
  assert.deepEqual(outlineConfig('losses: 3\n', 'yaml').arms, []);
  assert.deepEqual(outlineConfig('losses: [\n', 'yaml').arms, []);
});

test('a config nested 10,000 levels deep has no lenses and does not overflow the stack', () => {
  const deep = '['.repeat(10_000) + ']'.repeat(10_000);
  assert.deepEqual(outlineConfig(`{ "losses": [{ "type": "ce" }], "a": ${deep} }`, 'json'), { arms: [] });
  assert.deepEqual(outlineConfig(`losses: [{ type: ce }]\na: ${deep}\n`, 'yaml'), { arms: [] });
});
