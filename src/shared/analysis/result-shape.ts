/** Checks that a parsed JSON value has the shape of an analysis result (a file of `landscape/` may be anything). */
import type { AnalysisResult } from './types';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumbers = (v: unknown): boolean => Array.isArray(v) && v.every((x) => typeof x === 'number' || x === null);
const isNumberRows = (v: unknown): boolean => Array.isArray(v) && v.every(isNumbers);

function hessianProblem(r: Record<string, unknown>): string | undefined {
  if (typeof r.arm !== 'string') return 'no arm';
  if (!isObject(r.top) || !isNumbers(r.top.values)) return 'no top eigenvalues';
  if (!isObject(r.trace) || typeof r.trace.value !== 'number') return 'no trace';
  if (r.density !== undefined && (!isObject(r.density) || !isNumbers(r.density.grid) || !isNumbers(r.density.density))) return 'a malformed density';
  return undefined;
}

function landscapeProblem(r: Record<string, unknown>): string | undefined {
  const s = r.slice;
  if (!isObject(s) || !isNumbers(s.x) || !isNumberRows(s.loss) || !isNumberRows(s.metric) || (s.y !== undefined && !isNumbers(s.y))) return 'a malformed slice';
  if (!Array.isArray(r.paths) || !r.paths.every((p) => isObject(p) && typeof p.from === 'string' && typeof p.to === 'string' && isNumbers(p.t) && isNumbers(p.loss))) {
    return 'malformed paths';
  }
  if (typeof r.center !== 'string') return 'no centre arm';
  return undefined;
}

/** Why `v` is not an analysis result (a short phrase), or undefined when it is one. */
export function analysisResultProblem(v: unknown): string | undefined {
  if (!isObject(v)) return 'not a JSON object';
  if (v.kind !== 'hessian' && v.kind !== 'landscape') return 'not an analysis result (no kind hessian or landscape)';
  if (typeof v.seed !== 'number' || typeof v.split !== 'string') return `a ${v.kind} result without seed or split`;
  const problem = v.kind === 'hessian' ? hessianProblem(v) : landscapeProblem(v);
  return problem ? `a ${v.kind} result with ${problem}` : undefined;
}

export function isAnalysisResult(v: unknown): v is AnalysisResult {
  return analysisResultProblem(v) === undefined;
}
