/** Settings an analysis uses when the user gives none: the same for `loss-lab landscape|hessian` and Analyse Run… in VS Code. */
import type { AnalysisSplit, LandscapeRequest } from './types';

export const LANDSCAPE_DEFAULTS: { split: AnalysisSplit; grid: number; range: number; dims: 1 | 2; directions: LandscapeRequest['directions'] } = {
  split: 'val',
  grid: 41,
  range: 1,
  dims: 2,
  directions: 'random',
};

export const HESSIAN_DEFAULTS: { split: AnalysisSplit; top: number } = { split: 'train', top: 5 };
