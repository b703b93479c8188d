/**
 * The side view's verdicts: one short line per comparison on the run's main metric (the first 3),
 * coloured like the panel's, and how many more the panel has. Hidden without verdicts (one seed, a
 * live run, a sweep). Rebuilt only when the summary changes.
 */
import { shortVerdicts } from '../../src/shared/comparisons/short-verdict';
import type { RunSummary } from '../../src/shared/metrics';
import { h } from './dom';

export const BRIEF_LINES = 3;

export class VerdictBrief {
  readonly el = h('section', { class: 'verdict-brief', 'aria-label': 'Verdict' });
  private shown: RunSummary | undefined | null = null;

  render(run: { summary?: RunSummary; sweep?: unknown }): void {
    const summary = run.sweep ? undefined : run.summary;
    if (summary === this.shown) return;
    this.shown = summary;
    const v = shortVerdicts(summary?.comparisons, BRIEF_LINES);
    this.el.hidden = !v;
    if (!v) return;
    const more = v.more ? [h('li', { class: 'verdict-more' }, `+${v.more} more in the chart panel`)] : [];
    this.el.replaceChildren(
      h('p', { class: 'verdict-brief-title' }, `Verdict · ${v.title}`),
      h('ul', {}, ...v.lines.map((l) => h('li', { class: `verdict-row verdict-${l.direction}`, title: l.text }, h('span', { class: 'verdict-text' }, l.text))), ...more),
    );
  }
}
