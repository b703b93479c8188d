/** A line per arm that diverged or crashed, with the reason, above the charts (announced to screen readers). */
import type { SummaryTable } from '../model/summary-rows';
import { h } from './dom';

export function renderAlerts(el: HTMLElement, table: SummaryTable): void {
  const failed = table.rows.filter((r) => r.status === 'diverged' || r.status === 'crashed');
  el.hidden = failed.length === 0;
  el.replaceChildren(
    ...failed.map((r) =>
      h('div', { class: `alert status-${r.status}` }, h('span', { class: 'alert-icon', 'aria-hidden': 'true' }, '⚠'), h('strong', {}, r.arm), ` ${r.statusText}`, r.reasons.length ? ` — ${r.reasons.join('; ')}` : ''),
    ),
  );
}
