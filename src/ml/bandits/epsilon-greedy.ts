import { ArmTable, type ArmTableOptions } from './arm-table.ts';
import { argmaxTies } from './distribution.ts';
import type { ArmId, ArmProbabilities, BanditContext } from './policy.ts';
import { TablePolicy, type TablePolicyState } from './table-policy.ts';

export interface EpsilonGreedySettings {
  /** Share of decisions that explore uniformly over the eligible arms. */
  epsilon: number;
}

/**
 * ε-greedy: with probability ε a uniform arm, otherwise the arm with the highest posterior mean
 * (prior plus counts, per position); ties share the greedy mass. Propensities are exact:
 * ε / K + (1 − ε) / |ties| for a greedy arm, ε / K for the others.
 * @example
 * const policy = new EpsilonGreedy(['a', 'b'], { epsilon: 0.1 });
 * policy.update('a', 1);
 * policy.armProbabilities(); // { a: 0.95, b: 0.05 }
 */
export class EpsilonGreedy extends TablePolicy<EpsilonGreedySettings> {
  readonly kind = 'epsilon_greedy' as const;

  constructor(
    arms: readonly ArmId[] | ArmTable,
    options: ArmTableOptions & Partial<EpsilonGreedySettings> = {},
  ) {
    super(arms instanceof ArmTable ? arms : new ArmTable(arms, options), { epsilon: options.epsilon ?? 0.1 });
    const { epsilon } = this.settings;
    if (!(epsilon >= 0 && epsilon <= 1)) throw new Error(`epsilon must be in [0, 1], got ${epsilon}`);
  }

  static fromJSON(state: TablePolicyState<EpsilonGreedySettings>): EpsilonGreedy {
    return new EpsilonGreedy(ArmTable.fromJSON(state.table), state.settings);
  }

  armProbabilities(context: BanditContext = {}): ArmProbabilities {
    const ids = this.table.eligible(context);
    const position = this.table.position(context);
    const means = ids.map((id) => {
      const { alpha, beta } = this.table.posterior(id, position);
      return alpha + beta > 0 ? alpha / (alpha + beta) : 0;
    });
    const ties = new Set(argmaxTies(ids, means));
    const { epsilon } = this.settings;
    return Object.fromEntries(
      ids.map((id) => [id, epsilon / ids.length + (ties.has(id) ? (1 - epsilon) / ties.size : 0)]),
    );
  }
}
