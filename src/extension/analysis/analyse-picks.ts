/** The quick picks of Analyse Run…: what, seed (when several have weights), arms, split. Each answer given in advance skips its pick. */
import * as vscode from 'vscode';
import type { AnalysisSplit } from '../../shared/analysis/types';
import type { ExperimentConfig } from '../../shared/config/types';
import type { RunSummary } from '../../shared/metrics';
import { savedArms } from '../../shared/runner/analysis-folder';
import { ANALYSES, defaultSplit, seedsWithWeights, SPLITS, type AnalyseAnswers, type AnalyseWhat } from './analysis-plan';

const TITLE = 'Analyse Run';

/** The answers, or undefined when the user cancelled. */
export async function askAnalysis(config: ExperimentConfig, summary: RunSummary, given: Partial<AnalyseAnswers>): Promise<AnalyseAnswers | undefined> {
  const what = given.what ?? (await pickWhat());
  if (!what) return undefined;
  const seeds = seedsWithWeights(config, summary);
  const seed = given.seed ?? (seeds.length > 1 ? await pickSeed(seeds, config.seed) : seeds[0]);
  if (seed === undefined) return undefined;
  const saved = savedArms(config, summary, seed);
  if (saved.length === 0 && !given.arms) throw new Error(`no arm of seed ${seed} has saved final weights`);
  const arms = given.arms ?? (await pickArms(saved, what));
  if (!arms?.length) return undefined;
  const split = given.split ?? (await pickSplit(defaultSplit(what)));
  if (!split) return undefined;
  return { what, seed, arms, split };
}

async function pickWhat(): Promise<AnalyseWhat | undefined> {
  const items = ANALYSES.map((a) => ({ label: a.label, detail: a.detail, what: a.what }));
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'What to compute (the task loss, whatever loss trained each arm)' }))?.what;
}

async function pickSeed(seeds: number[], configSeed: number): Promise<number | undefined> {
  const items = seeds.map((seed) => ({ label: `seed ${seed}`, description: seed === configSeed ? "the config's seed" : undefined, seed }));
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Which seed (every arm of a seed starts from the same initial weights)' }))?.seed;
}

async function pickArms(saved: string[], what: AnalyseWhat): Promise<string[] | undefined> {
  if (saved.length === 1) return saved;
  const items = saved.map((arm, i) => ({ label: arm, picked: true, description: what !== 'hessian' && i === 0 ? 'centre of the slice' : undefined }));
  const placeHolder = what === 'hessian' ? 'Arms to analyse, one after the other' : 'Arms (the first picked, in config order, is the centre of the slice)';
  const picked = await vscode.window.showQuickPick(items, { title: TITLE, placeHolder, canPickMany: true });
  // Config order, whatever order they were ticked in.
  return picked && saved.filter((arm) => picked.some((p) => p.label === arm));
}

async function pickSplit(preferred: AnalysisSplit): Promise<AnalysisSplit | undefined> {
  const items = [preferred, ...SPLITS.filter((s) => s !== preferred)].map((split) => ({ label: split, description: split === preferred ? 'default' : undefined, split }));
  return (await vscode.window.showQuickPick(items, { title: TITLE, placeHolder: 'Split the loss is evaluated on' }))?.split;
}
