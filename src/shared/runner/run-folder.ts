/** The run folder on disk: the source of truth that the CLI, the panel and the history read. */
import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/types';
import type { MetricRecord, RunSummary } from '../metrics';

export const RUN_FILES = {
  config: 'config.resolved.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
} as const;

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** `<runsRoot>/<yyyymmdd-hhmmss>-<name>`, made unique with a suffix if it exists. */
export function newRunDir(runsRoot: string, name: string, now = new Date()): string {
  const safe = name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 60) || 'run';
  let dir = join(runsRoot, `${timestamp(now)}-${safe}`);
  for (let i = 2; existsSync(dir); i++) dir = join(runsRoot, `${timestamp(now)}-${safe}-${i}`);
  return dir;
}

export function prepareRunDir(dir: string, config: ExperimentConfig): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, RUN_FILES.config), JSON.stringify(config, null, 2) + '\n');
}

/** Written atomically (temp file + rename) so a reader never sees half a summary. */
export function writeSummary(dir: string, summary: RunSummary): void {
  const tmp = join(dir, `.${RUN_FILES.summary}.${process.pid}.tmp`);
  writeFileSync(tmp, JSON.stringify(summary, null, 2) + '\n');
  renameSync(tmp, join(dir, RUN_FILES.summary));
}

export function readSummary(dir: string): RunSummary | undefined {
  const p = join(dir, RUN_FILES.summary);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as RunSummary) : undefined;
}

/** Every complete line of a JSON-lines file; a torn last line (a killed writer) is skipped, not an error. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const out: T[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // Only the final line of a killed run can be incomplete.
    }
  }
  return out;
}

export function readMetrics(dir: string): MetricRecord[] {
  return readJsonLines<MetricRecord>(join(dir, RUN_FILES.metrics));
}
