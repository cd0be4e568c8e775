import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The support system's Prometheus metrics (`mlsd_support_…`) on the host's one registry. */
export function createSupportMetrics(registry: Registry) {
  const latencyBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  return {
    registry,
    pipelineLatency: new Histogram({
      name: 'mlsd_support_pipeline_latency_seconds',
      help: 'From accepted (202) to the final state: message delivered, or skipped',
      labelNames: ['outcome'],
      buckets: latencyBuckets,
      registers: [registry],
    }),
    classifyBatch: new Histogram({
      name: 'mlsd_support_classify_batch_size',
      help: 'Comments per classify micro-batch',
      buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'mlsd_support_queue_depth',
      help: 'Jobs waiting or leased',
      labelNames: ['queue'],
      registers: [registry],
    }),
    sends: new Counter({
      name: 'mlsd_support_messages_sent_total',
      help: 'Support messages delivered',
      labelNames: ['destination'],
      registers: [registry],
    }),
    skips: new Counter({
      name: 'mlsd_support_skips_total',
      help: 'Comments that got no message, by reason',
      labelNames: ['reason'],
      registers: [registry],
    }),
    deadLetters: new Counter({
      name: 'mlsd_support_dead_letters_total',
      help: 'Messages given up on',
      labelNames: ['reason'],
      registers: [registry],
    }),
    dispatchAttempts: new Counter({
      name: 'mlsd_support_dispatch_attempts_total',
      help: 'Calls to the replies API',
      labelNames: ['result'],
      registers: [registry],
    }),
    breakerOpenings: new Counter({
      name: 'mlsd_support_circuit_breaker_openings_total',
      help: 'Times the dispatch breaker opened',
      registers: [registry],
    }),
    fallbackDecisions: new Counter({
      name: 'mlsd_support_fallback_decisions_total',
      help: 'Decisions made by the v0 baseline because the model failed',
      registers: [registry],
    }),
    modelVersion: new Gauge({
      name: 'mlsd_support_model_info',
      help: 'The loaded model (value 1)',
      labelNames: ['version'],
      registers: [registry],
    }),
  };
}

export type SupportMetrics = ReturnType<typeof createSupportMetrics>;
