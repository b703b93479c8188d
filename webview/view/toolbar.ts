/** The chart controls shared by all charts: x axis, smoothing, how seeds are drawn, reset zoom. */
import type { BandMode } from '../model/curves';
import type { XMode } from '../model/stream';
import { MAX_SMOOTHING, type UiState } from '../model/ui-state';
import { button, h } from './dom';

export interface ToolbarActions {
  setXMode(m: XMode): void;
  setSmoothing(w: number): void;
  setBand(b: BandMode): void;
  setIgnoreOutliers(on: boolean): void;
  resetZoom(): void;
}

function labelled(id: string, text: string, control: HTMLElement, ...after: HTMLElement[]): HTMLElement {
  control.id = id;
  return h('div', { class: 'control' }, h('label', { for: id }, text), control, ...after);
}

function select<T extends string>(options: [T, string][], onChange: (v: T) => void): HTMLSelectElement {
  const s = h('select', {}, ...options.map(([v, t]) => h('option', { value: v }, t)));
  s.addEventListener('change', () => onChange(s.value as T));
  return s;
}

export class Toolbar {
  readonly el: HTMLElement;
  private readonly x: HTMLSelectElement;
  private readonly smooth: HTMLInputElement;
  private readonly smoothOut: HTMLOutputElement;
  private readonly band: HTMLSelectElement;
  private readonly bandControl: HTMLElement;
  private readonly outliers: HTMLInputElement;

  constructor(act: ToolbarActions) {
    this.x = select<XMode>([['step', 'Step'], ['epoch', 'Epoch'], ['time', 'Wall time']], act.setXMode);
    this.smooth = h('input', { type: 'range', min: '0', max: String(MAX_SMOOTHING), step: '0.01' });
    this.smoothOut = h('output', { for: 'smoothing', class: 'smooth-value' });
    this.smooth.addEventListener('input', () => {
      this.smoothOut.value = Number(this.smooth.value).toFixed(2);
      act.setSmoothing(Number(this.smooth.value));
    });
    this.band = select<BandMode>([['minmax', 'Mean, min–max band'], ['std', 'Mean ± 1 std'], ['seeds', 'Mean and each seed'], ['none', 'Mean only']], act.setBand);
    this.bandControl = labelled('band', 'Seeds', this.band);
    this.outliers = h('input', { type: 'checkbox', id: 'outliers', title: 'Scale y axes to the bulk of the data, not to exploding values' });
    this.outliers.addEventListener('change', () => act.setIgnoreOutliers(this.outliers.checked));
    this.el = h(
      'div',
      { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chart settings' },
      labelled('x-axis', 'X axis', this.x),
      labelled('smoothing', 'Smoothing', this.smooth, this.smoothOut),
      this.bandControl,
      h('div', { class: 'control' }, this.outliers, h('label', { for: 'outliers' }, 'Ignore outliers')),
      button('Reset zoom', 'Reset the zoom of every chart', act.resetZoom),
    );
  }

  sync(ui: UiState, multiSeed: boolean): void {
    this.x.value = ui.xMode;
    this.smooth.value = String(ui.smoothing);
    this.smoothOut.value = ui.smoothing.toFixed(2);
    this.band.value = ui.band;
    this.bandControl.hidden = !multiSeed;
    this.outliers.checked = ui.ignoreOutliers;
  }
}
