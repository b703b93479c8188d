/** Checks one entry of a summary's `comparisons` (see `src/shared/comparisons/types.ts`) and returns a clean copy. */
import type { Comparison } from '../../src/shared/comparisons/types';
import { arr, bool, Invalid, num, obj, oneOf, optNum, str } from './validate-basics';

const CI_METHODS: readonly NonNullable<Comparison['ciMethod']>[] = ['paired-t', 'bca-bootstrap', 'welch-t'];

function pair(x: unknown, what: string): [number, number] {
  const a = arr(x, what);
  if (a.length !== 2) throw new Invalid(`${what} has ${a.length} numbers, not 2`);
  return [num(a[0], `${what}[0]`), num(a[1], `${what}[1]`)];
}

const nums = (x: unknown, what: string): number[] => arr(x, what).map((v, i) => num(v, `${what}[${i}]`));

export function checkComparison(x: unknown, what = 'comparison'): Comparison {
  const c = obj(x, what);
  const out: Comparison = {
    metric: str(c.metric, `${what}.metric`),
    which: oneOf(c.which, ['best', 'final'] as const, `${what}.which`),
    arm: str(c.arm, `${what}.arm`),
    baseline: str(c.baseline, `${what}.baseline`),
    higherIsBetter: bool(c.higherIsBetter, `${what}.higherIsBetter`),
    n: num(c.n, `${what}.n`),
    seeds: nums(c.seeds, `${what}.seeds`),
    meanDiff: num(c.meanDiff, `${what}.meanDiff`),
    confidence: num(c.confidence, `${what}.confidence`),
    pImprovement: num(c.pImprovement, `${what}.pImprovement`),
    wins: num(c.wins, `${what}.wins`),
    ties: num(c.ties, `${what}.ties`),
    losses: num(c.losses, `${what}.losses`),
    paired: bool(c.paired, `${what}.paired`),
    significant: bool(c.significant, `${what}.significant`),
    verdict: str(c.verdict, `${what}.verdict`),
  };
  if (c.split !== undefined) out.split = oneOf(c.split, ['val', 'test'] as const, `${what}.split`);
  if (c.ci !== undefined) out.ci = pair(c.ci, `${what}.ci`);
  if (c.ciMethod !== undefined) out.ciMethod = oneOf(c.ciMethod, CI_METHODS, `${what}.ciMethod`);
  if (c.pImprovementCi !== undefined) out.pImprovementCi = pair(c.pImprovementCi, `${what}.pImprovementCi`);
  if (c.diffs !== undefined) out.diffs = nums(c.diffs, `${what}.diffs`);
  for (const key of ['pValue', 'pHolm', 'seedsNeeded', 'minEffect', 'failedScore'] as const) {
    const v = optNum(c[key], `${what}.${key}`);
    if (v !== undefined) out[key] = v;
  }
  if (c.failedSeeds !== undefined) {
    const f = obj(c.failedSeeds, `${what}.failedSeeds`);
    out.failedSeeds = { arm: nums(f.arm, `${what}.failedSeeds.arm`), baseline: nums(f.baseline, `${what}.failedSeeds.baseline`) };
  }
  if (c.unfinishedSeeds !== undefined) out.unfinishedSeeds = nums(c.unfinishedSeeds, `${what}.unfinishedSeeds`);
  return out;
}
