/**
 * The page: header, verdicts, toolbar, alerts, legend, chart cards and summary table (compact:
 * header, legend, alerts and the two compact charts). `render` brings everything up to date with the model, redrawing
 * only the parts whose inputs changed.
 */
import { formatRunStart } from '../../src/shared/run-start';
import { CHARTS, chartCandidates, type ChartDef, type ChartId } from '../model/chart-defs';
import { assignColorIndices, sweepColorIndices } from '../model/colors';
import { baseArmOrder, trialBaseArms, trialPoints } from '../model/sweep-model';
import type { ShownRun } from '../model/lines';
import type { CurveKind, RunData } from '../model/run-data';
import { isResumable } from '../model/run-state';
import type { ColumnKey } from '../model/summary-columns';
import { summaryTable } from '../model/summary-rows';
import type { UiState } from '../model/ui-state';
import { renderAlerts } from './alerts';
import { AnalysisSection, type AnalysisActions } from './analysis-section';
import { ChartCard, type CardHost } from './chart-card';
import { h } from './dom';
import { EvolutionSection, type EvolutionActions } from './evolution-section';
import { Header, type HeaderActions } from './header';
import { renderLegend, type LegendActions } from './legend';
import { renderSummaryTable } from './summary-table';
import { SweepSection, type SweepActions } from './sweep-section';
import type { Theme } from './theme';
import { Toolbar, type ToolbarActions } from './toolbar';
import { VerdictSection, type VerdictActions } from './verdict-section';
import { CurveDiffSection } from './curve-diff-section';
import { VerdictBrief } from './verdict-brief';

export interface PageModel {
  run: RunData;
  overlays: readonly RunData[];
  ui: UiState;
  theme: Theme;
  /** Bumps on any change that affects every part (UI, theme, summaries, overlays). */
  epoch: number;
}

export type PageActions = HeaderActions & ToolbarActions & LegendActions & EvolutionActions & SweepActions & VerdictActions & AnalysisActions & Omit<CardHost, 'compact' | 'requestFrame'> & {
  /** Shows or hides a summary table column. */
  toggleColumn(key: ColumnKey): void;
};

export class Page {
  readonly cards: ChartCard[];
  /** Shown above the per-step charts for runs with evolution data. */
  readonly evolution: EvolutionSection;
  /** Shown above the per-step charts for sweep runs (not in compact mode). */
  readonly sweep?: SweepSection;
  /** Paired verdicts between arms, at the top (not in compact mode). */
  readonly verdicts?: VerdictSection;
  /** Arm − baseline along training, under the verdicts (≥ 2 paired seeds; not in compact mode). */
  readonly curveDiff?: CurveDiffSection;
  /** The run's loss landscapes and Hessian spectra, at the end (not in compact mode). */
  readonly analysis?: AnalysisSection;
  /** The first verdicts in a few words (compact mode only). */
  readonly verdictBrief?: VerdictBrief;
  private readonly header: Header;
  private readonly toolbar?: Toolbar;
  private readonly legend = h('nav', { class: 'legend', 'aria-label': 'Arms' });
  private readonly alerts = h('div', { class: 'alerts', 'aria-live': 'polite' });
  private readonly table = h('div', { class: 'table-wrap' });
  private readonly empty = h('p', { class: 'page-empty' });
  private readonly grid: HTMLElement;
  private readonly observer: IntersectionObserver;
  private legendKey = '';
  private tableKey = '';
  candidates = new Map<ChartId, string[]>();
  private sweepColors: { key: string; map: Map<string, number> } | undefined;

  constructor(readonly root: HTMLElement, readonly compact: boolean, private readonly act: PageActions, requestFrame: () => void) {
    const host: CardHost = { ...act, compact, requestFrame };
    this.header = new Header(compact, { ...act, analyse: () => this.analyseFromHeader() });
    this.evolution = new EvolutionSection(compact, act);
    this.cards = CHARTS.filter((d) => !compact || d.inCompact).map((d) => new ChartCard(d, host));
    this.observer = new IntersectionObserver(
      (entries) => {
        for (const e of entries) {
          const card = this.cards.find((c) => c.el === e.target);
          if (card) card.onScreen = e.isIntersecting;
        }
        requestFrame();
      },
      { rootMargin: '300px' },
    );
    this.cards.forEach((c) => this.observer.observe(c.el));
    const grid = h('div', { class: 'charts' }, ...this.cards.map((c) => c.el));
    this.grid = grid;
    this.empty.hidden = true;
    if (compact) {
      this.verdictBrief = new VerdictBrief();
      root.replaceChildren(h('main', { class: 'page compact' }, this.header.el, this.verdictBrief.el, this.evolution.el, this.legend, this.alerts, this.empty, grid));
    } else {
      this.toolbar = new Toolbar(act);
      this.sweep = new SweepSection(act);
      this.verdicts = new VerdictSection(act);
      this.curveDiff = new CurveDiffSection(act);
      this.analysis = new AnalysisSection(act);
      const hint = h('span', { class: 'hint', title: 'Ctrl+wheel (or pinch) also zooms; each chart has its own reset button' }, 'Drag to zoom · Shift+drag to pan · Double-click to reset');
      const legendRow = h('div', { class: 'legend-row' }, this.legend, hint);
      root.replaceChildren(h('main', { class: 'page' }, this.header.el, this.verdicts.el, this.curveDiff.el, this.evolution.el, this.sweep.el, this.toolbar.el, this.alerts, legendRow, this.empty, grid, this.table, this.analysis.el));
    }
  }

  destroy(): void {
    this.observer.disconnect();
    this.cards.forEach((c) => c.destroy());
    this.evolution.destroy();
    this.sweep?.destroy();
    this.curveDiff?.destroy();
    this.analysis?.destroy();
  }

  /** The header's Analyse… button: brings the section (where progress and results appear) into view, and asks. */
  private analyseFromHeader(): void {
    this.analysis?.el.scrollIntoView({ block: 'start' });
    this.act.analyse();
  }

  /** Palette index per arm; in a sweep, each trial a shade of its base arm's colour (as in the Sweep section). */
  private colorIndices(m: PageModel): Map<string, number> {
    const sweep = m.run.sweep;
    if (!sweep) return assignColorIndices(m.run.arms, m.overlays);
    // Computed from every trial row: only again when the rows, arms or overlays change, not every frame.
    const key = [m.run.key, m.run.sweepVersion, m.run.arms.length, ...m.overlays.map((o) => `${o.key}:${o.arms.length}`)].join('\u0000');
    if (this.sweepColors?.key !== key) {
      const points = trialPoints(sweep.rows, sweep.config.objective);
      const order = baseArmOrder(m.run.arms, points, sweep.baseArms);
      this.sweepColors = { key, map: sweepColorIndices(m.run.arms, trialBaseArms(points, sweep.baseArms), order, m.overlays.flatMap((o) => o.arms)) };
    }
    return this.sweepColors.map;
  }

  /** The metric a chart shows: the one picked in its selector if still present, else its first candidate. */
  metricOf(def: ChartDef, ui: UiState): string | undefined {
    const names = this.candidates.get(def.id) ?? [];
    const picked = ui.metric[def.id];
    return picked && names.includes(picked) ? picked : names[0];
  }

  render(m: PageModel): void {
    const all = [m.run, ...m.overlays];
    const kinds = new Map<string, CurveKind>();
    const vectors = new Set<string>();
    for (const r of all) {
      for (const [n, k] of r.metricKind) if (!kinds.has(n)) kinds.set(n, k);
      for (const n of r.snapshotVersion.keys()) vectors.add(n);
    }
    this.candidates = chartCandidates(kinds, vectors);
    this.verdicts?.render(m.run);
    this.verdictBrief?.render(m.run);
    this.curveDiff?.render({ run: m.run, theme: m.theme, epoch: m.epoch });
    this.evolution.render(m.run, m.theme, m.epoch);
    this.sweep?.render({ run: m.run, ui: m.ui, theme: m.theme, epoch: m.epoch });
    const colorIndex = this.colorIndices(m);
    this.analysis?.render(m.run, m.theme, colorIndex, m.epoch);
    const runs: ShownRun[] = [{ run: m.run, overlay: false, legendRunKey: '' }, ...m.overlays.map((o) => ({ run: o, overlay: true, legendRunKey: o.key }))];
    const hidden = new Set(m.ui.hidden);
    const records = all.reduce((n, r) => n + r.recordCount, 0);
    const seeds = Math.max(m.run.repeats, ...m.run.arms.map((a) => m.run.seeds(a).length));
    const summary = m.run.summary;
    this.header.update({
      name: m.run.name,
      started: formatRunStart(summary?.startedAt),
      status: summary?.status ?? (m.run.key ? 'no summary' : ''),
      reason: summary?.reason,
      live: m.run.live,
      resumable: !!summary && isResumable(summary),
      analysable: !this.compact && !!m.run.key && !m.run.live && !m.run.sweep && !m.run.evolution,
      shape: m.run.arms.length ? `${m.run.arms.length} arm${m.run.arms.length > 1 ? 's' : ''}${seeds > 1 ? ` × ${seeds} seeds` : ''}` : '',
      records: m.run.recordCount,
      overlays: m.overlays.length,
    });
    const noRun = !m.run.key;
    // An evolution has per-step curves only once its best loss is retrained; until then its section is the page.
    const evolutionOnly = !!m.run.evolution && records === 0;
    this.empty.hidden = records > 0 || m.run.live;
    this.empty.textContent = noRun
      ? 'No runs yet. Run a *.losslab.json config to see its curves here.'
      : evolutionOnly
        ? 'No full-schedule curves: the best loss was not retrained (evolve.retrain is off, or the run ended during evolution). The candidates\' short trainings are in the run folder\'s candidates/metrics.jsonl.'
        : 'This run has no metrics.';
    this.grid.hidden = noRun || evolutionOnly;
    this.table.hidden = noRun || evolutionOnly;
    if (this.toolbar) this.toolbar.el.hidden = noRun || evolutionOnly;
    for (const card of this.cards) {
      const shown = card.setCandidates(this.candidates.get(card.def.id) ?? []);
      card.setEmptyText(m.run.live ? 'Waiting for metrics…' : 'No data');
      if (shown) card.draw({ runs, xMode: m.ui.xMode, smoothing: m.ui.smoothing, band: m.ui.band, ignoreOutliers: m.ui.ignoreOutliers, hidden, colorIndex, theme: m.theme, epoch: m.epoch });
    }
    const table = summaryTable(m.run);
    const legendKey = [m.epoch, ...all.map((r) => `${r.key}:${r.arms.join(',')}`), ...table.rows.map((r) => r.status)].join('|');
    if (legendKey !== this.legendKey) {
      this.legendKey = legendKey;
      const failed = new Map(table.rows.filter((r) => r.status === 'diverged' || r.status === 'crashed').map((r) => [r.arm, r.statusText]));
      const groups = runs.map(({ run, overlay, legendRunKey }) => ({
        runKey: legendRunKey,
        runName: run.name,
        overlay,
        arms: run.arms.map((arm) => ({ arm, colorIndex: colorIndex.get(arm) ?? 0, failed: overlay ? undefined : failed.get(arm) })),
      }));
      renderLegend(this.legend, groups, hidden, m.theme, this.act);
      renderAlerts(this.alerts, table);
    }
    const multiSeed = m.run.repeats > 1 || all.some((r) => r.arms.some((a) => r.seeds(a).length > 1));
    this.toolbar?.sync(m.ui, multiSeed);
    const tableKey = [m.epoch, ...all.map((r) => `${r.key}:${r.version}`)].join('|');
    if (!this.compact && tableKey !== this.tableKey) {
      this.tableKey = tableKey;
      const groups = runs.map(({ run, overlay }) => ({ runName: run.name, overlay, table: run === m.run ? table : summaryTable(run), colorIndex }));
      renderSummaryTable(this.table, groups, m.theme, { hidden: m.ui.hiddenColumns, toggle: this.act.toggleColumn });
    }
  }
}
