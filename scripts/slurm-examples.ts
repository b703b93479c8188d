/**
 * `npm run examples:slurm`: runs examples/taylorglo-evolve and examples/bloop-pareto locally and
 * through a real single-node Slurm (the test fixture), and checks that both give the same records,
 * job for job, apart from time fields. Prints the wall time of each. Takes several minutes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readMetrics } from '../src/shared/runner/run-folder';
import { startSlurm } from '../test/slurm/fixture';

const ROOT = join(__dirname, '..');
const EXAMPLES = ['taylorglo-evolve', 'bloop-pareto'];

/** Every record of the folder (and of an evolution's candidates), time fields dropped, by job. */
function records(runDir: string): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const dir of [runDir, join(runDir, 'candidates')]) {
    if (!existsSync(dir)) continue;
    for (const r of readMetrics(dir)) {
      const { time: _t, values, ...rest } = r;
      const v = { ...values };
      delete v.stepsPerSec;
      (out[`${dir === runDir ? '' : 'candidates/'}${r.seed}/${r.arm}`] ??= []).push(JSON.stringify({ ...rest, values: v }));
    }
  }
  return out;
}

function run(example: string, out: string, executor: 'local' | 'slurm'): number {
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli.js'), 'run', join(ROOT, 'examples', `${example}.losslab.json`), '--out', out, '--executor', executor, '--quiet'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${example} (${executor}) exited ${r.status}:\n${r.stderr}`);
  return (Date.now() - t0) / 1000;
}

const fixture = startSlurm();
let failed = false;
try {
  const base = mkdtempSync(join(tmpdir(), 'losslab-slurm-examples-'));
  for (const example of EXAMPLES) {
    const local = join(base, `${example}-local`);
    const slurm = join(base, `${example}-slurm`);
    const tLocal = run(example, local, 'local');
    const tSlurm = run(example, slurm, 'slurm');
    const a = records(local);
    const b = records(slurm);
    const jobs = Object.keys(a).sort();
    const same = JSON.stringify(jobs) === JSON.stringify(Object.keys(b).sort()) && jobs.every((j) => JSON.stringify(a[j]) === JSON.stringify(b[j]));
    const n = jobs.reduce((s, j) => s + a[j].length, 0);
    console.log(`${example}: ${same ? 'same' : 'DIFFERENT'} records (${jobs.length} jobs, ${n} records); wall ${tLocal.toFixed(1)} s local, ${tSlurm.toFixed(1)} s on Slurm`);
    failed ||= !same;
  }
} finally {
  fixture.stop();
}
process.exit(failed ? 1 : 0);
