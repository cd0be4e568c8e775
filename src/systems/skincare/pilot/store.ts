// The pilot's rows read from the service's store: the funnel, the recommendations with their arm,
// the scores and the partner imports, plus the arm every user is assigned to (the experiment's
// stable hash), so users who never got a routine still count in their arm's funnel.
import { assignArm, type ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import type { SkincareDb } from '../service/tables.ts';
import { pilotMetrics, type PilotMetrics, type PilotOptions, type PilotRows } from './metrics.ts';

/** Every row the pilot metrics read, up to `until` (epoch ms, exclusive) when given. */
export async function readPilotRows(db: SkincareDb, until?: number): Promise<PilotRows> {
  const before = <T extends { at: number }>(rows: T[]) =>
    until === undefined ? rows : rows.filter((r) => Number(r.at) < until);
  const funnel = await db
    .selectFrom('skincare_funnel_events')
    .select(['user_id', 'step', 'at', 'detail'])
    .orderBy('at')
    .execute();
  const recommendations = await db
    .selectFrom('skincare_recommendations')
    .select(['recommendation_id', 'user_id', 'arm', 'at', 'red_flag'])
    .orderBy('at')
    .execute();
  const feedback = await db
    .selectFrom('skincare_feedback')
    .select(['recommendation_id', 'user_id', 'score', 'at'])
    .orderBy('at')
    .execute();
  const imports = await db
    .selectFrom('skincare_catalog_imports')
    .select(['brand', 'accepted', 'at'])
    .execute();
  return {
    funnel: before(funnel.map((r) => ({ ...r, at: Number(r.at) }))),
    recommendations: before(
      recommendations.map((r) => ({
        recommendation_id: r.recommendation_id,
        user_id: r.user_id,
        arm: r.arm,
        at: Number(r.at),
        red_flag: r.red_flag !== null,
      })),
    ),
    feedback: before(feedback.map((r) => ({ ...r, score: Number(r.score), at: Number(r.at) }))),
    imports: before(imports.map((r) => ({ brand: r.brand, accepted: Number(r.accepted), at: Number(r.at) }))),
  };
}

export interface StorePilotOptions extends Omit<PilotOptions, 'armOf' | 'arms' | 'weights'> {
  /** The pilot's experiment (service config): gives the arm of users who got no routine yet. */
  experiment?: ExperimentDefinition;
}

/**
 * The pilot metrics straight from the store: {@link readPilotRows}, then pilotMetrics (metrics.ts)
 * with the experiment's arms, shares and assignment. It reads a migrated store, so the usage is
 * shown, not run: `const metrics = await pilotMetricsFromStore(db, { end: Date.now(), experiment })`;
 * `metrics.criteria` then holds the three success criteria with their status.
 */
export async function pilotMetricsFromStore(
  db: SkincareDb,
  options: StorePilotOptions,
): Promise<PilotMetrics> {
  const { experiment, ...rest } = options;
  const rows = await readPilotRows(db, options.end);
  return pilotMetrics(rows, {
    ...rest,
    arms: experiment?.arms.map((a) => a.name) ?? ['A', 'B'],
    weights: experiment?.arms.map((a) => a.weight),
    armOf: experiment ? (user) => assignArm(experiment, user) : undefined,
  });
}
