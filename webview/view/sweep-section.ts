/**
 * The "Sweep" section, shown for sweep runs above the per-step charts: progress and the focus state,
 * the Pareto card, the objective against the swept value (one-parameter sweeps), and the trial table.
 * It redraws when trials arrive or anything page-wide changes (UI, theme, hidden arms).
 */
import { assignColorIndices, paletteColor } from '../model/colors';
import type { RunData } from '../model/run-data';
import {
  axisDirections, baseArmOrder, baselines, finalMetricNames, paramSeries, paretoAxes, paretoGroups, sweepProgress, sweptParameter, trialPoints, trialTableRows,
} from '../model/sweep-model';
import { legendKey, type UiState } from '../model/ui-state';
import { button, h } from './dom';
import { ParamCard } from './sweep-param';
import { ParetoCard } from './sweep-pareto';
import { renderTrialTable } from './sweep-table';
import type { LegendEntry } from './export-png';
import type { Theme } from './theme';

/** Where the picked Pareto axes are kept in `UiState.metric` (saved with the rest of the UI state). */
export const PARETO_AXIS_KEYS = { x: 'sweep-pareto-x', y: 'sweep-pareto-y' } as const;

export interface SweepActions {
  setSweepAxis(axis: 'x' | 'y', metric: string): void;
  /** Hide every arm of the current run but this one. */
  focusTrial(name: string): void;
  /** Show every arm of the current run again. */
  showAllArms(): void;
  /** Save a chart of the section as PNG (posts `save`). */
  exportChartPng(canvas: HTMLCanvasElement, title: string, legend: LegendEntry[], id: string): void;
}

export interface SweepModel {
  run: RunData;
  ui: UiState;
  theme: Theme;
  epoch: number;
}

interface Parts {
  pareto: ParetoCard;
  param: ParamCard;
  progress: HTMLElement;
  focusNote: HTMLElement;
  showAll: HTMLButtonElement;
  legend: HTMLElement;
  table: HTMLElement;
}

export class SweepSection {
  /** Empty and hidden until a sweep run is shown (so ordinary runs carry no sweep canvases). */
  readonly el = h('section', { class: 'sweep', 'aria-labelledby': 'sweep-title' });
  private parts: Parts | undefined;
  private drawnKey = '';
  /** The base arms' colour key as drawn (the legend of an exported chart). */
  private legend: LegendEntry[] = [];

  constructor(private readonly act: SweepActions) {
    this.el.hidden = true;
  }

  destroy(): void {
    this.parts?.pareto.destroy();
    this.parts?.param.destroy();
  }

  private build(): Parts {
    const act = this.act;
    const p: Parts = {
      pareto: new ParetoCard({
        setAxis: act.setSweepAxis,
        focusTrial: act.focusTrial,
        exportPng: () => act.exportChartPng(this.parts!.pareto.canvas, `Pareto front: ${this.parts!.pareto.xSelect.value} vs ${this.parts!.pareto.ySelect.value}`, this.legend, 'sweep-pareto'),
      }),
      param: new ParamCard(act.focusTrial, () => act.exportChartPng(this.parts!.param.canvas, this.parts!.param.title.textContent ?? '', this.legend, 'sweep-param')),
      progress: h('span', { class: 'sweep-progress', role: 'status' }),
      focusNote: h('span', { class: 'sweep-focus' }),
      showAll: button('Show all arms', 'Show every arm in the charts again', act.showAllArms, 'btn'),
      legend: h('div', { class: 'sweep-legend', role: 'list', 'aria-label': 'Base arms' }),
      table: h('div', { class: 'table-wrap sweep-table' }),
    };
    const head = h('header', { class: 'sweep-head' }, h('h2', { class: 'sweep-title', id: 'sweep-title' }, 'Sweep'), p.progress, h('span', { class: 'sweep-focus-wrap' }, p.focusNote, p.showAll));
    const hint = h('span', { class: 'hint' }, 'Step lines: each arm\'s non-dominated trials · faint: dominated · click a point or a trial to show only its curves');
    this.el.replaceChildren(head, h('div', { class: 'legend-row' }, p.legend, hint), h('div', { class: 'sweep-charts' }, p.pareto.el, p.param.el), p.table);
    return p;
  }

  render(m: SweepModel): void {
    const sweep = m.run.sweep;
    this.el.hidden = !sweep;
    if (!sweep) return;
    const parts = (this.parts ??= this.build());
    const key = [m.epoch, m.run.key, m.run.sweepVersion, m.run.arms.length].join('|');
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    const { config } = sweep;
    const objective = config.objective;
    const points = trialPoints(sweep.rows, objective);
    const order = baseArmOrder(m.run.arms, points, sweep.baseArms);
    const colorIndex = assignColorIndices(order, []);
    const hiddenKeys = new Set(m.ui.hidden);
    const hidden = new Set(points.map((p) => p.name).filter((n) => hiddenKeys.has(legendKey('', n))));

    const { finished, total } = sweepProgress(sweep);
    const trials = new Set(points.map((p) => p.trialId)).size;
    parts.progress.textContent = `${finished} of ${total} finished · ${trials} trial${trials === 1 ? '' : 's'} · objective ${objective.metric} (${objective.mode})${m.run.live && finished < total ? ' · running' : ''}`;

    const armHidden = m.run.arms.filter((a) => hiddenKeys.has(legendKey('', a)));
    const visible = m.run.arms.filter((a) => !hiddenKeys.has(legendKey('', a)));
    parts.focusNote.textContent = armHidden.length === 0 ? '' : visible.length === 1 ? `Showing only ${visible[0]}` : `${armHidden.length} of ${m.run.arms.length} arms hidden`;
    parts.showAll.hidden = armHidden.length === 0;

    renderBaseArms(parts.legend, order, colorIndex, m.theme);
    this.legend = order.map((arm) => ({ label: arm, color: paletteColor(m.theme.palette, colorIndex.get(arm) ?? 0), dashed: false }));

    const metrics = finalMetricNames(points, objective.metric);
    const axes = paretoAxes(config, metrics, { x: m.ui.metric[PARETO_AXIS_KEYS.x], y: m.ui.metric[PARETO_AXIS_KEYS.y] });
    const dirs = axisDirections(config, axes.x, axes.y);
    parts.pareto.draw({
      groups: paretoGroups(points, order, axes.x, axes.y, dirs.x, dirs.y),
      colorIndex,
      metrics,
      x: axes.x,
      y: axes.y,
      dirs,
      objective: objective.metric,
      hidden,
      theme: m.theme,
    });

    const swept = sweptParameter(config, points);
    parts.param.el.hidden = !swept;
    if (swept) {
      parts.param.draw({
        series: paramSeries(points, order, swept.key),
        baselines: baselines(points, order, swept.key),
        colorIndex,
        key: swept.key,
        log: swept.log,
        objective: objective.metric,
        dir: objective.mode,
        trialAt: (baseArm, x) => points.find((p) => p.baseArm === baseArm && p.params[swept.key] === x)?.name,
        theme: m.theme,
      });
    }

    renderTrialTable(parts.table, {
      rows: trialTableRows(points, objective.mode),
      colorIndex,
      objective: objective.metric,
      mode: objective.mode,
      hidden,
      theme: m.theme,
      focusTrial: this.act.focusTrial,
    });
  }
}

/** One swatch per base arm, in colour order. */
function renderBaseArms(el: HTMLElement, order: readonly string[], colorIndex: ReadonlyMap<string, number>, theme: Theme): void {
  el.replaceChildren(
    ...order.map((arm) => {
      const swatch = h('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.setProperty('--swatch', paletteColor(theme.palette, colorIndex.get(arm) ?? 0));
      return h('span', { class: 'sweep-arm', role: 'listitem' }, swatch, arm);
    }),
  );
}
