/**
 * Analyses of a finished run's saved weights (computed by a trainer, on any executor): the Hessian's
 * spectrum at an arm's solution, and the loss landscape around and between the arms' solutions. Every
 * evaluation uses the task loss — cross-entropy for classification, mean squared error (standardised
 * target) for regression — so arms trained with different losses are measured alike.
 */

export type AnalysisSplit = 'train' | 'val' | 'test';

export interface HessianRequest {
  kind: 'hessian';
  arm: string;
  split: AnalysisSplit;
  /** How many of the largest eigenvalues. */
  top: number;
  /** Also the eigenvalue density (stochastic Lanczos quadrature). */
  density: boolean;
  /** Rows of the split the loss is taken over (a seeded sample); all rows when absent. */
  batchSize?: number;
  /** Output file, relative to the run folder. */
  output: string;
}

export interface LandscapeRequest {
  kind: 'landscape';
  /** The first arm is the slice's centre; every arm gets a path from the shared initial weights, every pair one between them. */
  arms: string[];
  split: AnalysisSplit;
  /** Points per axis of the slice and along each path. */
  grid: number;
  /** The slice spans ±range along each direction. */
  range: number;
  /** 'random': two filter-normalised random directions (seeded); 'arms': towards the next two arms' solutions. */
  directions: 'random' | 'arms';
  /** 1-D (one direction) or 2-D slice. */
  dims: 1 | 2;
  output: string;
}

export type AnalysisRequest = HessianRequest | LandscapeRequest;

export interface HessianResult {
  kind: 'hessian';
  arm: string;
  seed: number;
  split: AnalysisSplit;
  rows: number;
  parameters: number;
  loss: number;
  top: { values: number[]; residuals: number[]; converged: boolean; products: number };
  trace: { value: number; standardError: number; samples: number; products: number };
  density?: { grid: number[]; density: number[]; sigma: number; runs: { nodes: number[]; weights: number[] }[]; products: number };
  products: number;
  seconds: number;
}

export interface LandscapePath {
  from: string;
  to: string;
  t: number[];
  loss: number[];
  metric: number[];
  barrier: { height: number; at: number };
}

export interface LandscapeResult {
  kind: 'landscape';
  seed: number;
  split: AnalysisSplit;
  /** Accuracy (classification) or R² (regression), beside the loss at every point. */
  metricName: string;
  lossName: string;
  center: string;
  directions: { kind: 'random' | 'arms'; towards?: string[] };
  slice: { x: number[]; y?: number[]; loss: number[][]; metric: number[][] };
  paths: LandscapePath[];
  evaluations: number;
  seconds: number;
}

export type AnalysisResult = HessianResult | LandscapeResult;

/** Where analyses write their results in a run folder. */
export const ANALYSIS_FOLDER = 'landscape';
