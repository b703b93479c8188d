/** What a finished run's summary allows: whether Resume applies (the host's `lossLab.resume` accepts it). */
import type { RunSummary } from '../../src/shared/metrics';

/** A stopped or failed run that records its config can be finished in its folder. */
export function isResumable(summary: RunSummary): boolean {
  return (summary.status === 'stopped' || summary.status === 'failed') && !!summary.configPath;
}
