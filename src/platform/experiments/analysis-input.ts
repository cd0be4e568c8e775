import { z } from 'zod';
import { formatZodIssue } from '../http/zod-issue.ts';
import type { ExperimentInput } from '../../ml/stats/experiment.ts';

const count = z.number().int().nonnegative();
const split = z.array(z.number().positive()).optional();
const proportionArm = z
  .object({ name: z.string().min(1), users: count.min(1), conversions: count })
  .refine((arm) => arm.conversions <= arm.users, {
    message: 'conversions exceed users',
    path: ['conversions'],
  });
const meanArm = z.object({
  name: z.string().min(1),
  n: count.min(2),
  mean: z.number(),
  var: z.number().nonnegative(),
});
const schema = z.discriminatedUnion('metric', [
  z.object({ metric: z.literal('proportion'), arms: z.array(proportionArm).min(2), expected_split: split }),
  z.object({ metric: z.literal('mean'), arms: z.array(meanArm).min(2), expected_split: split }),
]);

export class ExperimentInputError extends Error {}

/**
 * Parses the JSON that `mlsd experiment analyze` reads; errors name the field,
 * e.g. `arms[1].conversions: conversions exceed users`.
 */
export function parseExperimentInput(text: string): ExperimentInput {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ExperimentInputError(`input is not JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => formatZodIssue(issue, '(input)'));
    throw new ExperimentInputError(issues.join('; '));
  }
  const input = parsed.data;
  if (input.expected_split && input.expected_split.length !== input.arms.length)
    throw new ExperimentInputError(
      `expected_split: has ${input.expected_split.length} entries for ${input.arms.length} arms`,
    );
  return input;
}
