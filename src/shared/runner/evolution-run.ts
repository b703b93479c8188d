/**
 * Loss evolution for a config with an `evolve` section: CMA-ES over a TaylorGLO arm's 8 parameters.
 * Each generation's candidates are checked against the TaylorGLO invariant (failures are pruned: worst
 * fitness, no training), the rest are trained briefly through the executor, split over its slots (one
 * unit per slot, so each process loads the data once), and their validation metric is the fitness.
 * Afterwards, unless `retrain` is off, every config arm plus the best vector (`<arm> (evolved)`) is
 * trained with the full schedule in the same run folder, as an ordinary experiment.
 *
 * A stopped or failed evolution resumes in its folder by replay: CMA-ES is deterministic given its
 * seed and the fitness it is told, and `evolution.jsonl` holds every finished generation's candidates
 * and fitness, so asking and telling them again restores the exact state (each replayed candidate is
 * checked against the record). The unfinished generation and the retraining run again.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ExperimentConfig, LossArmConfig } from '../config/types';
import { candidateConfig, candidateName, fitnessOf, isBetter, isPruned, median, retrainConfig, taylorgloArm, toMinimised } from '../evolve/candidates';
import { CmaEs } from '../evolve/cmaes';
import type { EvolutionState, EvolveConfig, GenerationRecord } from '../evolve/types';
import type { ArmResult, RunSummary } from '../metrics';
import { appendGeneration, EVOLUTION_FILES, readGenerations, writeEvolutionState } from './evolution-folder';
import { unreportedResult, type Executor, type TrialExecution } from './executor';
import { ExperimentRun, readRunSummary, type RunListener, type RunRequest } from './experiment-run';
import { LocalExecutor } from './local-executor';
import { JsonLinesFile } from './json-lines-file';
import { RUN_FILES, writeResolvedConfig, writeSummary } from './run-folder';
import { claimRunFolder } from './run-folder-claim';
import { keepCompletedRecords } from './sweep-folder';

export interface EvolutionRequest extends Omit<RunRequest, 'arms'> {
  /** Classes of the dataset (the invariant depends on it). */
  nClasses: number;
}

export interface EvolutionListener extends RunListener {
  onGeneration?(record: GenerationRecord, state: EvolutionState): void;
  /** Candidates of a generation are being trained. */
  onGenerationStarted?(generation: number, toTrain: number, pruned: number): void;
  /** Evolution is over; the retraining comparison starts with these jobs. */
  onRetrainStarted?(run: ExperimentRun): void;
}

/** The name of the evolved arm in the retraining comparison. */
export function evolvedArmName(config: ExperimentConfig, evolve: EvolveConfig): string {
  const names = new Set(config.losses.map((l) => l.name));
  let name = `${evolve.arm} (evolved)`;
  for (let i = 2; names.has(name); i++) name = `${evolve.arm} (evolved ${i})`;
  return name;
}

export class EvolutionRun {
  readonly evolve: EvolveConfig;
  readonly state: EvolutionState;
  private readonly executor: Executor;
  /** The executor was made here (not passed in): close it when the evolution and its retraining end. */
  private readonly ownsExecutor: boolean;
  private readonly running = new Set<TrialExecution>();
  private retrain: ExperimentRun | undefined;
  private stopping = false;
  private readonly t0 = Date.now();
  /** Seconds the generations replayed on resume had taken (generation times continue from there). */
  private timeBefore = 0;
  private evolutionSummary: RunSummary;
  /** The host writes the candidates' records (candidates/metrics.jsonl), as ExperimentRun does the run's. */
  private candidateMetrics: JsonLinesFile | undefined;

  constructor(private readonly req: EvolutionRequest, private readonly listener: EvolutionListener = {}) {
    if (!req.config.evolve) throw new Error(`config '${req.config.name}' has no 'evolve' section`);
    this.evolve = req.config.evolve;
    taylorgloArm(req.config, this.evolve, 'check', this.evolve.mean);
    this.ownsExecutor = !req.executor;
    this.executor = req.executor ?? new LocalExecutor({ trainerPath: req.trainerPath, slots: req.maxParallel, killAfterMs: req.killAfterMs });
    this.state = {
      arm: this.evolve.arm, nClasses: req.nClasses, fitness: this.evolve.fitness, generations: this.evolve.generations, completedGenerations: 0,
      status: 'running', totalEvaluated: 0, totalPruned: 0,
    };
    this.evolutionSummary = this.makeSummary();
  }

  get pids(): number[] {
    const own = [...this.running].map((p) => p.pid).filter((p): p is number => p !== undefined);
    return [...own, ...(this.retrain?.pids ?? [])];
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  /** A file error that ended the retraining (the disk filled…), if one did. */
  get fileError(): string | undefined {
    return this.retrain?.fileError;
  }

  /** The retraining's summary once it runs, before that the evolution's. */
  get summary(): RunSummary {
    return this.retrain?.summary ?? this.evolutionSummary;
  }

  async start(): Promise<RunSummary> {
    const { req } = this;
    const claim = req.claim ?? claimRunFolder(req.runDir, req.resume ? { kind: 'resume' } : { kind: 'new', force: req.force }, req.writer ?? 'loss-lab');
    try {
      return await this.evolveAndRetrain({ ...req, claim });
    } finally {
      if (this.ownsExecutor) await this.executor.close();
      if (!req.claim) claim.release();
    }
  }

  private async evolveAndRetrain(req: EvolutionRequest): Promise<RunSummary> {
    const { runDir, config } = req;
    if (req.resume) {
      const before = readRunSummary(runDir, true);
      if (!before) throw new Error(`nothing to resume in ${runDir}: it has no summary.json`);
      this.evolutionSummary.startedAt = before.startedAt;
      this.evolutionSummary.resumedAt = new Date().toISOString();
      // Retraining jobs that completed before stay in summary.json, where the retraining's resume finds them.
      this.evolutionSummary.arms = before.arms;
    } else writeResolvedConfig(runDir, config);
    mkdirSync(join(runDir, EVOLUTION_FILES.candidates), { recursive: true });
    const summary = this.evolutionSummary;
    writeSummary(runDir, summary);
    writeEvolutionState(runDir, this.state);
    try {
      await this.evolveAll();
    } catch (e) {
      this.finishState('failed', (e as Error).message);
      this.evolutionSummary = { ...summary, status: 'failed', finishedAt: new Date().toISOString() };
      writeSummary(runDir, this.evolutionSummary);
      throw e;
    }
    if (this.stopping) {
      this.finishState('stopped', `stopped by request after ${this.state.completedGenerations} of ${this.evolve.generations} generations`);
    } else this.finishState('completed');
    if (this.stopping || !this.evolve.retrain || !this.state.bestParams) {
      this.evolutionSummary = { ...summary, status: this.stopping ? 'stopped' : 'completed', finishedAt: new Date().toISOString() };
      writeSummary(runDir, this.evolutionSummary);
      return this.evolutionSummary;
    }
    return this.retrainBest(req, this.state.bestParams);
  }

  stop(reason?: string): void {
    this.stopping = true;
    for (const p of this.running) p.stop();
    this.retrain?.stop(reason);
  }

  kill(): void {
    this.stopping = true;
    for (const p of this.running) p.kill();
    this.retrain?.kill();
  }

  private makeSummary(): RunSummary {
    const { config } = this.req;
    return {
      name: config.name, configPath: this.req.configPath, startedAt: new Date(this.t0).toISOString(), status: 'running',
      backend: this.req.backend ?? config.backend, seed: config.seed, repeats: config.repeats,
      versions: { node: process.versions.node, ...this.req.versions }, kind: 'evolution', arms: [],
    };
  }

  private finishState(status: EvolutionState['status'], reason?: string): void {
    this.state.status = status;
    this.state.reason = reason;
    writeEvolutionState(this.req.runDir, this.state);
  }

  private async evolveAll(): Promise<void> {
    const evolve = this.evolve;
    const cma = new CmaEs({ mean: evolve.mean, sigma: evolve.sigma, populationSize: evolve.population, seed: this.req.config.seed });
    const replayed = this.req.resume ? this.replay(cma) : 0;
    this.candidateMetrics = new JsonLinesFile(join(this.req.runDir, EVOLUTION_FILES.candidates, RUN_FILES.metrics));
    try {
      await this.generations(cma, replayed);
    } finally {
      this.candidateMetrics.close();
    }
  }

  private async generations(cma: CmaEs, replayed: number): Promise<void> {
    const { nClasses } = this.req;
    const evolve = this.evolve;
    for (let g = replayed + 1; g <= evolve.generations && !this.stopping; g++) {
      const candidates = cma.ask();
      const pruned = candidates.map((p) => isPruned(p, nClasses));
      const toTrain = candidates.map((_, i) => i).filter((i) => !pruned[i]);
      this.listener.onGenerationStarted?.(g, toTrain.length, candidates.length - toTrain.length);
      const results = await this.train(g, toTrain.map((i) => ({ name: candidateName(g, i), params: candidates[i] })));
      if (this.stopping) return;
      const fitness = candidates.map((_, i) => (pruned[i] ? undefined : fitnessOf(results.get(candidateName(g, i))!, evolve)));
      cma.tell(candidates, fitness.map((f) => toMinimised(f, evolve.fitness.mode)));
      this.recordGeneration(g, candidates, pruned, fitness, cma);
    }
  }

  /**
   * Brings `cma` and the state to the end of the generations recorded in `evolution.jsonl` (asking and
   * telling them again) and drops the candidates' records of the unfinished generation; returns how
   * many generations were replayed.
   */
  private replay(cma: CmaEs): number {
    const { runDir } = this.req;
    const records = readGenerations(runDir).slice(0, this.evolve.generations);
    const mode = this.evolve.fitness.mode;
    const kept = new Set<string>();
    records.forEach((r, k) => {
      const asked = cma.ask();
      const same = r.generation === k + 1 && r.candidates.length === asked.length && r.candidates.every((c, i) => c.params.length === asked[i].length && c.params.every((v, j) => v === asked[i][j]));
      if (!same) {
        throw new Error(`cannot resume ${runDir}: generation ${r.generation} in ${EVOLUTION_FILES.generations} is not what this config's CMA-ES proposes (were the evolve settings or the seed changed?); run the config again instead`);
      }
      cma.tell(asked, r.candidates.map((c) => toMinimised(c.fitness, mode)));
      asked.forEach((_, i) => kept.add(candidateName(r.generation, i)));
      this.state.totalEvaluated += r.evaluated;
      this.state.totalPruned += r.pruned;
    });
    const last = records.at(-1);
    if (last) {
      this.state.completedGenerations = last.generation;
      this.state.bestFitness = last.bestSoFar;
      this.state.bestParams = last.bestParams && [...last.bestParams];
      this.timeBefore = last.time;
    }
    keepCompletedRecords(join(runDir, EVOLUTION_FILES.candidates), kept, (r) => r.arm);
    writeEvolutionState(runDir, this.state);
    return records.length;
  }

  /** Trains the candidates, one unit of work per executor slot; results by candidate name. */
  private async train(generation: number, cands: { name: string; params: number[] }[]): Promise<Map<string, ArmResult>> {
    const { config, runDir } = this.req;
    const slots = Math.min(this.req.maxParallel, this.executor.slots, cands.length);
    const groups = Array.from({ length: slots }, (_, s) => cands.filter((_, i) => i % slots === s));
    const out = new Map<string, ArmResult>();
    await Promise.all(
      groups.map(async (group) => {
        const arms: LossArmConfig[] = group.map((c) => taylorgloArm(config, this.evolve, c.name, c.params));
        const jobs = group.map((c) => ({ arm: c.name, seed: config.seed }));
        const exec = this.executor.submit(
          { config: candidateConfig(config, this.evolve, arms), jobs, runDir: join(runDir, EVOLUTION_FILES.candidates), backend: this.req.backend, allowUserCode: false },
          { onStderr: (text) => this.listener.onStderr?.(jobs[0], text), onMetrics: (batch) => this.candidateMetrics?.appendText(batch.text) },
        );
        this.running.add(exec);
        const results = await exec.results;
        this.running.delete(exec);
        results.forEach((r) => out.set(r.arm, r));
      }),
    );
    for (const c of cands) if (!out.has(c.name)) out.set(c.name, unreportedResult({ arm: c.name, seed: config.seed }, 'crashed', `generation ${generation}: no result`));
    return out;
  }

  private recordGeneration(g: number, candidates: number[][], pruned: boolean[], fitness: (number | undefined)[], cma: CmaEs): void {
    const mode = this.evolve.fitness.mode;
    const trained = fitness.filter((f): f is number => f !== undefined);
    let best: number | undefined;
    fitness.forEach((f, i) => {
      if (f === undefined) return;
      if (best === undefined || isBetter(f, best, mode)) best = f;
      if (isBetter(f, this.state.bestFitness, mode)) {
        this.state.bestFitness = f;
        this.state.bestParams = [...candidates[i]];
      }
    });
    const prunedCount = pruned.filter(Boolean).length;
    const record: GenerationRecord = {
      generation: g,
      evaluated: candidates.length - prunedCount,
      pruned: prunedCount,
      failed: candidates.length - prunedCount - trained.length,
      best,
      median: median(trained),
      bestSoFar: this.state.bestFitness,
      bestParams: this.state.bestParams,
      sigma: cma.sigma,
      mean: [...cma.mean],
      time: this.timeBefore + (Date.now() - this.t0) / 1000,
      candidates: candidates.map((params, i) => ({ params: [...params], fitness: fitness[i], outcome: pruned[i] ? 'pruned' : fitness[i] === undefined ? 'failed' : 'trained' })),
    };
    this.state.completedGenerations = g;
    this.state.totalEvaluated += record.evaluated;
    this.state.totalPruned += record.pruned;
    appendGeneration(this.req.runDir, record);
    writeEvolutionState(this.req.runDir, this.state);
    this.listener.onGeneration?.(record, this.state);
  }

  private async retrainBest(req: EvolutionRequest, best: number[]): Promise<RunSummary> {
    const { config } = req;
    const evolved = taylorgloArm(config, this.evolve, evolvedArmName(config, this.evolve), best);
    // On resume, retraining jobs that completed before are kept (the best vector cannot have changed: retraining starts only after the last generation).
    // The same executor: the evolution's warm trainers train the comparison too.
    this.retrain = new ExperimentRun({ ...req, executor: this.executor, config: retrainConfig(config, this.evolve, evolved), folderPrepared: true }, this.listener);
    this.listener.onRetrainStarted?.(this.retrain);
    const summary = await this.retrain.start();
    return summary;
  }
}
