/**
 * The channel between the extension host and the chart webviews (the panel beside the config and the
 * side-panel view). The webview sends `ready` first; the host answers with `init` carrying everything
 * needed to draw (read from the run folder), so a restored or re-shown panel needs no retained state.
 */
import type { AnalysisResult } from '../analysis/types';
import type { EvolutionState, EvolveConfig, GenerationRecord } from '../evolve/types';
import type { MetricRecord, RunSummary } from '../metrics';
import type { SweepConfig } from '../config/types';
import type { TrialRow } from '../sweep/types';

/** A sweep run's trials so far (from `trials.jsonl`) and its settings. */
export interface SweepView {
  config: SweepConfig;
  /** Number of (trial, seed) jobs in the whole sweep, finished or not. */
  totalJobs: number;
  rows: TrialRow[];
  /** Every trial's base arm, by trial name (known before any trial ends; colours follow it). */
  baseArms?: Record<string, string>;
}

/** An evolution run's generations so far (from `evolution.jsonl`) and its state. */
export interface EvolutionView {
  config: EvolveConfig;
  /** Classes of the dataset (the TaylorGLO loss shape and invariant depend on it). */
  nClasses: number;
  generations: GenerationRecord[];
  state?: EvolutionState;
}

/** How long the config plans each job: its `train.steps`, or its epochs (steps per epoch then come from the records). */
export interface RunPlan {
  steps?: number;
  epochs?: number;
}

/** One run as the charts see it. `key` identifies it in later messages (the run folder path). */
export interface RunView {
  key: string;
  name: string;
  runDir: string;
  /** Arm names in config order; colours are assigned by this order. */
  arms: string[];
  repeats: number;
  /** Live runs stream more records; finished ones do not. */
  live: boolean;
  records: MetricRecord[];
  /** `records` is a thinned subset for a quick first draw; a `records` message with all of them follows. */
  thinned?: boolean;
  summary?: RunSummary;
  /** The length every job plans (x axes end there, so a live curve grows into its chart). */
  plan?: RunPlan;
  /** Present for runs of a config with a `sweep` section. */
  sweep?: SweepView;
  /** Present for runs of a config with an `evolve` section. */
  evolution?: EvolutionView;
  /** The analyses saved in the run folder's `landscape/` (Hessian spectra, landscapes), oldest first. */
  analyses?: AnalysisEntry[];
}

/** One analysis result file of a run folder. */
export interface AnalysisEntry {
  /** Path relative to the run folder, e.g. `landscape/landscape-ce-seed0.json`; identifies the entry. */
  file: string;
  result: AnalysisResult;
}

/** An analysis running for a run (host → webview, so the panel can show it is under way). */
export interface AnalysisProgress {
  /** Short description, e.g. "landscape of ce (2-D, 41×41)". */
  label: string;
  done: number;
  total?: number;
}

export type HostToWebview =
  /** Host → webview: the full state (answer to `ready`, or when the panel switches run). */
  | { type: 'init'; run: RunView; overlays: RunView[]; options: { compact: boolean } }
  /** Host → webview: every record a thinned `init` stood for; they replace the thinned ones (`metrics` since the init are kept after them). */
  | { type: 'records'; key: string; records: MetricRecord[] }
  /** Host → webview: new records of a live run, batched (at most ~10 messages per second). */
  | { type: 'metrics'; key: string; records: MetricRecord[] }
  /** Host → webview: the run's summary changed (an arm ended, the run finished). */
  | { type: 'summary'; key: string; summary: RunSummary; live: boolean }
  /** Host → webview: sweep trials that ended (appended to `RunView.sweep.rows`). */
  | { type: 'trials'; key: string; rows: TrialRow[] }
  /** Host → webview: evolution generations that ended (appended), and the new state. */
  | { type: 'generations'; key: string; records: GenerationRecord[]; state?: EvolutionState }
  /** Host → webview: a past run to draw beside the current one. */
  | { type: 'overlay'; run: RunView }
  /** Host → webview: remove an overlay. */
  | { type: 'removeOverlay'; key: string }
  /** The run's analyses changed (one finished or files were found): the full list, replacing the previous one. */
  | { type: 'analyses'; key: string; entries: AnalysisEntry[] }
  /** An analysis of the run is under way (undefined: none is, any more). */
  | { type: 'analysisProgress'; key: string; progress?: AnalysisProgress };

export type WebviewToHost =
  /** Webview → host: the page is loaded and listening. */
  | { type: 'ready' }
  /** Webview → host: save a file the page produced (a chart PNG as a data URL, or metrics CSV text). */
  | { type: 'save'; format: 'png' | 'csv'; suggestedName: string; data: string }
  /** Webview → host: let the user pick a past run to overlay. */
  | { type: 'pickOverlay' }
  /** Webview → host: stop the live run. */
  | { type: 'stop' }
  /** Webview → host: open this run in the big panel (from the side view). */
  | { type: 'openRun'; runDir: string }
  /** Webview → host: resume this stopped or failed run in its own folder (the `lossLab.resume` command). */
  | { type: 'resume'; runDir: string }
  /** Webview → host: write the best evolved TaylorGLO vector of this run back into its config as a new arm. */
  | { type: 'adoptEvolved'; runDir: string }
  /** Webview → host: the user removed this overlay (the `key` of its RunView); leave it out of later `init`s. */
  | { type: 'removeOverlay'; key: string }
  /** Webview → host: run this run's config again with `repeats` seeds (the file is not edited). */
  | { type: 'rerunWithSeeds'; runDir: string; repeats: number }
  /** The user asked to analyse this finished run (the host asks which analysis and arms). */
  | { type: 'analyse'; runDir: string };
