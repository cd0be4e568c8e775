import type { Kysely } from 'kysely';
import { analyzeExperiment, type ExperimentAnalysis } from '../../../ml/stats/experiment.ts';
import { holmAdjust } from '../../../ml/stats/multiple.ts';
import { nearestRank } from '../../../ml/stats/quantile.ts';
import { ruleOfThumbSampleSize, sampleSizeTwoProportions } from '../../../ml/stats/power.ts';
import { alwaysValidPValues, proportionLook } from '../../../ml/stats/sequential.ts';
import { twoProportionZTest } from '../../../ml/stats/proportions.ts';
import { armCounts, perUnitCounts, type ArmCounts } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from '../service/tables.ts';
import type { PilotConfig } from './config.ts';

const DAY_MS = 86_400_000;

export interface LatencySummary {
  n: number;
  p50_ms: number;
  p99_ms: number;
}
export interface SequentialPoint {
  day: number;
  messages: Record<string, number>;
  helpful: Record<string, number>;
  p_value_naive: number;
  p_value_always_valid: number;
}
export interface Check {
  name: string;
  pass: boolean;
  detail: string;
}
export interface PilotAnalysis {
  experiment: string;
  arms: {
    name: string;
    policy: string;
    users: number;
    messages: number;
    helpful: number;
    not_needed: number;
    unsubscribed: number;
  }[];
  srm_p_value: number;
  primary: ExperimentAnalysis;
  unsubscribe_rate: ExperimentAnalysis;
  messages_per_user: ExperimentAnalysis;
  /** Holm-adjusted p-values of the primary metric and the two guardrails, in that order. */
  holm: { primary: number; unsubscribe_rate: number; messages_per_user: number };
  latency: Record<string, LatencySummary>;
  sequential: SequentialPoint[];
  power: { control_rate: number; delta: number; exact_n_per_arm: number; rule_of_thumb_n_per_arm: number };
  verdict: { success: boolean; checks: Check[] };
}

const events = (arm: ArmCounts, name: string) => arm.events[name]?.count ?? 0;
const eventUnits = (arm: ArmCounts, name: string) => arm.events[name]?.units ?? 0;

/** Analyses the pilot from the store's exposure and outcome logs against the doc's success criteria. */
export async function analyzePilot(
  db: Kysely<SupportSchema>,
  config: PilotConfig,
  day0: number,
  days: number,
): Promise<PilotAnalysis> {
  const key = config.experiment.key;
  const counts = await armCounts(db as never, key);
  const armOrder = config.experiment.arms.map((a) => a.name);
  const byName = new Map(counts.map((c) => [c.arm, c]));
  const arms = armOrder.map((name) => byName.get(name) ?? { arm: name, units: 0, events: {} });
  if (arms.some((a) => a.units === 0)) throw new Error(`experiment ${key}: an arm has no exposed users yet`);
  const expected = config.experiment.arms.map((a) => a.weight);

  const primary = analyzeExperiment({
    metric: 'proportion',
    arms: arms.map((a) => ({ name: a.arm, users: events(a, 'message'), conversions: events(a, 'helpful') })),
    expected_split: expected,
  });
  const unsubscribe = analyzeExperiment({
    metric: 'proportion',
    arms: arms.map((a) => ({ name: a.arm, users: a.units, conversions: eventUnits(a, 'unsubscribe') })),
    expected_split: expected,
  });
  const perUser = await perUnitCounts(db as never, key, 'message');
  const messagesPerUser = analyzeExperiment({
    metric: 'mean',
    arms: armOrder.map((name) => ({ name, ...moments(perUser.get(name) ?? []) })),
    expected_split: expected,
  });
  const [hPrimary, hUnsub, hMessages] = holmAdjust([
    primary.arms[1]!.p_value!,
    unsubscribe.arms[1]!.p_value!,
    messagesPerUser.arms[1]!.p_value!,
  ]);

  const latency = await latencyByArm(db);
  const sequential: SequentialPoint[] = [];
  for (let day = 1; day <= days; day++) {
    const snapshot = new Map((await armCounts(db as never, key, day0 + day * DAY_MS)).map((c) => [c.arm, c]));
    const [a, b] = armOrder.map((name) => snapshot.get(name));
    if (!a || !b || events(a, 'message') === 0 || events(b, 'message') === 0) continue;
    const look = [
      events(a, 'helpful'),
      events(a, 'message'),
      events(b, 'helpful'),
      events(b, 'message'),
    ] as const;
    sequential.push({
      day,
      messages: { [a.arm]: look[1], [b.arm]: look[3] },
      helpful: { [a.arm]: look[0], [b.arm]: look[2] },
      p_value_naive: twoProportionZTest(...look).pValue,
      p_value_always_valid: NaN,
    });
  }
  const alwaysValid = alwaysValidPValues(
    sequential.map((s) =>
      proportionLook(
        s.helpful[armOrder[0]!]!,
        s.messages[armOrder[0]!]!,
        s.helpful[armOrder[1]!]!,
        s.messages[armOrder[1]!]!,
      ),
    ),
    config.success.mixtureVariance,
  );
  sequential.forEach((s, i) => (s.p_value_always_valid = alwaysValid[i]!));

  const controlRate = primary.arms[0]!.rate!;
  const delta = 0.05;
  const power = {
    control_rate: controlRate,
    delta,
    exact_n_per_arm: sampleSizeTwoProportions(controlRate, Math.min(0.999, controlRate + delta)),
    rule_of_thumb_n_per_arm: ruleOfThumbSampleSize(controlRate * (1 - controlRate), delta),
  };

  const alpha = config.success.alpha;
  const treatment = primary.arms[1]!;
  const maxP99 = Math.max(...Object.values(latency).map((l) => l.p99_ms));
  const checks: Check[] = [
    {
      name: 'answer within the SLA',
      pass: maxP99 < config.success.maxP99LatencySeconds * 1000,
      detail: `P99 accepted → message delivered ${maxP99.toFixed(0)} ms in the slower arm (limit ${config.success.maxP99LatencySeconds} s)`,
    },
    {
      name: 'model above the baseline (primary metric)',
      pass: treatment.rate! > primary.arms[0]!.rate! && hPrimary! < alpha,
      detail: `helpful share ${pct(treatment.rate!)} vs ${pct(primary.arms[0]!.rate!)}, Holm-adjusted p = ${hPrimary!.toPrecision(3)} (α = ${alpha})`,
    },
    {
      name: 'guardrail: unsubscribe rate not worse',
      pass: !(unsubscribe.arms[1]!.rate! > unsubscribe.arms[0]!.rate! && hUnsub! < alpha),
      detail: `${pct(unsubscribe.arms[1]!.rate!)} vs ${pct(unsubscribe.arms[0]!.rate!)} of exposed users, Holm-adjusted p = ${hUnsub!.toPrecision(3)}`,
    },
    {
      name: 'assignment healthy (no sample ratio mismatch)',
      pass: unsubscribe.srm_p_value >= 0.001,
      detail: `SRM chi-square p = ${unsubscribe.srm_p_value.toPrecision(3)} on exposed users (alarm below 0.001)`,
    },
  ];
  return {
    experiment: key,
    arms: arms.map((a) => ({
      name: a.arm,
      policy: config.policies[a.arm]!,
      users: a.units,
      messages: events(a, 'message'),
      helpful: events(a, 'helpful'),
      not_needed: events(a, 'not_needed'),
      unsubscribed: eventUnits(a, 'unsubscribe'),
    })),
    srm_p_value: unsubscribe.srm_p_value,
    primary,
    unsubscribe_rate: unsubscribe,
    messages_per_user: messagesPerUser,
    holm: { primary: hPrimary!, unsubscribe_rate: hUnsub!, messages_per_user: hMessages! },
    latency,
    sequential,
    power,
    verdict: { success: checks.every((c) => c.pass), checks },
  };
}

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

function moments(values: number[]): { n: number; mean: number; var: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { n, mean, var: variance };
}

async function latencyByArm(db: Kysely<SupportSchema>): Promise<Record<string, LatencySummary>> {
  const rows = await db
    .selectFrom('support_messages')
    .innerJoin('support_comments', 'support_comments.comment_id', 'support_messages.comment_id')
    .select([
      'support_comments.experiment_arm as arm',
      'support_comments.received_at as received',
      'support_messages.sent_at as sent',
    ])
    .where('support_messages.status', '=', 'sent')
    .where('support_comments.experiment_arm', 'is not', null)
    .execute();
  const byArm = new Map<string, number[]>();
  for (const row of rows) {
    const list = byArm.get(row.arm!) ?? [];
    list.push(row.sent! - row.received);
    byArm.set(row.arm!, list);
  }
  return Object.fromEntries(
    [...byArm].map(([arm, values]) => {
      values.sort((a, b) => a - b);

      return [
        arm,
        { n: values.length, p50_ms: nearestRank(values, 0.5)!, p99_ms: nearestRank(values, 0.99)! },
      ];
    }),
  );
}
