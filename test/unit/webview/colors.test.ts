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

test('sweep colours: each trial a shade of its base arm, lightest to darkest in trial order; base arms keep their palette index', async () => {
  const { sweepColorIndices, shade } = await import('../../../webview/model/colors');
  const p = buildPalette({}, 'dark');
  const arms = ['sum lambda=0.01', 'sum lambda=0.1', 'sum lambda=1', 'bloop lambda=0.01', 'bloop lambda=1', 'ce'];
  const baseOf = new Map([...arms.slice(0, 3).map((a) => [a, 'sum'] as const), ...arms.slice(3, 5).map((a) => [a, 'bloop'] as const), ['ce', 'ce'] as const]);
  const idx = sweepColorIndices(arms, baseOf, ['sum', 'bloop', 'ce']);
  assert.equal(idx.get('sum'), 0);
  assert.equal(idx.get('bloop'), 1);
  assert.equal(idx.get('ce'), 2, 'an unswept baseline keeps its own colour');
  assert.equal(paletteColor(p, idx.get('ce')!), p[2]);
  const lum = (c: string) => parseColor(c)!.slice(0, 3).reduce((a, v) => a + v, 0);
  const sums = arms.slice(0, 3).map((a) => paletteColor(p, idx.get(a)!));
  assert.ok(lum(sums[0]) > lum(sums[1]) && lum(sums[1]) > lum(sums[2]), `lighter to darker: ${sums.join(' ')}`);
  assert.equal(new Set([...idx.values()]).size, idx.size, 'every arm and trial has its own colour');
  const withOverlay = sweepColorIndices(arms, baseOf, ['sum', 'bloop', 'ce'], ['ce', 'other']);
  assert.equal(withOverlay.get('ce'), 2, 'an overlay arm of the same name keeps its colour');
  assert.equal(withOverlay.get('other'), 3, 'an overlay-only arm takes the next plain colour');
  // The middle shade is the base colour itself; the hue stays the base arm's (blue stays bluest).
  assert.equal(sums[1], shade(p[0], 0.5));
  for (const c of sums) {
    const [r, g, b] = parseColor(c)!;
    assert.ok(b >= r && b >= g, c);
  }
});
