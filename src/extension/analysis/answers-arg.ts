/** The answers given to `lossLab.analyse` as its second argument (see AnalyseAnswers), checked; a one-line error when malformed. vscode-free. */
import type { AnalysisSplit } from '../../shared/analysis/types';
import { ANALYSES, SPLITS, type AnalyseAnswers } from './analysis-plan';

export function answersArg(v: unknown): Partial<AnalyseAnswers> {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new Error('lossLab.analyse: its second argument must be an object { what?, seed?, arms?, split? }');
  const o = v as Record<string, unknown>;
  const out: Partial<AnalyseAnswers> = {};
  if (o.what !== undefined) {
    const whats = ANALYSES.map((a) => a.what);
    if (!whats.includes(o.what as AnalyseAnswers['what'])) throw new Error(`lossLab.analyse: 'what' must be one of ${whats.join(', ')}`);
    out.what = o.what as AnalyseAnswers['what'];
  }
  if (o.seed !== undefined) {
    if (!Number.isInteger(o.seed) || (o.seed as number) < 0) throw new Error(`lossLab.analyse: 'seed' must be a non-negative integer`);
    out.seed = o.seed as number;
  }
  if (o.arms !== undefined) {
    if (!Array.isArray(o.arms) || o.arms.length === 0 || !o.arms.every((a) => typeof a === 'string')) throw new Error(`lossLab.analyse: 'arms' must be a non-empty list of arm names`);
    out.arms = o.arms as string[];
  }
  if (o.split !== undefined) {
    if (!SPLITS.includes(o.split as AnalysisSplit)) throw new Error(`lossLab.analyse: 'split' must be one of ${SPLITS.join(', ')}`);
    out.split = o.split as AnalysisSplit;
  }
  return out;
}
