/** The run folder on disk: the source of truth that the CLI, the panel and the history read. */
import { existsSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig } from '../config/types';
import type { MetricRecord, RunSummary } from '../metrics';
import { fileOp, isNoSpace } from './fs-errors';

export const RUN_FILES = {
  config: 'config.resolved.json',
  metrics: 'metrics.jsonl',
  summary: 'summary.json',
  /** Space set aside at the start of a run, given back when the disk fills so the summary can still say so. */
  reserve: '.losslab.reserve',
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

/** Writes `data` to `path` through a temp file and a rename (a reader never sees half of it); a failed write leaves no temp file. */
export function replaceFile(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      // Never created.
    }
    throw e;
  }
}

/**
 * Writes `text` to `path` through a temp file and a rename, so a reader never sees half of it. When the
 * disk is full the run folder's reserve is given back and the write tried once more; a failed write
 * leaves no temp file behind.
 */
export function writeFileAtomic(dir: string, path: string, text: string): void {
  const attempt = (): void => replaceFile(path, text);
  fileOp('write', path, () => {
    try {
      attempt();
    } catch (e) {
      if (!isNoSpace(e) || !releaseReserve(dir)) throw e;
      attempt();
    }
  });
}

/** Gives the reserve's space back; false when there was none left to give. */
export function releaseReserve(dir: string): boolean {
  try {
    unlinkSync(join(dir, RUN_FILES.reserve));
    return true;
  } catch {
    return false;
  }
}

export function writeResolvedConfig(dir: string, config: ExperimentConfig): void {
  writeFileAtomic(dir, join(dir, RUN_FILES.config), JSON.stringify(config, null, 2) + '\n');
}

export function writeSummary(dir: string, summary: RunSummary): void {
  writeFileAtomic(dir, join(dir, RUN_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
}

/** The summary as written (undefined when there is none or it cannot be read). */
export function readSummary(dir: string): RunSummary | undefined {
  const p = join(dir, RUN_FILES.summary);
  try {
    return JSON.parse(readFileSync(p, 'utf8')) as RunSummary;
  } catch {
    return undefined;
  }
}

/** Every complete line of a JSON-lines file; an incomplete last line (a writer killed mid-write) is skipped, not an error. */
export function readJsonLines<T>(path: string): T[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n');
  const out: T[] = [];
  for (const line of text.slice(0, end + 1).split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // A line torn by a crash in the middle of the file cannot happen (whole batches are appended), but never fail a reader.
    }
  }
  return out;
}

export function readMetrics(dir: string): MetricRecord[] {
  return readJsonLines<MetricRecord>(join(dir, RUN_FILES.metrics));
}
