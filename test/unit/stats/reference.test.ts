/**
 * src/shared/stats against scipy: test/fixtures/stats/reference.json was written once by
 * make-reference.py (Debian python3-scipy 1.10); these tests read the JSON and need no python.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { bcaBootstrapInterval, bootstrapMeans } from '../../../src/shared/stats/bootstrap';
import { incompleteBeta, normalCdf, normalQuantile, tCdf, tQuantile } from '../../../src/shared/stats/special';
import { pairedT, seedsNeeded, welchT } from '../../../src/shared/stats/t-tests';

const ref = JSON.parse(readFileSync(join(__dirname, '../../fixtures/stats/reference.json'), 'utf8'));

function close(actual: number, expected: number, rel: number, what: string): void {
  const tol = rel * Math.max(1, Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: got ${actual}, scipy ${expected} (|Δ| ${Math.abs(actual - expected)} > ${tol})`);
}

test('t quantile matches scipy to 1e-10 (t.ppf polished on t.cdf, see make-reference.py)', () => {
  for (const r of ref.tQuantile) close(tQuantile(r.p, r.df), r.q, 1e-10, `t.ppf(${r.p}, ${r.df})`);
});

test('t CDF, normal CDF/quantile and the incomplete beta match scipy to 1e-12', () => {
  for (const r of ref.tCdf) close(tCdf(r.t, r.df), r.p, 1e-12, `t.cdf(${r.t}, ${r.df})`);
  for (const r of ref.normal) {
    close(normalCdf(r.x), r.cdf, 1e-12, `norm.cdf(${r.x})`);
    close(normalQuantile(r.cdf), r.q, 1e-9, `norm.ppf(${r.cdf})`);
  }
  for (const r of ref.incompleteBeta) close(incompleteBeta(r.x, r.a, r.b), r.v, 1e-12, `betainc(${r.a}, ${r.b}, ${r.x})`);
});

test('paired t: statistic, p-value (ttest_rel) and interval match scipy', () => {
  for (const r of ref.paired) {
    const t = pairedT(r.diffs, r.confidence);
    const what = `${r.name} at ${r.confidence}`;
    close(t.mean, r.mean, 1e-12, `${what} mean`);
    close(t.t, r.t, 1e-10, `${what} t`);
    close(t.pValue, r.pValue, 1e-10, `${what} p`);
    close(t.ci[0], r.tCi[0], 1e-10, `${what} ci lo`);
    close(t.ci[1], r.tCi[1], 1e-10, `${what} ci hi`);
  }
});

test('BCa bootstrap reproduces the reference draw for draw, and lies near scipy BCa', () => {
  const { seed, resamples } = ref.bootstrap;
  for (const r of ref.paired) {
    const what = `${r.name} at ${r.confidence}`;
    const first = [...bootstrapMeans(r.diffs, resamples, seed).sort().slice(0, 5)];
    assert.deepEqual(first, r.firstSortedBootMeans, `${what}: same resampled means`);
    const ci = bcaBootstrapInterval(r.diffs, r.confidence, seed, resamples);
    close(ci[0], r.bcaCi[0], 1e-12, `${what} bca lo`);
    close(ci[1], r.bcaCi[1], 1e-12, `${what} bca hi`);
    if (r.diffs.length >= 10 && r.confidence <= 0.95) {
      // Same method, different resamples: within a tenth of the width (99% tails rest on ~10 of 2000 resamples).
      const width = r.scipyBcaCi[1] - r.scipyBcaCi[0];
      assert.ok(Math.abs(ci[0] - r.scipyBcaCi[0]) < width / 10 && Math.abs(ci[1] - r.scipyBcaCi[1]) < width / 10, `${what}: ours [${ci}] vs scipy BCa [${r.scipyBcaCi}]`);
    }
  }
});

test('seeds needed matches a direct search with scipy t.ppf', () => {
  for (const r of ref.paired) {
    if (r.seedsNeeded === null) continue;
    assert.equal(seedsNeeded(r.sd, Math.abs(r.mean) / 2, r.confidence), r.seedsNeeded, `${r.name} at ${r.confidence}`);
  }
});

test("Welch interval, degrees of freedom and p-value match scipy's ttest_ind(equal_var=False)", () => {
  for (const r of ref.welch) {
    const w = welchT(r.a, r.b, r.confidence);
    close(w.mean, r.meanDiff, 1e-12, 'mean diff');
    close(w.df, r.df, 1e-10, 'df');
    close(w.pValue, r.pValue, 1e-10, 'p');
    close(w.ci[0], r.ci[0], 1e-10, 'ci lo');
    close(w.ci[1], r.ci[1], 1e-10, 'ci hi');
  }
});
