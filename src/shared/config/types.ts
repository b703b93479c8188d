/**
 * The experiment config as the trainer sees it after parsing, validation and default filling
 * (`resolveConfig`). The JSON Schema in `schemas/losslab.schema.json` is the source of truth for
 * what a user may write; these types describe the resolved shape.
 */
import type { EvolveConfig } from '../evolve/types';

export type BackendName = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

export type Task = 'classification' | 'regression';

/** Fractions of the rows; test = 1 − train − val. */
export interface FractionSplitConfig {
  train: number;
  /** 0 = no validation split: evaluations (still named `val/*`) run on the training split. */
  val: number;
  /** false = cut the rows in file order instead of a seeded shuffle (unset = true). */
  shuffle?: boolean;
}

/** A published split: a JSON file of train/val/test row indices. */
export interface IndexSplitConfig {
  /** Absolute path after resolution (relative to the config file's folder when written). */
  indices: string;
}

export type SplitConfig = FractionSplitConfig | IndexSplitConfig;

/** A built-in synthetic or shipped dataset: `dataset` names it, the other keys are its parameters. */
export interface BuiltinDataConfig {
  dataset: string;
  /** Dataset parameters (points, noise, classes, …), already defaulted. */
  [param: string]: unknown;
}

export interface CsvDataConfig {
  dataset: 'csv';
  /** Absolute path after resolution (relative to the config file's folder when written). */
  path: string;
  target: string;
  /** Feature columns; all other columns when omitted. */
  features?: string[];
  /** Inferred from the target column when omitted. */
  task?: Task;
  /** Drop rows with missing, non-numeric or ragged cells (and report how many) instead of failing. Resolved configs always set it (default false). */
  dropInvalidRows?: boolean;
}

export type DataConfig = (BuiltinDataConfig | CsvDataConfig) & {
  split: SplitConfig;
  standardize: boolean;
  /** Every input feature is divided by this before the split's standardisation; unset = 1. */
  scale?: number;
  /** Set by the runner, not in configs: the seed of data generation and the split when it differs from the top-level seed (an evolution retrained on its own seeds). */
  seed?: number;
};

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'softplus' | 'elu' | 'gelu' | 'leakyRelu';

/** Weight schemes by name (`xavier*` = `glorot*`, `kaiming*` = `he*`), or a normal truncated at ±2σ. */
export type WeightInit =
  | 'auto' | 'pytorch' | 'glorotUniform' | 'glorotNormal' | 'heUniform' | 'heNormal' | 'lecunUniform' | 'lecunNormal'
  | 'xavierUniform' | 'xavierNormal' | 'kaimingUniform' | 'kaimingNormal'
  | { type: 'truncatedNormal'; std: number };

/** 'pytorch' = U(±1/√fan_in) of the layer's weight. */
export type BiasInit = 'zero' | 'pytorch' | { type: 'normal'; std: number };

/** Separate weight and bias schemes; resolved configs fill both (weights 'auto', bias 'zero'). */
export interface InitConfig {
  weights: WeightInit;
  bias: BiasInit;
}

/** 'auto' = He normal for relu-like activations, Glorot uniform otherwise; biases 0 for the names. */
export type ModelInit = 'auto' | 'he' | 'glorot' | InitConfig;

export interface MlpConfig {
  type: 'mlp';
  hidden: number[];
  activation: Activation;
  init: ModelInit;
}

export interface CnnConfig {
  type: 'cnn';
  /** Output channels of each conv layer (3×3, 'same' padding), each followed by the activation and a 2×2 max-pool. */
  channels: number[];
  kernelSize: number;
  /** Dense hidden layers after flattening. */
  dense: number[];
  activation: Activation;
  init: ModelInit;
}

export type ModelConfig = MlpConfig | CnnConfig;

export type OptimizerConfig =
  | { type: 'sgd'; lr: number; weightDecay: number }
  | { type: 'momentum'; lr: number; momentum: number; nesterov: boolean; weightDecay: number }
  | { type: 'adam'; lr: number; beta1: number; beta2: number; epsilon: number; weightDecay: number }
  | { type: 'adamw'; lr: number; beta1: number; beta2: number; epsilon: number; weightDecay: number }
  | { type: 'rmsprop'; lr: number; decay: number; momentum: number; epsilon: number; weightDecay: number };

export type ScheduleConfig =
  | { type: 'constant'; warmupSteps: number }
  | { type: 'step'; stepSize: number; gamma: number; warmupSteps: number }
  | { type: 'cosine'; minLr: number; warmupSteps: number }
  | { type: 'linear'; endLr: number; warmupSteps: number };

export interface EarlyStoppingConfig {
  /** A validation metric name, e.g. 'val/loss' or 'val/accuracy'. */
  metric: string;
  mode: 'min' | 'max';
  /** Number of evaluations without improvement before the arm stops. */
  patience: number;
  minDelta: number;
}

export interface TrainConfig {
  /** Exactly one of epochs / steps is set after resolution (20 epochs when the config sets neither); the trainer derives the other. */
  epochs?: number;
  steps?: number;
  /** Number of rows per batch, or 'full' for full-batch gradient descent. */
  batchSize: number | 'full';
  /** Drop the last, short batch of each epoch (unset = false). */
  dropLast?: boolean;
  optimizer: OptimizerConfig;
  schedule: ScheduleConfig;
  /** Evaluate on the validation split every this many steps (and at the end); unset = once per epoch. */
  evalEvery?: number;
  /** Seconds without progress before a job's trainer is ended (default 120; evaluations get 5×, probes and set-up 20×). */
  stepTimeout?: number;
  earlyStopping?: EarlyStoppingConfig;
}

/** Input-gradient norms of the model on a fixed batch of validation inputs. */
export interface SmoothnessConfig {
  /** Probe every this many steps (and at the start and the end); unset = at every evaluation. */
  every?: number;
  /** Validation rows in the fixed probe batch (default 256; fewer when the split is smaller). */
  probeSize?: number;
  /** The split the probe rows come from (default val; train when there is no validation split). */
  split?: ProbeSplit;
  /** Also mean |∂f/∂x_j| per feature (`smoothness/<feature>`): true = every feature, or names / column indices. */
  perFeature?: boolean | (string | number)[];
}

export type ProbeSplit = 'train' | 'val' | 'test';

/** Top Hessian eigenvalue of the training loss by power iteration on Hessian-vector products. */
export interface SharpnessConfig {
  /** Probe every this many steps (and at the start and the end); unset = at every evaluation. */
  every?: number;
  /** Most power iterations per probe (default 20). */
  iterations?: number;
  /** Stop early when the eigenvalue estimate changes by less than this, relatively (default 1e-3). */
  tolerance?: number;
  /** Training rows in the fixed batch (default 256; the whole split when smaller). */
  batchSize?: number;
  /** The split the batch comes from (default train). */
  split?: ProbeSplit;
}

/** End-of-run task metric with Gaussian noise added to the inputs of the test split (val if none). */
export interface NoiseRobustnessConfig {
  /** Noise standard deviations, in the units the model sees (default [0.1, 0.5, 1]). */
  sigmas?: number[];
  /** Feature names or column indices that get noise; all when unset. */
  features?: (string | number)[];
  /** Noise draws averaged per σ (default 5). */
  repeats?: number;
  /** The split the noise is added to (default test; val when there is no test split). */
  split?: ProbeSplit;
  /** Recorded per σ besides the task metric: the arm's loss, and RMSE (regression). */
  alsoReport?: ('loss' | 'rmse')[];
}

export interface MetricsConfig {
  /** Record train loss (and gradient norms) every this many steps. */
  trainEvery: number;
  gradNorm: 'off' | 'global' | 'perLayer';
  /** Also evaluate the whole training split at each evaluation, as `train/*` values in eval records. */
  trainEval?: boolean;
  /** Splits evaluated at each evaluation: val always; 'test' adds `test/*` values to eval records. */
  evalSplits?: ('val' | 'test')[];
  /** `true` or unset = on with defaults, `false` = off. */
  smoothness?: boolean | SmoothnessConfig;
  /** `true` = on with defaults; unset or `false` = off. */
  sharpness?: boolean | SharpnessConfig;
  /** `true` = on with defaults; unset or `false` = off. */
  noiseRobustness?: boolean | NoiseRobustnessConfig;
}

/** One arm: a display name, a loss type from the registry, and that loss's parameters. */
export interface LossArmConfig {
  name: string;
  type: string;
  [param: string]: unknown;
}

/** Paired verdicts between arms (see `src/shared/comparisons`); defaults fill in where it is read. */
export interface CompareConfig {
  /** Default: the first arm. */
  baseline?: string;
  /** Compared besides the main metric. */
  metrics?: string[];
  confidence?: number;
  correction?: 'holm' | 'none';
  /** Default: half the observed |mean difference|. */
  minEffect?: number;
}

/** Where jobs train (see `src/shared/runner/executor.ts`); local when the config has no `executor` section. */
export interface ExecutorConfig {
  type: 'local' | 'slurm';
  partition?: string;
  /** Time limit per job, in sbatch's format. */
  time?: string;
  cpusPerTask?: number;
  /** Memory per job, in sbatch's format (e.g. '2G'). */
  memory?: string;
  /** Most jobs running at once: local trainer processes, or a job array's `%N`. */
  maxConcurrent?: number;
  sbatchArgs?: string[];
  /** Shell lines run on the node before the trainer. */
  setup?: string;
}

/** How one swept parameter of the `sweep` section takes its values, as written in the config (after defaults). */
export type SweepValues =
  | { values: number[] }
  | { grid: { from: number; to: number; count: number } }
  | { logGrid: { from: number; to: number; count: number } }
  | { random: { from: number; to: number; log: boolean } };

export interface SweepConfig {
  /**
   * Swept fields → values. A key starting with `train.`, `model.` or `data.` addresses the config
   * (e.g. `train.optimizer.lr`) and applies to every swept arm; any other key is a field of the arm
   * (e.g. `lambda`, dotted for nested fields) and applies to the arms that have it.
   */
  parameters: Record<string, SweepValues>;
  /** Arms to sweep (by name); default: every arm that has at least one of the parameters. Other arms run once as baselines. */
  arms?: string[];
  /** Draws of the `random` parameters (crossed with the grid ones); required when any parameter is random. */
  samples?: number;
  /** The metric trials are ranked by (a final metric, e.g. `val/ce`), and its direction. */
  objective: { metric: string; mode: 'min' | 'max' };
  /** Default axes of the Pareto view: two final metrics [x, y], both minimised unless they are accuracy/R². */
  pareto?: [string, string];
}

export interface ExperimentConfig {
  name: string;
  seed: number;
  repeats: number;
  backend: BackendName;
  data: DataConfig;
  model: ModelConfig;
  train: TrainConfig;
  metrics: MetricsConfig;
  losses: LossArmConfig[];
  /** Expands arms into trials over parameter values (see `src/shared/sweep`). */
  sweep?: SweepConfig;
  /** CMA-ES over a TaylorGLO arm's parameters (see `src/shared/evolve`). */
  evolve?: EvolveConfig;
  compare?: CompareConfig;
  executor?: ExecutorConfig;
  /** Weights saved in the run folder (absent in configs resolved before it existed: final weights only). */
  checkpoints?: CheckpointsConfig;
}

export interface CheckpointsConfig {
  /** Each arm and seed's weights when training ends, and the initial weights once per seed (default true). */
  final: boolean;
  /** Also every N steps. */
  every?: number;
  /** Only the last K step checkpoints of each arm and seed. */
  keep?: number;
}
