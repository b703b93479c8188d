import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkHostMessage } from '../../../webview/model/validate';
import { RunData } from '../../../webview/model/run-data';
import { arms2d, hessian, random2d, slice1d } from './analysis-fixtures';
import { view } from './helpers';

const entries = () => [
  { file: 'landscape/a.json', result: random2d() },
  { file: 'landscape/b.json', result: arms2d() },
  { file: 'landscape/c.json', result: slice1d() },
  { file: 'landscape/h.json', result: hessian() },
];

test('real results pass in an init and an analyses message unchanged; RunData keeps them', () => {
  const init = checkHostMessage(JSON.parse(JSON.stringify({ type: 'init', run: view([], { analyses: entries() }), overlays: [], options: { compact: false } })));
  assert.ok(init.ok && init.message.type === 'init');
  if (!init.ok || init.message.type !== 'init') return;
  assert.deepEqual(init.message.run.analyses, entries());
  assert.deepEqual(new RunData(init.message.run).analyses, entries());
  const list = checkHostMessage({ type: 'analyses', key: 'k', entries: entries() });
  assert.ok(list.ok && list.message.type === 'analyses');
  if (list.ok && list.message.type === 'analyses') assert.deepEqual(list.message.entries, entries());
  const none = checkHostMessage(JSON.parse(JSON.stringify({ type: 'init', run: view([]), overlays: [], options: { compact: false } })));
  assert.ok(none.ok && none.message.type === 'init' && none.message.run.analyses === undefined);
});

test('a diverged evaluation (NaN, sent as null) stays in the grid as NaN', () => {
  const r = JSON.parse(JSON.stringify(random2d()));
  r.slice.loss[2][3] = null;
  r.paths[0].loss[4] = null;
  const m = checkHostMessage({ type: 'analyses', key: 'k', entries: [{ file: 'f', result: r }] });
  assert.ok(m.ok && m.message.type === 'analyses');
  if (!m.ok || m.message.type !== 'analyses' || m.message.entries[0].result.kind !== 'landscape') return;
  assert.ok(Number.isNaN(m.message.entries[0].result.slice.loss[2][3]));
  assert.ok(Number.isNaN(m.message.entries[0].result.paths[0].loss[4]));
});

test('a malformed entry is left out with the reason, the rest of the message kept', () => {
  const bad: [string, (r: Record<string, any>) => void, RegExp][] = [
    ['ragged grid', (r) => r.slice.loss[1].pop(), /slice.loss is not 25 rows of 25/],
    ['missing row', (r) => r.slice.metric.pop(), /slice.metric is not 25 rows/],
    ['a 1-D grid with two y', (r) => (r.slice.y = [0, 1]), /slice.loss is not 2 rows of 41/],
    ['short path', (r) => r.paths[0].metric.pop(), /paths\[0\] has 25 positions but 25 losses and 24/],
    ['unknown kind', (r) => (r.kind = 'sharpness'), /kind "sharpness" is not landscape or hessian/],
    ['bad split', (r) => (r.split = 'dev'), /split is not one of/],
    ['bad directions', (r) => (r.directions.kind = 'pca'), /directions.kind/],
    ['text loss', (r) => (r.slice.loss[0][0] = 'high'), /slice.loss\[0\]\[\] is not a number/],
    ['no file', (r) => r, /analysis.file is not a string/],
  ];
  for (const [what, spoil, reason] of bad) {
    const r = JSON.parse(JSON.stringify(what === 'a 1-D grid with two y' ? slice1d() : random2d()));
    spoil(r);
    const entry = what === 'no file' ? { result: r } : { file: 'bad.json', result: r };
    const m = checkHostMessage({ type: 'analyses', key: 'k', entries: [{ file: 'h.json', result: hessian() }, entry] });
    assert.ok(m.ok && m.message.type === 'analyses', `${what}: the message is kept`);
    if (!m.ok || m.message.type !== 'analyses') continue;
    assert.deepEqual(m.message.entries.map((e) => e.file), ['h.json'], `${what}: the entry is left out`);
    assert.equal(m.skipped?.length, 1);
    assert.match(m.skipped![0], /^entries\[1\]: /);
    assert.match(m.skipped![0], reason, what);
  }
  const h = JSON.parse(JSON.stringify(hessian()));
  h.density.density.pop();
  const init = checkHostMessage(JSON.parse(JSON.stringify({ type: 'init', run: view([], { analyses: [{ file: 'h.json', result: h }, ...entries()] }), overlays: [], options: { compact: false } })));
  assert.ok(init.ok && init.message.type === 'init', 'an init with an odd analysis still draws the run');
  if (init.ok && init.message.type === 'init') {
    assert.deepEqual(init.message.run.analyses, entries());
    assert.deepEqual(init.skipped, ['run.analyses[0]: density.density is not as long as density.grid']);
  }
  assert.ok(!checkHostMessage({ type: 'analyses', key: 'k' }).ok, 'no list at all refuses the message');
  const clean = checkHostMessage({ type: 'analyses', key: 'k', entries: entries() });
  assert.ok(clean.ok && clean.skipped === undefined);
});

test('progress: a label and counts, or none (the analysis ended)', () => {
  const on = checkHostMessage({ type: 'analysisProgress', key: 'k', progress: { label: 'hessian of ce', done: 3, total: 10 } });
  assert.deepEqual(on, { ok: true, message: { type: 'analysisProgress', key: 'k', progress: { label: 'hessian of ce', done: 3, total: 10 } } });
  const noTotal = checkHostMessage({ type: 'analysisProgress', key: 'k', progress: { label: 'x', done: 3 } });
  assert.deepEqual(noTotal, { ok: true, message: { type: 'analysisProgress', key: 'k', progress: { label: 'x', done: 3 } } });
  assert.deepEqual(checkHostMessage({ type: 'analysisProgress', key: 'k' }), { ok: true, message: { type: 'analysisProgress', key: 'k' } });
  assert.deepEqual(checkHostMessage({ type: 'analysisProgress', key: 'k', progress: null }), { ok: true, message: { type: 'analysisProgress', key: 'k' } });
  assert.ok(!checkHostMessage({ type: 'analysisProgress', key: 'k', progress: { done: 3 } }).ok);
  assert.ok(!checkHostMessage({ type: 'analysisProgress', progress: { label: 'x', done: 3 } }).ok);
});
