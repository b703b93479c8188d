/**
 * What a caller may change for one run of a config without editing the file: `lossLab.run`'s second
 * argument, `{ repeats }` (the chart panel's "Re-run with 5 seeds"). Anything else passed there — VS
 * Code gives editor-title commands `{ groupId }` — is no override. vscode-free (unit-tested).
 */
import type { ExperimentConfig } from '../../shared/config/types';

export interface RunOverrides {
  repeats?: number;
}

export function runOverrides(arg: unknown): RunOverrides {
  if (typeof arg !== 'object' || arg === null) return {};
  const repeats = (arg as { repeats?: unknown }).repeats;
  return typeof repeats === 'number' && Number.isInteger(repeats) && repeats >= 1 && repeats <= 1000 ? { repeats } : {};
}

export function withOverrides<C extends Pick<ExperimentConfig, 'repeats'>>(config: C, o: RunOverrides): C {
  return o.repeats === undefined ? config : { ...config, repeats: o.repeats };
}
