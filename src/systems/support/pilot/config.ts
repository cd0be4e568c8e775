import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { validateExperiment } from '../../../platform/experiments/assignment.ts';
import type { PilotExperiment } from '../service/pipeline-config.ts';
import { packagePath } from '../../../platform/package-root.ts';

const probability = z.number().min(0).max(1);
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
    }),
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
    throw new Error(`${path}: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  validateExperiment(parsed.data.experiment);
  return parsed.data;
}

export const pilotExperiment = (config: PilotConfig): PilotExperiment => ({
  definition: config.experiment,
  policies: config.policies,
});
