import { murmur3 } from '../../ml/text/murmur3.ts';

export interface ArmDefinition {
  name: string;
  /** Relative share of units; the weights need not sum to 1. */
  weight: number;
}

export interface ExperimentDefinition {
  key: string;
  /** Changing the salt reshuffles everyone; keep it fixed for the life of an experiment. */
  salt: string;
  arms: ArmDefinition[];
}

/**
 * Deterministic assignment: murmur3(salt:unit) mapped to [0, 1) and cut by the cumulative weights,
 * so a unit always lands in the same arm, in any process, with no state to share.
 * @example
 * const pilot = { key: 'pilot', salt: 's1', arms: [{ name: 'A', weight: 1 }, { name: 'B', weight: 1 }] };
 * assignArm(pilot, 'user-42') === assignArm(pilot, 'user-42'); // true
 */
export function assignArm(experiment: ExperimentDefinition, unitId: string): string {
  const bucket = murmur3(`${experiment.salt}:${unitId}`, 0) / 2 ** 32;
  const total = experiment.arms.reduce((sum, arm) => sum + arm.weight, 0);
  let cumulative = 0;
  for (const arm of experiment.arms) {
    cumulative += arm.weight / total;
    if (bucket < cumulative) return arm.name;
  }
  return experiment.arms[experiment.arms.length - 1]!.name;
}

/** Checks a definition once, naming what is wrong. */
export function validateExperiment(experiment: ExperimentDefinition): ExperimentDefinition {
  if (!experiment.key) throw new Error('experiment: key is empty');
  if (experiment.arms.length < 2) throw new Error(`experiment ${experiment.key}: needs at least two arms`);
  const names = new Set(experiment.arms.map((a) => a.name));
  if (names.size !== experiment.arms.length)
    throw new Error(`experiment ${experiment.key}: arm names repeat`);
  for (const arm of experiment.arms)
    if (!(arm.weight > 0))
      throw new Error(`experiment ${experiment.key}: arm ${arm.name} has weight ${arm.weight}`);
  return experiment;
}
