// The analysis plan of an experiment, read from its config: which metrics, from which logged events,
// at which α, power and mSPRT mixture variance. Written down before the experiment starts, so the
// analysis cannot be tuned to the result.
import { z } from 'zod';
import { formatZodIssue } from '../http/zod-issue.ts';

const eventName = z.string().min(1);

/**
 * What a metric counts of one event, per arm:
 * `events` the number of events, `units` the number of distinct units with one, `value` the sum of
 * the events' values (revenue, say).
 */
const numerator = z.object({
  event: eventName,
  count: z.enum(['events', 'units', 'value']).default('events'),
});

/** `units`: the exposed units; or a count of another event (a per-message rate, say). */
const denominator = z.union([
  z.literal('units'),
  z.object({ event: eventName, count: z.enum(['events', 'units']).default('events') }),
]);

const direction = z.enum(['increase', 'decrease']);

const metricFields = {
  /** Key of the metric in results (`helpful_share`). */
  name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower_snake_case'),
  /** Row label in reports (`helpful share of messages`). */
  label: z.string().min(1).optional(),
  /** Short name that opens the verdict's detail line (`helpful share`). */
  short: z.string().min(1).optional(),
  /**
   * `proportion`: numerator total out of denominator total, each denominator item a trial (Wilson
   * CI, pooled z-test). `mean`: the numerator per exposed unit, averaged over units (t CI, Welch).
   */
  type: z.enum(['proportion', 'mean']),
  numerator,
  denominator,
  /** Name of the verdict line; a default is built from the label. */
  check: z.string().min(1).optional(),
};

const primary = z.object({ ...metricFields, betterIf: direction.default('increase') });
/** A guardrail without `worseIf` is reported and Holm-corrected but has no pass/fail line. */
const guardrail = z.object({ ...metricFields, worseIf: direction.optional() });

/** The plan's fields without the cross-field checks (for configs that embed parts of it). */
export const analysisPlanFields = z.object({
  alpha: z.number().gt(0).lt(1).default(0.05),
  power: z.number().gt(0).lt(1).default(0.8),
  /** δ: the absolute effect on the primary metric the sample-size line is computed for. */
  minimumEffect: z.number().positive(),
  /** τ² of the mSPRT's normal mixture over the effect: about the squared effect expected. */
  mixtureVariance: z.number().positive(),
  /** The sample-ratio check fails below this p-value. */
  srmAlarm: z.number().gt(0).lt(1).default(0.001),
  /** Plural noun for the experiment's unit in the verdict's wording (`users`). */
  unitsLabel: z.string().min(1).default('units'),
  primary,
  guardrails: z.array(guardrail).default([]),
});

export const analysisPlanSchema = analysisPlanFields.superRefine((plan, ctx) => {
  const metrics = [plan.primary, ...plan.guardrails];
  metrics.forEach((metric, i) => {
    const path = i === 0 ? ['primary'] : ['guardrails', i - 1];
    if (metric.type === 'mean' && metric.denominator !== 'units')
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'denominator'],
        message: `metric ${metric.name}: a mean is taken per exposed unit, so its denominator must be "units"`,
      });
    if (metric.type === 'proportion' && metric.numerator.count === 'value')
      ctx.addIssue({
        code: 'custom',
        path: [...path, 'numerator', 'count'],
        message: `metric ${metric.name}: a proportion counts events or units, not values (use type "mean")`,
      });
  });
  const names = metrics.map((m) => m.name);
  const repeated = names.find((name, i) => names.indexOf(name) !== i);
  if (repeated)
    ctx.addIssue({ code: 'custom', path: ['guardrails'], message: `metric name ${repeated} repeats` });
});

export type AnalysisPlan = z.infer<typeof analysisPlanSchema>;
/** A plan as written in a config file (defaults not yet filled in). */
export type AnalysisPlanInput = z.input<typeof analysisPlanSchema>;
export type MetricDefinition = AnalysisPlan['primary'] | AnalysisPlan['guardrails'][number];

/** The metric's label, falling back to its name. */
export const metricLabel = (metric: MetricDefinition): string =>
  metric.label ?? metric.name.replace(/_/g, ' ');

/** Parses a plan, naming the first bad field: `plan.guardrails[0].denominator: …`. */
export function parseAnalysisPlan(input: unknown, where = 'plan'): AnalysisPlan {
  const parsed = analysisPlanSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new Error(formatZodIssue({ path: [where, ...issue.path], message: issue.message }));
}
