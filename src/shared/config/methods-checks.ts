/**
 * Semantic checks for the research-method arms (lai, dynamical, taylorglo, custom) that the schema
 * cannot express: the task a method needs, Lai's base loss against the task, the TaylorGLO invariant
 * (a warning), and a custom loss module's file. Also resolves a custom module's path. Reads the
 * defaulted config value defensively, like `checks.ts`.
 */
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { taylorgloInvariant } from '../methods/taylorglo-invariant';
import { CLASSIFICATION_LOSSES, REGRESSION_LOSSES } from '../names';
import { obj, type Obj } from './json-object';
import type { Issue, Segment } from './positions';

type Task = 'classification' | 'regression';

export interface MethodCheckContext {
  /** The config file's path: a custom module's relative path is resolved against its folder. */
  fileName: string;
  /** Whether a file exists; a custom module's path is only checked when this is given. */
  fileExists?: (absolutePath: string) => boolean;
}

/** Extensions a custom loss module may have: loaded directly (.js, .cjs) or transpiled (ESM and TypeScript). */
export const CUSTOM_MODULE_EXTENSIONS = ['.js', '.cjs', '.mjs', '.ts', '.cts', '.mts'] as const;

/** Methods that need class labels. */
const CLASSIFICATION_METHODS: readonly string[] = ['dynamical', 'taylorglo'];

/** Classes of a built-in dataset (from its defaulted parameters); undefined when not known before loading. */
const FIXED_CLASS_COUNTS: Readonly<Record<string, number>> = { moons: 2, circles: 2, xor: 2, iris: 3, wine: 3, breastCancer: 2, digits: 10 };

function issue(path: Segment[], message: string, severity: Issue['severity'] = 'error'): Issue {
  return { path, message, severity, target: 'value' };
}

export function datasetClassCount(data: Obj | undefined): number | undefined {
  if (!data || typeof data.dataset !== 'string') return undefined;
  if (data.dataset === 'spirals' || data.dataset === 'blobs') return typeof data.classes === 'number' ? data.classes : undefined;
  return FIXED_CLASS_COUNTS[data.dataset];
}

/** A custom loss module's path as written (relative to the config file's folder) → absolute. */
export function customModulePath(configFileName: string, path: string): string {
  return isAbsolute(path) ? path : resolve(dirname(configFileName), path);
}

/** The arm as the trainer reads it: a custom arm's `module` becomes absolute. Other arms are returned as they are. */
export function resolveMethodArm<T extends Obj>(arm: T, configFileName: string): T {
  if (arm.type !== 'custom' || typeof arm.module !== 'string' || arm.module === '') return arm;
  return { ...arm, module: customModulePath(configFileName, arm.module) };
}

function describeDataset(data: Obj | undefined): string {
  return data?.dataset === 'csv' ? 'the csv dataset' : `dataset '${String(data?.dataset)}'`;
}

function laiIssues(arm: Obj, at: Segment[], task: Task | undefined, data: Obj | undefined): Issue[] {
  const base = arm.base;
  if (task !== 'regression' || typeof base !== 'string' || !(CLASSIFICATION_LOSSES as readonly string[]).includes(base)) return [];
  return [issue([...at, 'base'], `Lai base loss '${base}' needs class labels, but ${describeDataset(data)} is a regression task; regression losses: ${REGRESSION_LOSSES.join(', ')}`)];
}

function taylorgloIssues(arm: Obj, at: Segment[], data: Obj | undefined): Issue[] {
  const p = arm.params;
  const n = datasetClassCount(data);
  // A class count the schema refuses (data.classes: 0, 2.5) has its own error there.
  if (!Array.isArray(p) || p.length !== 8 || !p.every((v) => typeof v === 'number' && Number.isFinite(v)) || n === undefined || !Number.isInteger(n) || n < 2) return [];
  const inv = taylorgloInvariant(p as number[], n);
  if (inv.holds) return [];
  const f = (v: number) => +v.toPrecision(6);
  return [
    issue(
      [...at, 'params'],
      `TaylorGLO parameters fail the invariant for ${n} classes: cy + cyy + chy/n = ${f(inv.lhs)} < (n − 2)(c1 + ch/n + chh/n²) = ${f(inv.rhs)} ` +
        `(c1 = ${f(inv.c1)}, ch = ${f(inv.ch)}, chh = ${f(inv.chh)}, chy = ${f(inv.chy)}, cy = ${f(inv.cy)}, cyy = ${f(inv.cyy)}); the paper prunes such candidates before training`,
      'warning',
    ),
  ];
}

function customIssues(arm: Obj, at: Segment[], ctx: MethodCheckContext): Issue[] {
  const mod = arm.module;
  if (typeof mod !== 'string' || mod === '') return [];
  const ext = extname(mod).toLowerCase();
  if (!(CUSTOM_MODULE_EXTENSIONS as readonly string[]).includes(ext)) {
    return [issue([...at, 'module'], `custom loss module must be a JavaScript or TypeScript file (${CUSTOM_MODULE_EXTENSIONS.join(', ')}), got '${mod}'`)];
  }
  if (ctx.fileExists) {
    const abs = customModulePath(ctx.fileName, mod);
    if (!ctx.fileExists(abs)) return [issue([...at, 'module'], `custom loss module not found: ${abs}`)];
  }
  return [];
}

/** Issues of every research-method arm in `losses`, given the dataset's task (when known). */
export function methodIssues(losses: unknown, data: Obj | undefined, task: Task | undefined, ctx: MethodCheckContext): Issue[] {
  if (!Array.isArray(losses)) return [];
  return losses.flatMap((raw, i): Issue[] => {
    const arm = obj(raw);
    if (!arm || typeof arm.type !== 'string') return [];
    const at: Segment[] = ['losses', i];
    const out: Issue[] = [];
    if (task === 'regression' && data && CLASSIFICATION_METHODS.includes(arm.type)) {
      out.push(issue([...at, 'type'], `loss '${arm.type}' needs class labels, but ${describeDataset(data)} is a regression task`));
    }
    if (arm.type === 'lai') out.push(...laiIssues(arm, at, task, data));
    if (arm.type === 'taylorglo') out.push(...taylorgloIssues(arm, at, data));
    if (arm.type === 'custom') out.push(...customIssues(arm, at, ctx));
    return out;
  });
}
