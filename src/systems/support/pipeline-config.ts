import type { SupportModel } from './model.ts';

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
