import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatZodIssue } from '../../../platform/http/zod-issue.ts';
import { validateExperiment } from '../../../platform/experiments/assignment.ts';
import {
  analysisPlanFields,
  parseAnalysisPlan,
  type AnalysisPlan,
} from '../../../platform/experiments/plan.ts';
import type { PilotExperiment } from '../service/pipeline-config.ts';
import { packagePath } from '../../../platform/package-root.ts';

const probability = z.number().min(0).max(1);

/**
 * The pilot's metrics as logged by the service (events `message`, `helpful`, `not_needed`,
 * `unsubscribe`). A config without a `metrics` block (the first release's) gets these; the report
 * and the design doc quote `unsubscribe_rate` and `messages_per_user`, so they must stay.
 */
const DEFAULT_METRICS = {
  primary: {
    name: 'helpful_share',
    label: 'helpful share of messages',
    short: 'helpful share',
    type: 'proportion',
    numerator: { event: 'helpful' },
    denominator: { event: 'message' },
    check: 'model above the baseline (primary metric)',
  },
  guardrails: [
    {
      name: 'unsubscribe_rate',
      label: 'unsubscribe rate (users)',
      type: 'proportion',
      numerator: { event: 'unsubscribe', count: 'units' },
      denominator: 'units',
      worseIf: 'increase',
      check: 'guardrail: unsubscribe rate not worse',
    },
    {
      name: 'messages_per_user',
      label: 'messages per user',
      type: 'mean',
      numerator: { event: 'message' },
      denominator: 'units',
    },
  ],
} as const;
const QUOTED_GUARDRAILS = ['unsubscribe_rate', 'messages_per_user'];
const metricsSchema = analysisPlanFields.pick({ primary: true, guardrails: true });
const schema = z
  .object({
    experiment: z.object({
      key: z.string().min(1),
      salt: z.string().min(1),
      arms: z.array(z.object({ name: z.string().min(1), weight: z.number().positive() })).min(2),
    }),
    policies: z.record(z.string(), z.enum(['model', 'all_sad'])),
    success: z.object({
      maxP99LatencySeconds: z.number().positive(),
      alpha: z.number().gt(0).lt(1),
      /** τ² of the mSPRT mixture: the squared effect size we expect (here 5 points). */
      mixtureVariance: z.number().positive(),
      /** δ of the sample-size line: the absolute gain in the helpful share to detect. */
      minimumEffect: z.number().positive().default(0.05),
    }),
    metrics: metricsSchema.default(metricsSchema.parse(DEFAULT_METRICS)),
    /** The simulated users' behaviour (see pilot-simulate.ts). */
    simulation: z.object({
      seed: z.number().int(),
      users: z.number().int().min(1),
      days: z.number().int().min(1).max(365),
      helpfulIfNeeded: probability,
      notNeededIfNeeded: probability,
      notNeededIfNot: probability,
      unsubscribeIfNot: probability,
    }),
  })
  .refine((c) => c.experiment.arms.every((arm) => c.policies[arm.name]), {
    message: 'every arm needs a policy',
    path: ['policies'],
  })
  .refine((c) => QUOTED_GUARDRAILS.every((name) => c.metrics.guardrails.some((g) => g.name === name)), {
    message: `the report quotes the guardrails ${QUOTED_GUARDRAILS.join(' and ')}; keep them`,
    path: ['metrics', 'guardrails'],
  })
  .refine((c) => c.simulation.helpfulIfNeeded + c.simulation.notNeededIfNeeded <= 1, {
    message: 'helpfulIfNeeded + notNeededIfNeeded exceeds 1',
    path: ['simulation'],
  })
  .refine((c) => c.simulation.notNeededIfNot + c.simulation.unsubscribeIfNot <= 1, {
    message: 'notNeededIfNot + unsubscribeIfNot exceeds 1',
    path: ['simulation'],
  });

export type PilotConfig = z.infer<typeof schema>;

export const DEFAULT_PILOT_CONFIG_PATH = packagePath('config', 'support-pilot.json');

/** Reads and validates the pilot config; a bad field is named with its path. */
export function loadPilotConfig(path = DEFAULT_PILOT_CONFIG_PATH): PilotConfig {
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path}: ${formatZodIssue(issue)}`);
  }
  validateExperiment(parsed.data.experiment);
  try {
    pilotAnalysisPlan(parsed.data);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  return parsed.data;
}

/** The platform's analysis plan of the pilot, from its success criteria and metrics. */
export function pilotAnalysisPlan(config: PilotConfig): AnalysisPlan {
  return parseAnalysisPlan(
    {
      alpha: config.success.alpha,
      minimumEffect: config.success.minimumEffect,
      mixtureVariance: config.success.mixtureVariance,
      unitsLabel: 'users',
      ...config.metrics,
    },
    'metrics',
  );
}

export const pilotExperiment = (config: PilotConfig): PilotExperiment => ({
  definition: config.experiment,
  policies: config.policies,
});
