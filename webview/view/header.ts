/** The page header: run name, start time, state (live, completed, why it stopped…), record count, and the run-level actions. */
import { button, h } from './dom';

export interface HeaderActions {
  overlay(): void;
  exportCsv(): void;
  stop(): void;
  openRun(): void;
  resume(): void;
  analyse(): void;
}

export interface HeaderState {
  name: string;
  /** Local start time ("2026-12-05 13:57"), when the summary has one. */
  started?: string;
  status: string;
  /** Why the run ended as it did (e.g. "stopped by window reload or close"); shown instead of the bare status. */
  reason?: string;
  live: boolean;
  /** The run ended before every job completed, and can be finished in its folder. */
  resumable: boolean;
  /** A finished run whose saved weights can be analysed (Analyse…). */
  analysable: boolean;
  /** e.g. "3 arms × 2 seeds". */
  shape: string;
  records: number;
  overlays: number;
}

export class Header {
  readonly el: HTMLElement;
  private readonly name = h('h1', { class: 'run-name' });
  private readonly started = h('span', { class: 'run-started' });
  private readonly status = h('span', { class: 'run-status', role: 'status' });
  private readonly count = h('span', { class: 'run-count' });
  private readonly stopBtn: HTMLButtonElement;
  private readonly resumeBtn: HTMLButtonElement;
  private readonly analyseBtn: HTMLButtonElement;

  constructor(compact: boolean, act: HeaderActions) {
    this.stopBtn = button('■ Stop', 'Stop the run (each arm finishes its current step)', act.stop, 'btn danger', 'Stop run');
    this.resumeBtn = button('▶ Resume', 'Finish this run in its folder: completed jobs are kept, the others train again', act.resume, 'btn', 'Resume run');
    this.analyseBtn = button('Analyse…', 'Loss landscape or Hessian spectrum of this run\u2019s saved weights (results in the Analysis section below)', act.analyse, 'btn', 'Analyse run');
    const actions = compact
      ? [this.resumeBtn, button('Open charts', 'Open this run in the chart panel', act.openRun, 'btn link')]
      : [this.resumeBtn, button('Overlay run…', 'Draw a past run beside this one (dashed)', act.overlay), button('Export CSV', 'Save all metrics as CSV', act.exportCsv), this.analyseBtn, this.stopBtn];
    this.el = h('header', { class: 'page-head' }, h('div', { class: 'run-title' }, this.name, this.started, this.status, this.count), h('div', { class: 'head-actions' }, ...actions));
  }

  update(s: HeaderState): void {
    this.name.textContent = s.name;
    this.name.title = s.name;
    this.started.textContent = s.started ?? '';
    this.started.title = s.started ? `started ${s.started}` : '';
    this.status.textContent = s.live ? '● live' : (s.reason ?? s.status);
    this.status.title = s.live || !s.reason ? '' : `${s.status}: ${s.reason}`;
    this.status.className = `run-status state-${s.live ? 'live' : s.status}`;
    const parts = [s.shape, `${s.records.toLocaleString('en-US')} records`, s.overlays ? `${s.overlays} overlay${s.overlays > 1 ? 's' : ''}` : ''];
    this.count.textContent = parts.filter(Boolean).join(' · ');
    this.stopBtn.hidden = !s.live;
    this.resumeBtn.hidden = s.live || !s.resumable;
    this.analyseBtn.hidden = !s.analysable;
  }
}
