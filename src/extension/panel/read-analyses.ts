/** The analysis results saved in a run folder's `landscape/`, oldest first; files that are not one are skipped and said. vscode-free. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analysisResultProblem } from '../../shared/analysis/result-shape';
import { ANALYSIS_FOLDER, type AnalysisResult } from '../../shared/analysis/types';
import type { AnalysisEntry } from '../../shared/protocol/webview';

export function readAnalyses(runDir: string, skipped: (line: string) => void = () => {}): AnalysisEntry[] {
  const dir = join(runDir, ANALYSIS_FOLDER);
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const found: (AnalysisEntry & { mtime: number })[] = [];
  for (const name of names) {
    const file = `${ANALYSIS_FOLDER}/${name}`;
    try {
      const path = join(dir, name);
      const mtime = statSync(path).mtimeMs;
      const result: unknown = JSON.parse(readFileSync(path, 'utf8'));
      const problem = analysisResultProblem(result);
      if (problem) skipped(`skipped ${join(runDir, file)}: ${problem}`);
      else found.push({ file, result: result as AnalysisResult, mtime });
    } catch (e) {
      skipped(`skipped ${join(runDir, file)}: ${(e as Error).message.split('\n')[0]}`);
    }
  }
  found.sort((a, b) => a.mtime - b.mtime || a.file.localeCompare(b.file));
  return found.map(({ file, result }) => ({ file, result }));
}
