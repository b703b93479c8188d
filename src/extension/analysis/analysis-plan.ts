/**
 * What Analyse Run… offers and computes, from the answers to its quick picks: the three analyses, the
 * seeds and arms that have saved final weights, and the analyses to run in sequence (one Hessian per
 * picked arm). Defaults are the CLI's (src/shared/analysis/defaults.ts). vscode-free.
 */
import { HESSIAN_DEFAULTS, LANDSCAPE_DEFAULTS } from '../../shared/analysis/defaults';
import type { AnalysisSplit } from '../../shared/analysis/types';
import type { ExperimentConfig } from '../../shared/config/types';
import type { RunSummary } from '../../shared/metrics';
import type { AnalysisChoice } from '../../shared/runner/analysis-folder';

export type AnalyseWhat = 'landscape' | 'landscape-1d' | 'hessian';

/**
 * The answers to the quick picks. Passed as the command's second argument (tests, keybindings, other
 * extensions), each given answer skips its pick: `lossLab.analyse(runDir, { what: 'hessian', arms: ['ce'] })`.
 */
export interface AnalyseAnswers {
  what: AnalyseWhat;
  seed: number;
  /** In config order; a landscape's slice is centred on the first. */
  arms: string[];
  split: AnalysisSplit;
}

const { grid, range } = LANDSCAPE_DEFAULTS;

export const ANALYSES: { what: AnalyseWhat; label: string; detail: string }[] = [
  { what: 'landscape', label: 'Loss landscape: paths between arms + 2-D slice', detail: `${grid}×${grid} slice (±${range}) around the first arm; paths init → arm, arm ↔ arm` },
  { what: 'landscape-1d', label: 'Loss landscape: 1-D slice', detail: `${grid} points (±${range}) along one random direction; the same paths` },
  { what: 'hessian', label: 'Hessian spectrum: top eigenvalues + density', detail: `top ${HESSIAN_DEFAULTS.top} eigenvalues, trace and density at each picked arm's weights` },
];

export const SPLITS: AnalysisSplit[] = ['train', 'val', 'test'];

export function defaultSplit(what: AnalyseWhat): AnalysisSplit {
  return what === 'hessian' ? HESSIAN_DEFAULTS.split : LANDSCAPE_DEFAULTS.split;
}

/** Seeds with at least one arm's saved final weights, the config's seed first. */
export function seedsWithWeights(config: ExperimentConfig, summary: RunSummary): number[] {
  const seeds = [...new Set(summary.arms.filter((a) => a.weights?.final).map((a) => a.seed))].sort((a, b) => a - b);
  return seeds.includes(config.seed) ? [config.seed, ...seeds.filter((s) => s !== config.seed)] : seeds;
}

/** Why nothing of this run can be analysed (no arm of any seed kept its final weights), or undefined. */
export function noWeightsProblem(config: ExperimentConfig, summary: RunSummary): string | undefined {
  if (seedsWithWeights(config, summary).length > 0) return undefined;
  if (summary.arms.length > 0 && summary.arms.every((a) => a.status === 'diverged')) return 'no arm has saved final weights (every arm diverged)';
  return 'no arm has saved final weights (the run was made before Loss Lab saved weights, or with checkpoints.final false)';
}

export interface PlannedAnalysis {
  choice: AnalysisChoice;
  /** What the progress notification and the panel show, e.g. "landscape of ce, mse (2-D, 41×41)". */
  label: string;
}

export function plannedAnalyses(a: AnalyseAnswers): PlannedAnalysis[] {
  if (a.what === 'hessian') {
    return a.arms.map((arm) => ({
      choice: { kind: 'hessian', arm, split: a.split, top: HESSIAN_DEFAULTS.top, density: true },
      label: `Hessian spectrum of ${arm} (${a.split})`,
    }));
  }
  const dims = a.what === 'landscape' ? 2 : 1;
  return [
    {
      choice: { kind: 'landscape', arms: a.arms, split: a.split, grid, range, dims, directions: LANDSCAPE_DEFAULTS.directions },
      label: `landscape of ${a.arms.join(', ')} (${dims}-D, ${dims === 2 ? `${grid}×${grid}` : `${grid} points`}, ${a.split})`,
    },
  ];
}
