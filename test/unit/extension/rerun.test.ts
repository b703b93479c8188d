import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runOverrides, withOverrides } from '../../../src/extension/run/run-overrides';
import { MAX_RERUN_REPEATS, validateWebviewMessage } from '../../../src/shared/protocol/validate-webview-message';

test('rerunWithSeeds: a run folder and a whole number of seeds from 2, nothing else', () => {
  const ok = { type: 'rerunWithSeeds', runDir: '/work/.losslab/runs/20250101-000000-x', repeats: 5 };
  assert.deepEqual(validateWebviewMessage(ok), { ok: true, message: ok });
  for (const bad of [
    { type: 'rerunWithSeeds', runDir: '/a' },
    { type: 'rerunWithSeeds', runDir: '', repeats: 5 },
    { type: 'rerunWithSeeds', runDir: '/a', repeats: 1 },
    { type: 'rerunWithSeeds', runDir: '/a', repeats: 2.5 },
    { type: 'rerunWithSeeds', runDir: '/a', repeats: '5' },
    { type: 'rerunWithSeeds', runDir: '/a', repeats: MAX_RERUN_REPEATS + 1 },
    { type: 'rerunWithSeeds', runDir: '/a', repeats: 5, config: '/b.losslab.json' },
  ]) {
    const r = validateWebviewMessage(bad);
    assert.equal(r.ok, false, JSON.stringify(bad));
    assert.match((r as { error: string }).error, /^'rerunWithSeeds' message refused: /);
  }
});

test('lossLab.run overrides: only a whole repeats count; editor-title arguments are no override', () => {
  assert.deepEqual(runOverrides({ repeats: 5 }), { repeats: 5 });
  assert.deepEqual(runOverrides({ groupId: 0 }), {});
  assert.deepEqual(runOverrides(undefined), {});
  assert.deepEqual(runOverrides({ repeats: 0 }), {});
  assert.deepEqual(runOverrides({ repeats: 3.5 }), {});
  const config = { name: 'x', repeats: 1 };
  assert.deepEqual(withOverrides(config, { repeats: 5 }), { name: 'x', repeats: 5 });
  assert.equal(config.repeats, 1, 'the loaded config is not changed');
  assert.equal(withOverrides(config, {}), config);
});
