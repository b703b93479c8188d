/**
 * The Analysis section, at the end of the panel (not in compact mode): an "Analyse…" button on a
 * finished run that is not a sweep or an evolution (it posts `analyse`; the host asks which analysis
 * and arms), a progress line while an analysis runs, and one group of cards per result in the run
 * folder's `landscape/`, newest first (the newest open, the others collapsed until opened). Redrawn when the run's analyses or progress
 * change (`analysisVersion`), the theme, the arms' colours or the page epoch change.
 */
import type { AnalysisEntry } from '../../src/shared/protocol/webview';
import { progressText } from '../model/analysis-progress';
import { AnalysisGroup, type AnalysisExports } from './analysis-group';
import { button, h } from './dom';
import type { Theme } from './theme';

export interface AnalysisActions extends AnalysisExports {
  /** Ask the host to analyse the run (posts `analyse` with the run folder). */
  analyse(): void;
}

/** What the section reads of a run (RunData has these). */
export interface AnalysisRunLike {
  key: string;
  live: boolean;
  analyses: readonly AnalysisEntry[];
  analysisProgress?: { label: string; done: number; total?: number };
  analysisVersion: number;
  /** Sweeps and evolutions are not analysed (the host refuses them): no Analyse… button. */
  sweep?: unknown;
  evolution?: unknown;
}

const EMPTY = 'No analyses yet. Analyse… computes the loss landscape around and between the arms\u2019 solutions, or the Hessian\u2019s spectrum at one of them, from the weights the run saved.';

/** A stable identity of a run's entry: the same file with a new result is a new group. */
function identity(runKey: string, e: AnalysisEntry): string {
  return `${runKey}\u0000${e.file}\u0000${e.result.kind}\u0000${e.result.seconds}`;
}

export class AnalysisSection {
  readonly el: HTMLElement;
  readonly groups = new Map<string, AnalysisGroup>();
  private readonly status = h('p', { class: 'analysis-status' });
  private readonly progress = h('div', { class: 'analysis-progress', role: 'status', 'aria-live': 'polite' });
  private readonly bar = h('progress', { class: 'analysis-bar', max: '1' });
  private readonly progressLabel = h('span', { class: 'analysis-progress-label' });
  private readonly list = h('div', { class: 'analysis-list' });
  private readonly analyseBtn: HTMLButtonElement;
  /** Files the user opened or closed (kept across redraws); the rest follow "newest open". */
  private readonly openState = new Map<string, boolean>();
  private drawnKey = '';
  private runKey = '';

  constructor(private readonly act: AnalysisActions) {
    this.analyseBtn = button('Analyse…', 'Compute the loss landscape or the Hessian spectrum of this run\u2019s saved weights', () => act.analyse(), 'btn primary', 'Analyse run');
    this.progress.append(this.progressLabel, this.bar);
    this.progress.hidden = true;
    this.el = h(
      'section',
      { class: 'analysis', id: 'analysis', 'aria-labelledby': 'analysis-title' },
      h('header', { class: 'analysis-head' }, h('div', { class: 'analysis-heading' }, h('h2', { id: 'analysis-title' }, 'Analysis'), this.status), h('div', { class: 'analysis-tools' }, this.analyseBtn)),
      this.progress,
      this.list,
    );
    this.el.hidden = true;
  }

  destroy(): void {
    this.groups.forEach((g) => g.destroy());
    this.groups.clear();
  }

  render(run: AnalysisRunLike, theme: Theme, colorIndex: ReadonlyMap<string, number>, epoch: number): void {
    const analysable = !run.live && !run.sweep && !run.evolution;
    const shown = !!run.key && (analysable || run.analyses.length > 0 || !!run.analysisProgress);
    this.el.hidden = !shown;
    if (!shown) return;
    const key = [epoch, run.key, run.analysisVersion, analysable].join('|');
    if (key === this.drawnKey) return;
    this.drawnKey = key;
    if (run.key !== this.runKey) {
      this.runKey = run.key;
      this.openState.clear();
    }
    const p = run.analysisProgress;
    this.progress.hidden = !p;
    if (p) {
      this.progressLabel.textContent = progressText(p);
      if (p.total) this.bar.value = Math.min(1, p.done / p.total);
      else this.bar.removeAttribute('value');
    }
    this.analyseBtn.hidden = !analysable;
    this.analyseBtn.disabled = !!p;
    this.analyseBtn.title = p ? 'An analysis of this run is under way' : 'Compute the loss landscape or the Hessian spectrum of this run\u2019s saved weights';
    const n = run.analyses.length;
    this.status.textContent = n ? `${n} result${n > 1 ? 's' : ''} in the run folder\u2019s landscape/` : EMPTY;
    this.sync(run.analyses);
    for (const g of this.groups.values()) g.draw(theme, colorIndex);
  }

  /** Makes one group per entry, newest first, keeping the groups (and their charts) of entries that did not change. */
  private sync(entries: readonly AnalysisEntry[]): void {
    const newest = [...entries].reverse();
    const wanted = new Set(newest.map((e) => identity(this.runKey, e)));
    for (const [id, g] of this.groups) {
      if (wanted.has(id)) continue;
      g.destroy();
      this.groups.delete(id);
    }
    const order = newest.map((e, i) => {
      const id = identity(this.runKey, e);
      let g = this.groups.get(id);
      if (!g) {
        const slug = e.file.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
        g = new AnalysisGroup(e, slug, this.act, this.openState.get(e.file) ?? i === 0, (open) => this.openState.set(e.file, open));
        this.groups.set(id, g);
      }
      return g.el;
    });
    this.list.replaceChildren(...order);
  }
}
