import { ArmTable, type ArmTableOptions } from './arm-table.ts';
import { argmaxTies, splitTies } from './distribution.ts';
import type { ArmId, ArmProbabilities, BanditContext } from './policy.ts';
import { TablePolicy, type TablePolicyState } from './table-policy.ts';

export interface Ucb1Settings {
  /** c in mean + √(c · ln N / n); UCB1 (Auer et al., 2002) has c = 2. */
  exploration: number;
}

/**
 * UCB1 (Auer, Cesa-Bianchi & Fischer, 2002): an arm never played comes first, then the arm with the
 * largest mean + √(2 ln N / n), N the plays of every eligible arm at that position. Deterministic,
 * so the chosen arm's propensity is 1, or 1 / |ties| when several indices are equal. A prior adds
 * pseudo-plays (the default prior is none, as in the paper); with `discount` γ < 1 the counts are
 * discounted (discounted UCB, Garivier & Moulines, 2011).
 * @example
 * const policy = new Ucb1(['a', 'b']);
 * policy.update('a', 1);
 * policy.armProbabilities(); // { a: 0, b: 1 }
 */
export class Ucb1 extends TablePolicy<Ucb1Settings> {
  readonly kind = 'ucb1' as const;

  constructor(arms: readonly ArmId[] | ArmTable, options: ArmTableOptions & Partial<Ucb1Settings> = {}) {
    super(
      arms instanceof ArmTable
        ? arms
        : new ArmTable(arms, { ...options, initialPrior: options.initialPrior ?? { alpha: 0, beta: 0 } }),
      { exploration: options.exploration ?? 2 },
    );
  }

  static fromJSON(state: TablePolicyState<Ucb1Settings>): Ucb1 {
    return new Ucb1(ArmTable.fromJSON(state.table), state.settings);
  }

  /** The UCB index of each eligible arm (Infinity for an arm with no plays). */
  indices(context: BanditContext = {}): Record<ArmId, number> {
    const ids = this.table.eligible(context);
    const position = this.table.position(context);
    const posteriors = ids.map((id) => this.table.posterior(id, position));
    const plays = posteriors.map(({ alpha, beta }) => alpha + beta);
    const total = plays.reduce((a, b) => a + b, 0);
    return Object.fromEntries(
      ids.map((id, i) => {
        const n = plays[i];
        if (n <= 0) return [id, Infinity];
        const bonus = Math.sqrt((this.settings.exploration * Math.log(Math.max(total, 1))) / n);
        return [id, posteriors[i].alpha / n + bonus];
      }),
    );
  }

  armProbabilities(context: BanditContext = {}): ArmProbabilities {
    const indices = this.indices(context);
    const ids = Object.keys(indices);
    return splitTies(ids, argmaxTies(ids, Object.values(indices)));
  }
}
