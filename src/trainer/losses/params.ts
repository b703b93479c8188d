/** Reading and checking a loss arm's numeric parameters. */
import type { LossParamInfo } from './types';

/** Throws when `params` holds a key that is not one of the loss's parameters. */
export function checkParamNames(type: string, params: Record<string, unknown>, infos: readonly LossParamInfo[]): void {
  const known = new Set(infos.map((p) => p.name));
  for (const key of Object.keys(params)) {
    if (!known.has(key)) {
      const valid = infos.length ? infos.map((p) => p.name).join(', ') : 'none';
      throw new Error(`loss '${type}': unknown parameter '${key}'; valid parameters: ${valid}`);
    }
  }
}

export interface NumberRule {
  min?: number;
  /** When true, the value must be strictly greater than `min`. */
  exclusiveMin?: boolean;
  max?: number;
  exclusiveMax?: boolean;
}

function describe(rule: NumberRule): string {
  const parts: string[] = [];
  if (rule.min !== undefined) parts.push(`${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.exclusiveMax ? '<' : '≤'} ${rule.max}`);
  return parts.length ? `a number ${parts.join(' and ')}` : 'a finite number';
}

export function checkNumber(type: string, name: string, value: unknown, rule: NumberRule): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (rule.min === undefined || (rule.exclusiveMin ? value > rule.min : value >= rule.min)) &&
    (rule.max === undefined || (rule.exclusiveMax ? value < rule.max : value <= rule.max));
  if (!ok) throw new Error(`loss '${type}': parameter '${name}' must be ${describe(rule)}, got ${JSON.stringify(value)}`);
  return value as number;
}

/** The parameter's value, or its default from `infos`, checked against `rule`. */
export function numberParam(type: string, params: Record<string, unknown>, info: LossParamInfo, rule: NumberRule): number {
  const value = params[info.name] ?? info.default;
  return checkNumber(type, info.name, value, rule);
}
