/** The page header: run name, state (live, completed, …), record count, and the run-level actions. */
import { button, h } from './dom';

export interface HeaderActions {
  overlay(): void;
  exportCsv(): void;
  stop(): void;
  openRun(): void;
}

export interface HeaderState {
  name: string;
  status: string;
  live: boolean;
  /** e.g. "3 arms × 2 seeds". */
  shape: string;
  records: number;
  overlays: number;
}

export class Header {
  readonly el: HTMLElement;
  private readonly name = h('h1', { class: 'run-name' });
  private readonly status = h('span', { class: 'run-status', role: 'status' });
  private readonly count = h('span', { class: 'run-count' });
  private readonly stopBtn: HTMLButtonElement;

  constructor(compact: boolean, act: HeaderActions) {
    this.stopBtn = button('■ Stop', 'Stop the run (each arm finishes its current step)', act.stop, 'btn danger', 'Stop run');
    const actions = compact
      ? [button('Open charts', 'Open this run in the chart panel', act.openRun, 'btn link')]
      : [button('Overlay run…', 'Draw a past run beside this one (dashed)', act.overlay), button('Export CSV', 'Save all metrics as CSV', act.exportCsv), this.stopBtn];
    this.el = h('header', { class: 'page-head' }, h('div', { class: 'run-title' }, this.name, this.status, this.count), h('div', { class: 'head-actions' }, ...actions));
  }

  update(s: HeaderState): void {
    this.name.textContent = s.name;
    this.name.title = s.name;
    this.status.textContent = s.live ? '● live' : s.status;
    this.status.className = `run-status state-${s.live ? 'live' : s.status}`;
    const parts = [s.shape, `${s.records.toLocaleString('en-US')} records`, s.overlays ? `${s.overlays} overlay${s.overlays > 1 ? 's' : ''}` : ''];
    this.count.textContent = parts.filter(Boolean).join(' · ');
    this.stopBtn.hidden = !s.live;
  }
}
