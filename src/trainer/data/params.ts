/** Reads a built-in dataset's parameters (already defaulted by the config layer) with checks. */
import type { BuiltinDataConfig } from '../../shared/config/types';
import { DataError } from './types';

export interface NumberRule {
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Inclusive upper bound. */
  max?: number;
}

/** The numeric parameter `key` of `cfg`; a DataError names the dataset, the parameter and the rule. */
export function numParam(cfg: BuiltinDataConfig, key: string, rule: NumberRule = {}): number {
  const v = cfg[key];
  const kind = rule.integer ? 'an integer' : 'a number';
  const bounds = [rule.min !== undefined ? `≥ ${rule.min}` : '', rule.max !== undefined ? `≤ ${rule.max}` : '']
    .filter((s) => s)
    .join(' and ');
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.max === undefined || v <= rule.max);
  if (!ok) {
    const got = v === undefined ? 'missing' : `got ${JSON.stringify(v)}`;
    throw new DataError(`dataset '${cfg.dataset}': parameter '${key}' must be ${kind}${bounds ? ` ${bounds}` : ''} (${got})`);
  }
  return v as number;
}

/** ['x1', 'x2', …, 'xd']. */
export function featureNames(d: number): string[] {
  return Array.from({ length: d }, (_, j) => `x${j + 1}`);
}
