import { ArmTable, type ArmTableOptions } from './arm-table.ts';
import type { ArmId, ArmProbabilities, BanditContext } from './policy.ts';
import { TablePolicy, type TablePolicyState } from './table-policy.ts';

export interface SoftmaxSettings {
  /** τ: the spread of the scores; click rates near 0.005 need τ near 0.001 to differ at all. */
  temperature: number;
}

/**
 * Softmax (Boltzmann) exploration: P(arm) ∝ exp(mean / τ), the mean being the posterior mean at the
 * context's position. Propensities are exact.
 * @example
 * const policy = new Softmax(['a', 'b'], { temperature: 1 });
 * policy.armProbabilities(); // { a: 0.5, b: 0.5 }
 */
export class Softmax extends TablePolicy<SoftmaxSettings> {
  readonly kind = 'softmax' as const;

  constructor(arms: readonly ArmId[] | ArmTable, options: ArmTableOptions & Partial<SoftmaxSettings> = {}) {
    super(arms instanceof ArmTable ? arms : new ArmTable(arms, options), {
      temperature: options.temperature ?? 0.001,
    });
    if (!(this.settings.temperature > 0))
      throw new Error(`temperature must be > 0, got ${this.settings.temperature}`);
  }

  static fromJSON(state: TablePolicyState<SoftmaxSettings>): Softmax {
    return new Softmax(ArmTable.fromJSON(state.table), state.settings);
  }

  armProbabilities(context: BanditContext = {}): ArmProbabilities {
    const ids = this.table.eligible(context);
    const position = this.table.position(context);
    const scores = ids.map((id) => {
      const { alpha, beta } = this.table.posterior(id, position);
      return (alpha + beta > 0 ? alpha / (alpha + beta) : 0) / this.settings.temperature;
    });
    const top = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - top));
    const total = weights.reduce((a, b) => a + b, 0);
    return Object.fromEntries(ids.map((id, i) => [id, weights[i] / total]));
  }
}
