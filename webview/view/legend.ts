/**
 * The shared legend: one toggle per arm (the current run's, then each overlay's, dashed, with a button
 * to remove the overlay). Toggling hides the arm on every chart at once.
 */
import { paletteColor } from '../model/colors';
import { legendKey } from '../model/ui-state';
import { button, h } from './dom';
import type { Theme } from './theme';

export interface LegendGroup {
  /** '' for the current run. */
  runKey: string;
  runName: string;
  overlay: boolean;
  arms: { arm: string; colorIndex: number; failed?: string }[];
}

export interface LegendActions {
  toggle(key: string): void;
  removeOverlay(runKey: string): void;
}

export function renderLegend(el: HTMLElement, groups: readonly LegendGroup[], hidden: ReadonlySet<string>, theme: Theme, act: LegendActions): void {
  const parts: HTMLElement[] = [];
  for (const g of groups) {
    const items = g.arms.map(({ arm, colorIndex, failed }) => {
      const key = legendKey(g.runKey, arm);
      const on = !hidden.has(key);
      const swatch = h('span', { class: g.overlay ? 'swatch dashed' : 'swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', paletteColor(theme.palette, colorIndex));
      const label = g.overlay ? `${arm} (${g.runName})` : arm;
      const b = button('', `${on ? 'Hide' : 'Show'} ${label} on all charts${failed ? ` (${failed})` : ''}`, () => {
        // Shown pressed or not at once; the charts follow at the next frame.
        b.setAttribute('aria-pressed', String(b.getAttribute('aria-pressed') !== 'true'));
        act.toggle(key);
      }, 'legend-item', failed ? `${label}, ${failed}` : label);
      b.setAttribute('aria-pressed', String(on));
      b.append(swatch, h('span', { class: 'legend-name' }, arm));
      if (failed) b.append(h('span', { class: 'legend-flag', 'aria-hidden': 'true' }, '⚠'));
      return b;
    });
    if (!g.overlay) {
      parts.push(h('div', { class: 'legend-group', role: 'group', 'aria-label': `Arms of ${g.runName}` }, ...items));
      continue;
    }
    const remove = button('✕', `Remove overlay ${g.runName}`, () => act.removeOverlay(g.runKey), 'btn icon remove', `Remove overlay ${g.runName}`);
    parts.push(
      h('div', { class: 'legend-group overlay', role: 'group', 'aria-label': `Overlay ${g.runName}` }, h('span', { class: 'legend-run' }, g.runName), ...items, remove),
    );
  }
  el.replaceChildren(...parts);
}
