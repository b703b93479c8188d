/** `loss-lab compare <run folder> [<run folder B>]`: paired verdicts recomputed from finished or stopped run folders. */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { compareAcrossRuns, compareArms, type MetricSpec, whichFor } from '../../shared/comparisons/compare-arms';
import type { Comparison } from '../../shared/comparisons/types';
import type { ExperimentConfig } from '../../shared/config/types';
import type { RunSummary } from '../../shared/metrics';
import { readRunSummary } from '../../shared/runner/experiment-run';
import { RUN_FILES } from '../../shared/runner/run-folder';
import type { Command } from '../usage';
import { verdictLines } from '../verdicts';

interface Folder {
  dir: string;
  config: ExperimentConfig;
  summary: RunSummary;
}

function readFolder(dir: string): Folder | string {
  const abs = resolve(dir);
  const configFile = join(abs, RUN_FILES.config);
  const summary = readRunSummary(abs);
  if (!existsSync(configFile) || !summary) return `${dir} is not a Loss Lab run folder (it needs ${RUN_FILES.config} and ${RUN_FILES.summary})`;
  if (summary.kind === 'sweep') return `${dir} is a sweep: its trials are ranked in trials.jsonl; compare works on experiments`;
  return { dir: abs, config: JSON.parse(readFileSync(configFile, 'utf8')) as ExperimentConfig, summary };
}

/** `--metric accuracy --split test` → test/accuracy; a name with its own split prefix is kept. */
function specsFrom(cmd: Extract<Command, { name: 'compare' }>, main: string): MetricSpec[] | undefined {
  const split = cmd.split ?? 'val';
  const names = cmd.metrics ?? (cmd.split ? [main.replace(/^val\//, '')] : undefined);
  return names?.map((m) => (/^(val|test)\//.test(m) || !/^[a-z0-9]+$/i.test(m) ? m : `${split}/${m}`)).map((metric) => ({ metric, which: whichFor(metric) }));
}

function seedsPerArm(s: RunSummary): number {
  const counts = new Map<string, number>();
  for (const r of s.arms) counts.set(r.arm, (counts.get(r.arm) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

export function compareCommand(cmd: Extract<Command, { name: 'compare' }>): number {
  const folders = cmd.runDirs.map(readFolder);
  const bad = folders.find((f): f is string => typeof f === 'string');
  if (bad) {
    process.stderr.write(`${bad}\n`);
    return 2;
  }
  const [a, b] = folders as Folder[];
  const present = new Set(a.summary.arms.map((r) => r.arm));
  const arms = [...new Set([...a.config.losses.map((l) => l.name).filter((n) => present.has(n)), ...present])];
  if (cmd.baseline !== undefined && !arms.includes(cmd.baseline)) {
    process.stderr.write(`unknown baseline '${cmd.baseline}'; arms in ${cmd.runDirs[0]}: ${arms.join(', ')}\n`);
    return 2;
  }
  const metrics = specsFrom(cmd, a.summary.arms[0]?.mainMetric ?? 'val/accuracy');
  let comparisons: Comparison[];
  if (b) {
    const [la, lb] = basename(a.dir) === basename(b.dir) ? ['A', 'B'] : [basename(a.dir), basename(b.dir)];
    comparisons = compareAcrossRuns({ label: la, config: a.config, summary: a.summary }, { label: lb, config: b.config, summary: b.summary }, { baseline: cmd.baseline, metrics });
  } else {
    if (seedsPerArm(a.summary) < 2) {
      process.stderr.write(`${cmd.runDirs[0]} has one seed per arm: a verdict needs at least 2 (set "repeats" to 3 or more and run again)\n`);
      return 1;
    }
    comparisons = compareArms(a.config, a.summary, { baseline: cmd.baseline, metrics });
  }
  if (cmd.json) {
    process.stdout.write(JSON.stringify(comparisons, null, 2) + '\n');
    return 0;
  }
  if (comparisons.length === 0) {
    process.stderr.write(`nothing to compare: no arm besides the baseline has values for ${metrics?.map((m) => m.metric).join(', ') ?? 'the main metric'}\n`);
    return 1;
  }
  const status = a.summary.status !== 'completed' ? ` (run ${a.summary.status}; unfinished seeds are left out)` : '';
  process.stdout.write(`${a.summary.name}${b ? ` vs ${b.summary.name}` : ''}, baseline ${comparisons[0].baseline}${status}\n${verdictLines(comparisons)}\n`);
  return 0;
}
