/**
 * The Evolution section, above the per-step charts of a run whose config evolves a TaylorGLO loss: a
 * status line, the "Add evolved loss to config" button, and three charts — fitness per generation,
 * pruned fraction and σ, and the loss shape of the best vector (see `model/evolution-series.ts`).
 * Hidden for other runs. Redrawn when the run's evolution data (`evolutionVersion`), its live flag, the
 * theme or the page epoch change; generations stream in through `generations` messages.
 * Compact (side view): the status line and the fitness chart only.
 */
import type { EvolutionView } from '../../src/shared/protocol/webview';
import { evolutionSeries } from '../model/evolution-series';
import { evolutionStatus } from '../model/evolution-status';
import { formatValue } from '../model/format';
import { button, h } from './dom';
import { EvolutionChart } from './evolution-chart';
import type { LegendEntry } from './export-png';
import type { Theme } from './theme';

export interface EvolutionActions {
  /** Write the run's best evolved vector into its config as a new arm (posts `adoptEvolved`). */
  adoptEvolved(): void;
  /** Save a chart of the section as PNG (posts `save`). */
  exportChartPng(canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string): void;
}

/** What the section reads of a run (RunData has these). */
export interface EvolutionRunLike {
  key: string;
  live: boolean;
  evolution?: EvolutionView;
  evolutionVersion?: number;
}

const SHAPE_NOTE =
  'The per-class term against the predicted probability p (0.001 … 0.999): −f(1, p) for the true class, −f(0, p) for another class, raw (a TaylorGLO loss is defined up to a constant). Dashed: cross-entropy −log p. Faint: earlier generations\u2019 best, older fainter.';

export class EvolutionSection {
  readonly el: HTMLElement;
  /** The charts, made when an evolution run is first shown (other runs get no canvases). */
  fitness?: EvolutionChart;
  search?: EvolutionChart;
  shape?: EvolutionChart;
  private readonly status = h('p', { class: 'evo-status', role: 'status', 'aria-live': 'polite' });
  private readonly charts = h('div', { class: 'evo-charts' });
  private readonly adoptBtn?: HTMLButtonElement;
  private drawnKey = '';

  private theme: Theme | undefined;
  private readonly png: ((chart: EvolutionChart) => void) | undefined;

  constructor(readonly compact: boolean, act: EvolutionActions) {
    this.png = compact ? undefined : (c) => this.theme && act.exportChartPng(c.canvas, c.def.title, c.legendEntries(this.theme), c.def.id);
    const tools: HTMLElement[] = [];
    if (!compact) {
      this.adoptBtn = button('Add evolved loss to config', '', () => act.adoptEvolved(), 'btn primary');
      this.adoptBtn.disabled = true;
      tools.push(this.adoptBtn);
    }
    this.el = h(
      'section',
      { class: 'evolution', 'aria-labelledby': 'evolution-title' },
      h('header', { class: 'evo-head' }, h('div', { class: 'evo-title' }, h('h2', { id: 'evolution-title' }, 'Evolution'), this.status), h('div', { class: 'evo-tools' }, ...tools)),
      this.charts,
    );
    this.el.hidden = true;
  }

  destroy(): void {
    this.fitness?.destroy();
    this.search?.destroy();
    this.shape?.destroy();
  }

  private ensureCharts(): EvolutionChart {
    if (this.fitness) return this.fitness;
    const gen = (x: number): string => `generation ${formatValue(x, 4)}`;
    this.fitness = new EvolutionChart({ id: 'evo-fitness', title: 'Fitness per generation', xTitle: 'Generation', xLabel: gen, integerX: true, compact: this.compact }, this.png);
    this.charts.append(this.fitness.el);
    if (!this.compact) {
      this.search = new EvolutionChart({ id: 'evo-search', title: 'Pruned fraction and σ', xTitle: 'Generation', xLabel: gen, integerX: true, right: { title: 'σ (CMA-ES step size)' } }, this.png);
      this.shape = new EvolutionChart({ id: 'evo-shape', title: 'Loss shape', xTitle: 'Predicted probability p', xLabel: (x) => `p = ${formatValue(x, 3)}`, integerX: false, note: SHAPE_NOTE }, this.png);
      this.charts.append(this.search.el, this.shape.el);
    }
    return this.fitness;
  }

  /** Shows the section for a run with evolution data (redrawing what changed), hides it otherwise. */
  render(run: EvolutionRunLike | undefined, theme: Theme, epoch: number): void {
    this.theme = theme;
    const evo = run?.evolution;
    this.el.hidden = !evo;
    if (!run || !evo) {
      this.drawnKey = '';
      return;
    }
    const key = [epoch, run.key, run.evolutionVersion ?? evo.generations.length, evo.state?.status, run.live].join('|');
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const fitness = this.ensureCharts();
    const st = evolutionStatus(evo, run.live);
    const badge = st.status === 'unknown' ? [] : [' · ', h('span', { class: `evo-state status-${st.status}` }, st.status)];
    this.status.replaceChildren(st.detail, ...badge, st.reason ? ` · ${st.reason}` : '');
    this.status.dataset.status = st.status;
    if (this.adoptBtn) {
      this.adoptBtn.disabled = !st.canAdopt;
      this.adoptBtn.title = st.adoptTitle;
    }
    const s = evolutionSeries(evo);
    const waiting = run.live ? 'Waiting for the first generation…' : 'No generations';
    fitness.setEmptyText(waiting);
    fitness.draw({ lines: s.fitness.lines, theme, yTitle: s.fitness.yTitle, xMin: 1, xMax: s.fitness.xMax });
    this.search?.setEmptyText(waiting);
    this.search?.draw({ lines: s.search.lines, theme, yTitle: 'pruned fraction', xMin: 1, xMax: s.search.xMax, yMin: 0, yMax: 1, rightMin: 0 });
    if (this.shape) {
      this.shape.setEmptyText(run.live ? 'Waiting for a trained candidate…' : 'No evolved vector');
      const b = s.shape.bestParams;
      const theta = b ? `θ* = (${b.map((v) => formatValue(v, 3)).join(', ')})${s.shape.foundIn !== undefined ? ` from generation ${s.shape.foundIn}` : ''}` : '';
      this.shape.setNote(b ? `Solid: best vector ${theta}. ${SHAPE_NOTE}` : SHAPE_NOTE);
      this.shape.draw({ lines: s.shape.lines, theme, yTitle: 'per-class loss −f(x, p)', xMin: 0, xMax: 1, yMin: s.shape.yMin, yMax: s.shape.yMax });
    }
  }
}
