/**
 * Applies the `lossLab.metrics.*` settings to a resolved config, only where the file itself does not
 * set the value (the file always wins). vscode-free.
 */
import { findNodeAtLocation, parseTree } from 'jsonc-parser/lib/esm/main.js';
import { isMap, parseDocument } from 'yaml';
import type { ExperimentConfig } from '../../shared/config/types';
import type { ConfigFormat } from '../codelens/arm-ranges';

/** Whether the written document sets a value at `path`. */
export function writesPath(text: string, format: ConfigFormat, path: string[]): boolean {
  if (format === 'json') {
    const root = parseTree(text, [], { allowTrailingComma: true });
    return root !== undefined && findNodeAtLocation(root, path) !== undefined;
  }
  const doc = parseDocument(text);
  return isMap(doc.contents) && doc.hasIn(path);
}

export interface MetricDefaults {
  trainEvery?: number;
  evalEvery?: number;
}

export function applyMetricDefaults(config: ExperimentConfig, text: string, format: ConfigFormat, d: MetricDefaults): ExperimentConfig {
  let out = config;
  if (d.trainEvery !== undefined && !writesPath(text, format, ['metrics', 'trainEvery'])) {
    out = { ...out, metrics: { ...out.metrics, trainEvery: d.trainEvery } };
  }
  if (d.evalEvery !== undefined && !writesPath(text, format, ['train', 'evalEvery'])) {
    out = { ...out, train: { ...out.train, evalEvery: d.evalEvery } };
  }
  return out;
}
