/**
 * The page's UI choices, saved with `vscode.setState` so a re-created page (hidden and shown again,
 * or restored after a reload) looks the same. `runDir` is at the top level: the host's panel
 * serializer reads it to know which run to restore.
 */
import type { BandMode } from './curves';
import { readHiddenColumns, type ColumnKey } from './summary-columns';
import { X_MODES, type XMode } from './stream';

export interface UiState {
  runDir?: string;
  xMode: XMode;
  /** EMA weight in [0, 0.99]. */
  smoothing: number;
  band: BandMode;
  /** Scale y axes to the bulk of the data, not to exploding values. */
  ignoreOutliers: boolean;
  /** Per chart id: log scale on or off (absent: the chart's default). */
  log: Record<string, boolean>;
  /** Per chart id: the metric picked in its selector. */
  metric: Record<string, string>;
  /** Hidden legend entries (`runKey\u0000arm`; the current run's key is ''). */
  hidden: string[];
  /** Summary table columns the user hid. */
  hiddenColumns: ColumnKey[];
}

export const MAX_SMOOTHING = 0.99;
const BANDS: readonly BandMode[] = ['minmax', 'std', 'seeds', 'none'];

export function defaultUiState(): UiState {
  return { xMode: 'step', smoothing: 0.6, band: 'minmax', ignoreOutliers: true, log: {}, metric: {}, hidden: [], hiddenColumns: [] };
}

function record<T>(x: unknown, keep: (v: unknown) => v is T): Record<string, T> {
  const out: Record<string, T> = {};
  if (typeof x === 'object' && x !== null && !Array.isArray(x)) for (const [k, v] of Object.entries(x)) if (keep(v)) out[k] = v;
  return out;
}

/** A state read back from `getState` (anything, possibly from an older version), made valid. */
export function readUiState(x: unknown): UiState {
  const d = defaultUiState();
  if (typeof x !== 'object' || x === null) return d;
  const s = x as Record<string, unknown>;
  const smoothing = typeof s.smoothing === 'number' && Number.isFinite(s.smoothing) ? Math.min(MAX_SMOOTHING, Math.max(0, s.smoothing)) : d.smoothing;
  return {
    runDir: typeof s.runDir === 'string' && s.runDir ? s.runDir : undefined,
    xMode: X_MODES.includes(s.xMode as XMode) ? (s.xMode as XMode) : d.xMode,
    smoothing,
    band: BANDS.includes(s.band as BandMode) ? (s.band as BandMode) : d.band,
    ignoreOutliers: typeof s.ignoreOutliers === 'boolean' ? s.ignoreOutliers : d.ignoreOutliers,
    log: record(s.log, (v): v is boolean => typeof v === 'boolean'),
    metric: record(s.metric, (v): v is string => typeof v === 'string'),
    hidden: Array.isArray(s.hidden) ? s.hidden.filter((h): h is string => typeof h === 'string').slice(0, 500) : [],
    hiddenColumns: readHiddenColumns(s.hiddenColumns),
  };
}

export function legendKey(runKey: string, arm: string): string {
  return `${runKey}\u0000${arm}`;
}
