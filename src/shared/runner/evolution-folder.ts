/** An evolution's files in its run folder: `evolution.jsonl` (one line per generation) and `evolution.json` (its state). */
import { appendFileSync, renameSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvolutionState, GenerationRecord } from '../evolve/types';
import { readJsonLines } from './run-folder';

export const EVOLUTION_FILES = {
  generations: 'evolution.jsonl',
  state: 'evolution.json',
  /** Candidates' short trainings append their metric records here, apart from the retraining's curves. */
  candidates: 'candidates',
} as const;

export function appendGeneration(runDir: string, record: GenerationRecord): void {
  appendFileSync(join(runDir, EVOLUTION_FILES.generations), JSON.stringify(record) + '\n');
}

export function readGenerations(runDir: string): GenerationRecord[] {
  return readJsonLines<GenerationRecord>(join(runDir, EVOLUTION_FILES.generations));
}

export function writeEvolutionState(runDir: string, state: EvolutionState): void {
  const path = join(runDir, EVOLUTION_FILES.state);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, path);
}

export function readEvolutionState(runDir: string): EvolutionState | undefined {
  const path = join(runDir, EVOLUTION_FILES.state);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as EvolutionState) : undefined;
}
