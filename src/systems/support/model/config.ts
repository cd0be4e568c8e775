import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatZodIssue } from '../../../platform/http/zod-issue.ts';
import { packagePath } from '../../../platform/package-root.ts';

const memberSchema = z.object({
  naiveBayes: z.boolean(),
  nbAlpha: z.number().positive(),
  epochs: z.number().int().min(1).max(50),
  alpha: z.number().positive(),
  beta: z.number().nonnegative(),
  l1: z.number().nonnegative(),
  l2: z.number().nonnegative(),
});

export const supportConfigSchema = z.object({
  model: z.object({
    features: z.object({
      hashBits: z.number().int().min(10).max(24),
      wordNgrams: z.tuple([z.number().int().min(1), z.number().int().max(2)]),
      charNgrams: z.tuple([z.number().int().min(1), z.number().int().max(8)]),
      wordWeight: z.number().nonnegative(),
      charWeight: z.number().nonnegative(),
      sublinearTf: z.boolean(),
      seed: z.number().int(),
    }),
    minDf: z.number().int().min(1),
    members: z.array(memberSchema).min(1),
  }),
  /** How the "needs support" threshold is chosen on dev. */
  threshold: z.discriminatedUnion('rule', [
    z.object({ rule: z.literal('max_f1') }),
    z.object({ rule: z.literal('recall_at_precision'), minPrecision: z.number().gt(0).lt(1) }),
  ]),
  calibration: z.enum(['auto', 'platt', 'isotonic', 'none']),
  /** Counterfactual copies per training comment that mentions an identity term (0 = off). */
  identitySwapCopies: z.number().int().min(0).max(10).default(0),
  language: z.object({ minConfidence: z.number().min(0).max(1) }),
  seed: z.number().int(),
});

export type SupportConfig = z.infer<typeof supportConfigSchema>;

export const DEFAULT_CONFIG_PATH = packagePath('config', 'support.json');

/** Reads and validates the support config; a bad field is named with its path. */
export function loadSupportConfig(path = DEFAULT_CONFIG_PATH): SupportConfig {
  const parsed = supportConfigSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${path}: ${formatZodIssue(issue)}`);
  }
  return parsed.data;
}
