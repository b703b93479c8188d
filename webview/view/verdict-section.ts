/**
 * The Verdict section at the top of the chart panel: one line per paired comparison of the run
 * (`model/verdict-rows.ts`), coloured by direction, with its interval as a bar around 0; hovering a
 * line lists the per-seed differences. With one seed, or before the run ends, a note says why there
 * is none. Hidden for sweeps and in the compact side view. Rebuilt only when the summary changes.
 */
import type { RunSummary } from '../../src/shared/metrics';
import { verdictModel, type VerdictBar, type VerdictRunLike } from '../model/verdict-rows';
import { button, h } from './dom';

export interface VerdictActions {
  /** Run the config again with this many seeds, the file unchanged (posts `rerunWithSeeds`). */
  rerunWithSeeds(repeats: number): void;
}

const pct = (x: number): string => `${(Math.min(1, Math.max(0, x)) * 100).toFixed(2)}%`;

function bar(b: VerdictBar, label: string): HTMLElement {
  const lo = Math.min(b.lo, b.hi);
  const span = h('span', { class: 'verdict-ci' });
  span.style.left = pct(lo);
  span.style.width = pct(Math.max(b.hi, b.lo) - lo);
  const mean = h('span', { class: 'verdict-mean' });
  mean.style.left = pct(b.mean);
  const zero = h('span', { class: 'verdict-zero' });
  zero.style.left = pct(b.zero);
  return h('span', { class: 'verdict-track', role: 'img', 'aria-label': label }, zero, span, mean);
}

export class VerdictSection {
  readonly el = h('section', { class: 'verdicts', 'aria-labelledby': 'verdicts-title' });
  private shown: { key: string; summary: RunSummary | undefined; live: boolean } | undefined;

  constructor(private readonly act?: VerdictActions) {}

  render(run: VerdictRunLike & { key: string }): void {
    if (this.shown && this.shown.key === run.key && this.shown.summary === run.summary && this.shown.live === run.live) return;
    this.shown = { key: run.key, summary: run.summary, live: run.live };
    const model = run.key ? verdictModel(run) : undefined;
    this.el.hidden = !model;
    if (!model) return;
    const title = h('h2', { id: 'verdicts-title' }, 'Verdict');
    if (model.note) {
      const n = model.rerunSeeds;
      const rerun = n && this.act ? [button(`Re-run with ${n} seeds`, `Run this config again with "repeats": ${n} (the file is not changed)`, () => this.act!.rerunWithSeeds(n), 'btn verdict-rerun')] : [];
      this.el.replaceChildren(title, h('p', { class: 'verdict-note' }, model.note, ...rerun));
      return;
    }
    const groups = model.groups.map((g) =>
      h(
        'div',
        { class: 'verdict-group' },
        h('h3', {}, g.title),
        h('ul', {}, ...g.rows.map((r) => h('li', { class: `verdict-row verdict-${r.direction}`, title: r.hover }, bar(r.bar, r.label), h('span', { class: 'verdict-text' }, r.text)))),
      ),
    );
    this.el.replaceChildren(title, ...groups);
  }
}
