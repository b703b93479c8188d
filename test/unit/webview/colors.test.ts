import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assignColorIndices, buildPalette, paletteColor, parseColor, withAlpha } from '../../../webview/model/colors';

test('colour indices follow the arm order, whatever the overlays', () => {
  const arms = ['ce', 'focal', 'mse'];
  const alone = assignColorIndices(arms, []);
  const withOverlays = assignColorIndices(arms, [
    { key: 'b', arms: ['lai', 'mse'] },
    { key: 'c', arms: ['focal', 'bloop', 'lai'] },
  ]);
  for (const a of arms) assert.equal(withOverlays.get(a), alone.get(a));
  assert.deepEqual([...alone], [['ce', 0], ['focal', 1], ['mse', 2]]);
  assert.equal(withOverlays.get('lai'), 3);
  assert.equal(withOverlays.get('bloop'), 4);
});

test('the palette takes the theme\'s chart colours first, then fallbacks; indices wrap', () => {
  const p = buildPalette({ blue: '#0000ff', red: ' #ff0000 ' }, 'dark');
  assert.equal(p[0], '#0000ff');
  assert.equal(p[3], '#ff0000');
  assert.equal(p[1], '#d18616');
  assert.ok(p.length >= 10);
  assert.equal(new Set(p).size, p.length);
  assert.equal(paletteColor(p, p.length + 2), p[2]);
  assert.notDeepEqual(buildPalette({}, 'light'), buildPalette({}, 'dark'));
});

test('withAlpha understands hex and rgb() colours', () => {
  assert.equal(withAlpha('#336699', 0.5), 'rgba(51, 102, 153, 0.5)');
  assert.equal(withAlpha('#fff', 0.25), 'rgba(255, 255, 255, 0.25)');
  assert.equal(withAlpha('#33669980', 0.5), 'rgba(51, 102, 153, 0.251)');
  assert.equal(withAlpha('rgb(1, 2, 3)', 0.1), 'rgba(1, 2, 3, 0.1)');
  assert.equal(withAlpha('rgba(1, 2, 3, 0.5)', 0.5), 'rgba(1, 2, 3, 0.25)');
  assert.equal(withAlpha('tomato', 0.5), 'tomato');
  assert.equal(parseColor('nope'), undefined);
});
