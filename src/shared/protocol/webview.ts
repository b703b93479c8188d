/**
 * The channel between the extension host and the chart webviews (the panel beside the config and the
 * side-panel view). The webview sends `ready` first; the host answers with `init` carrying everything
 * needed to draw (read from the run folder), so a restored or re-shown panel needs no retained state.
 */
import type { MetricRecord, RunSummary } from '../metrics';

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
  summary?: RunSummary;
}

export type HostToWebview =
  /** Host → webview: the full state (answer to `ready`, or when the panel switches run). */
  | { type: 'init'; run: RunView; overlays: RunView[]; options: { compact: boolean } }
  /** Host → webview: new records of a live run, batched (at most ~10 messages per second). */
  | { type: 'metrics'; key: string; records: MetricRecord[] }
  /** Host → webview: the run's summary changed (an arm ended, the run finished). */
  | { type: 'summary'; key: string; summary: RunSummary; live: boolean }
  /** Host → webview: a past run to draw beside the current one. */
  | { type: 'overlay'; run: RunView }
  /** Host → webview: remove an overlay. */
  | { type: 'removeOverlay'; key: string };

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
  /** Webview → host: the user removed this overlay (the `key` of its RunView); leave it out of later `init`s. */
  | { type: 'removeOverlay'; key: string };
