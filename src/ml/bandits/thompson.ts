import { createRng, type Rng } from '../random/rng.ts';
import { ArmTable, type ArmTableOptions } from './arm-table.ts';
import { sampleBeta } from './beta-sample.ts';
import type { ArmId, ArmProbabilities, BanditContext, Choice } from './policy.ts';
import { DEFAULT_SLATE_SIZE, TablePolicy, type TablePolicyState } from './table-policy.ts';

export interface ThompsonSettings {
  /** Monte Carlo draws behind every propensity and `armProbabilities` (default 1000). */
  draws: number;
  /** Seed of those draws: the estimate is a deterministic function of the state (default 0). */
  monteCarloSeed: number;
}

export type ThompsonOptions = ArmTableOptions & Partial<ThompsonSettings>;

/**
 * Bernoulli Thompson sampling with a Beta posterior per (arm, position) (`positions`, default 1),
 * optional discounting (`discount` γ < 1 forgets old clicks) and cold-start priors for new arms.
 * A choice draws one click rate per eligible arm from its posterior and takes the largest. Its
 * propensity has no closed form for many arms, so it is estimated by `draws` seeded Monte Carlo
 * draws plus the real one (never 0): (wins + 1) / (draws + 1).
 * @example
 * const ts = new BernoulliThompson(['a', 'b'], { draws: 2000 });
 * for (let i = 0; i < 50; i++) ts.update('a', 1), ts.update('b', 0);
 * ts.armProbabilities().a; // 1
 */
export class BernoulliThompson extends TablePolicy<ThompsonSettings> {
  readonly kind = 'thompson' as const;
  private readonly cache = new Map<string, ArmProbabilities[]>();

  /** `arms` are ids (each with `initialPrior`), or a table restored from JSON. */
  constructor(arms: readonly ArmId[] | ArmTable, options: ThompsonOptions = {}) {
    super(arms instanceof ArmTable ? arms : new ArmTable(arms, options), {
      draws: options.draws ?? 1000,
      monteCarloSeed: options.monteCarloSeed ?? 0,
    });
    if (!Number.isInteger(this.settings.draws) || this.settings.draws < 1)
      throw new Error(`draws must be an integer ≥ 1, got ${this.settings.draws}`);
  }

  static fromJSON(state: TablePolicyState<ThompsonSettings>): BernoulliThompson {
    return new BernoulliThompson(ArmTable.fromJSON(state.table), state.settings);
  }

  get draws(): number {
    return this.settings.draws;
  }

  armProbabilities(context: BanditContext = {}): ArmProbabilities {
    return this.slateProbabilities({ ...context, position: context.position ?? 0 }, 1)[0];
  }

  override choose(context: BanditContext, rng: Rng): Choice {
    return this.chooseSlate(context, rng, 1)[0];
  }

  /** Position `context.position` (default 0) onwards, `size` of them; one posterior draw per (arm, position). */
  override chooseSlate(context: BanditContext, rng: Rng, size = DEFAULT_SLATE_SIZE): Choice[] {
    const arms = this.sampleSlate(context, rng, size);
    const marginals = this.slateProbabilities(context, size);
    const n = this.settings.draws;
    return arms.map((arm, p) => ({ arm, propensity: (marginals[p][arm] * n + 1) / (n + 1), draws: n }));
  }

  /** Monte Carlo marginal of each arm at each position, from `draws` seeded draws (cached until the state changes). */
  override slateProbabilities(context: BanditContext, size = DEFAULT_SLATE_SIZE): ArmProbabilities[] {
    const start = context.position ?? 0;
    const key = `${start}|${size}|${(context.exclude ?? []).join('\u0000')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const eligible = this.table.eligible(context);
    const counts = Array.from({ length: size }, () => new Float64Array(eligible.length));
    const rng = createRng(this.settings.monteCarloSeed);
    const index = new Map(eligible.map((id, i) => [id, i]));
    for (let d = 0; d < this.settings.draws; d++)
      this.sampleSlate(context, rng, size).forEach((arm, p) => counts[p][index.get(arm)!]++);
    const result = counts.map((row) =>
      Object.fromEntries(eligible.map((id, i) => [id, row[i] / this.settings.draws])),
    );
    this.cache.set(key, result);
    return result;
  }

  /** Posterior mean click rate of each eligible arm at the context's position. */
  means(context: BanditContext = {}): Record<ArmId, number> {
    const position = this.table.position(context);
    return Object.fromEntries(
      this.table.eligible(context).map((id) => {
        const { alpha, beta } = this.table.posterior(id, position);
        return [id, alpha + beta > 0 ? alpha / (alpha + beta) : 0.5];
      }),
    );
  }

  protected override changed(): void {
    this.cache.clear();
  }

  private sampleSlate(context: BanditContext, rng: Rng, size: number): ArmId[] {
    const eligible = this.table.eligible(context);
    if (eligible.length < size)
      throw new Error(`slate of ${size} needs ${size} eligible arms, have ${eligible.length}`);
    const start = context.position ?? 0;
    const taken = new Set<ArmId>();
    const slate: ArmId[] = [];
    for (let p = start; p < start + size; p++) {
      const row = this.table.position({ position: p });
      let best: ArmId | undefined;
      let bestValue = -Infinity;
      for (const id of eligible) {
        if (taken.has(id)) continue;
        const { alpha, beta } = this.table.posterior(id, row);
        const value = sampleBeta(alpha, beta, rng);
        if (value > bestValue) {
          bestValue = value;
          best = id;
        }
      }
      taken.add(best!);
      slate.push(best!);
    }
    return slate;
  }
}
