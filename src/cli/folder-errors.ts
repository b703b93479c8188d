/** The one-line report and exit code of a run folder that cannot be had or written. */
import { RunFolderError, RunFolderRefused } from '../shared/runner/fs-errors';
import { EXIT } from './exit-codes';

/** The exit code for `e` after printing it, or undefined when `e` is no run-folder error. */
export function reportFolderError(e: unknown): number | undefined {
  if (e instanceof RunFolderRefused) {
    process.stderr.write(`loss-lab: ${e.message}\n`);
    return EXIT.folderRefused;
  }
  if (e instanceof RunFolderError) {
    process.stderr.write(`loss-lab: ${e.message}\n`);
    return EXIT.fileError;
  }
  return undefined;
}
