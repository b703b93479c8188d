/** A sweep's files in its run folder: `trials.jsonl` (one row per ended trial × seed), and resume pruning. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResult } from '../metrics';
import type { Trial, TrialRow } from '../sweep/types';
import { appendJsonLine } from './json-lines-file';
import { readJsonLines, RUN_FILES, writeFileAtomic } from './run-folder';

export const TRIALS_FILE = 'trials.jsonl';

export function trialRow(trial: Trial, result: ArmResult, objectiveMetric: string): TrialRow {
  const objective = result.final[objectiveMetric];
  return { ...result, trialId: trial.id, baseArm: trial.baseArm, params: trial.params, objective: Number.isFinite(objective) ? objective : undefined };
}

export function appendTrialRow(runDir: string, row: TrialRow): void {
  appendJsonLine(join(runDir, TRIALS_FILE), row);
}

/** Every complete row; a torn last line (a killed writer) is skipped. */
export function readTrialRows(runDir: string): TrialRow[] {
  return readJsonLines<TrialRow>(join(runDir, TRIALS_FILE));
}

/**
 * Before a resume: keeps in `metrics.jsonl` and `trials.jsonl` only the lines of jobs in `kept`, so the
 * jobs that run again do not leave a half curve behind, and an incomplete last line (a writer killed
 * mid-write) is dropped. Each file is replaced atomically.
 */
export function keepCompletedRecords(runDir: string, kept: Set<string>, keyOf: (r: { arm: string; seed: number }) => string): void {
  for (const name of [RUN_FILES.metrics, TRIALS_FILE]) {
    const path = join(runDir, name);
    if (!existsSync(path)) continue;
    const lines = readFileSync(path, 'utf8').split('\n').filter((line) => {
      if (!line.trim()) return false;
      try {
        return kept.has(keyOf(JSON.parse(line) as { arm: string; seed: number }));
      } catch {
        return false;
      }
    });
    writeFileAtomic(runDir, path, lines.map((l) => l + '\n').join(''));
  }
}
