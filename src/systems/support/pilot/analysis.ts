import type { Kysely } from 'kysely';
import type { ExperimentAnalysis } from '../../../ml/stats/experiment.ts';
import { nearestRank } from '../../../ml/stats/quantile.ts';
import { analyzeExperimentLog, type Check } from '../../../platform/experiments/analyze.ts';
import type { ArmCounts } from '../../../platform/experiments/log.ts';
import type { SupportSchema } from '../service/tables.ts';
import { pilotAnalysisPlan, type PilotConfig } from './config.ts';

export type { Check } from '../../../platform/experiments/analyze.ts';

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
  /** Holm-adjusted p-values of the primary metric and each guardrail, in that order. */
  holm: { primary: number; unsubscribe_rate: number; messages_per_user: number } & Record<string, number>;
  latency: Record<string, LatencySummary>;
  sequential: SequentialPoint[];
  power: { control_rate: number; delta: number; exact_n_per_arm: number; rule_of_thumb_n_per_arm: number };
  verdict: { success: boolean; checks: Check[] };
  /** Any further guardrail of the config, by its name. */
  [guardrail: string]: unknown;
}

const events = (arm: ArmCounts, name: string) => arm.events[name]?.count ?? 0;
const eventUnits = (arm: ArmCounts, name: string) => arm.events[name]?.units ?? 0;

/**
 * Analyses the pilot from the store's exposure and outcome logs against the doc's success criteria:
 * the platform's log analysis with the config's plan, plus the latency SLA only support measures.
 */
export async function analyzePilot(
  db: Kysely<SupportSchema>,
  config: PilotConfig,
  day0: number,
  days: number,
): Promise<PilotAnalysis> {
  const result = await analyzeExperimentLog(db, {
    experiment: config.experiment,
    plan: pilotAnalysisPlan(config),
    day0,
    days,
  });
  const [primary, ...guardrails] = result.metrics;
  const treatment = config.experiment.arms[1]!.name;
  const latency = await latencyByArm(db);
  const maxP99 = Math.max(...Object.values(latency).map((l) => l.p99_ms));
  const sla: Check = {
    name: 'answer within the SLA',
    pass: maxP99 < config.success.maxP99LatencySeconds * 1000,
    detail: `P99 accepted → message delivered ${maxP99.toFixed(0)} ms in the slower arm (limit ${config.success.maxP99LatencySeconds} s)`,
  };
  const checks = [sla, ...result.verdict.checks];
  return {
    experiment: result.experiment,
    arms: result.arms.map((a) => ({
      name: a.arm,
      policy: config.policies[a.arm]!,
      users: a.units,
      messages: events(a, 'message'),
      helpful: events(a, 'helpful'),
      not_needed: events(a, 'not_needed'),
      unsubscribed: eventUnits(a, 'unsubscribe'),
    })),
    srm_p_value: result.srm_p_value,
    primary: primary!.analysis,
    ...(Object.fromEntries(guardrails.map((g) => [g.name, g.analysis])) as {
      unsubscribe_rate: ExperimentAnalysis;
      messages_per_user: ExperimentAnalysis;
    }),
    holm: Object.fromEntries(
      result.metrics.map((m) => [m.role === 'primary' ? 'primary' : m.name, m.holm[treatment]!]),
    ) as PilotAnalysis['holm'],
    latency,
    sequential: result.sequential.map((point) => ({
      day: point.day,
      messages: point.denominator,
      helpful: point.numerator,
      p_value_naive: point.p_value_naive[treatment]!,
      p_value_always_valid: point.p_value_always_valid[treatment]!,
    })),
    power: {
      control_rate: result.power.control_value,
      delta: result.power.delta,
      exact_n_per_arm: result.power.exact_n_per_arm,
      rule_of_thumb_n_per_arm: result.power.rule_of_thumb_n_per_arm,
    },
    verdict: { success: checks.every((c) => c.pass), checks },
  };
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
