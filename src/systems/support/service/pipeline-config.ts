import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { SupportModel } from '../model/support-model.ts';

/** The pilot: which decision policy each arm runs (A = v0 all-sad, B = the model). */
export interface PilotExperiment {
  definition: ExperimentDefinition;
  policies: Record<string, 'model' | 'all_sad'>;
}

export interface PipelineConfig {
  batchSize: number;
  batchWaitMs: number;
  leaseMs: number;
  cooldownMs: number;
  dispatchConcurrency: number;
  webhookUrl?: string;
  webhookTimeoutMs: number;
  /** Queue-level delivery attempts (each runs the in-process retry policy) before dead-lettering. */
  maxDispatchAttempts: number;
  pollMs: number;
  /** When set, users are split between the arms' decision policies and exposures are logged. */
  experiment?: PilotExperiment;
}

export const DEFAULT_PIPELINE_CONFIG: PipelineConfig = {
  batchSize: 64,
  batchWaitMs: 5,
  leaseMs: 30_000,
  cooldownMs: 24 * 3600_000,
  dispatchConcurrency: 16,
  webhookTimeoutMs: 5_000,
  maxDispatchAttempts: 5,
  pollMs: 50,
};

/** Where the model comes from; it may fail, and then the v0 policy decides (flagged). */
export type ModelSource = () => { model: SupportModel; version: string };
