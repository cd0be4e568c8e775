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

/** Exclusion sets whose marginals are kept per state before the cache starts over. */
const MAX_CACHED_CONTEXTS = 4096;

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
  private readonly drawCache = new Map<string, { arms: ArmId[]; values: Float64Array }>();

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
    const eligible = this.table.eligible(context);
    const picks = this.sampleSlate(
      this.posteriors(eligible, context, size),
      rng,
      new Uint8Array(eligible.length),
    );
    const marginals = this.slateProbabilities(context, size);
    const n = this.settings.draws;
    return Array.from(picks, (k, p) => {
      const arm = eligible[k];
      return { arm, propensity: (marginals[p][arm] * n + 1) / (n + 1), draws: n };
    });
  }

  /**
   * Monte Carlo marginal of each arm at each position, from `draws` seeded draws. The draws of every
   * active arm are made once per state (and slate shape) and kept; a context that excludes arms
   * (a user's closed or capped banners) only re-runs the argmax over the rest — common random
   * numbers across users, and no Beta sampling on the serving path until the state changes.
   */
  override slateProbabilities(context: BanditContext, size = DEFAULT_SLATE_SIZE): ArmProbabilities[] {
    const start = context.position ?? 0;
    const key = `${start}|${size}|${(context.exclude ?? []).join('\u0000')}`;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const eligible = this.table.eligible(context);
    if (eligible.length < size)
      throw new Error(`slate of ${size} needs ${size} eligible arms, have ${eligible.length}`);
    const { arms, values } = this.sharedDraws(start, size);
    const column = new Map(arms.map((id, k) => [id, k]));
    const columns = Int32Array.from(eligible, (id) => column.get(id)!);
    const K = arms.length;
    const counts = Array.from({ length: size }, () => new Float64Array(eligible.length));
    const taken = new Uint8Array(eligible.length);
    for (let d = 0; d < this.settings.draws; d++) {
      taken.fill(0);
      for (let p = 0; p < size; p++) {
        const row = (d * size + p) * K;
        let best = -1;
        let bestValue = -Infinity;
        for (let e = 0; e < columns.length; e++) {
          if (taken[e]) continue;
          const value = values[row + columns[e]];
          if (value > bestValue) {
            bestValue = value;
            best = e;
          }
        }
        taken[best] = 1;
        counts[p][best]++;
      }
    }
    const result = counts.map((row) =>
      Object.fromEntries(eligible.map((id, i) => [id, row[i] / this.settings.draws])),
    );
    // Bounded: a state serves many users between updates, each with their own exclusions.
    if (this.cache.size >= MAX_CACHED_CONTEXTS) this.cache.clear();
    this.cache.set(key, result);
    return result;
  }

  /** One posterior draw per (draw, slate position, active arm), seeded, made once per state. */
  private sharedDraws(start: number, size: number): { arms: ArmId[]; values: Float64Array } {
    const key = `${start}|${size}`;
    const cached = this.drawCache.get(key);
    if (cached) return cached;
    const arms = this.table.eligible({});
    const posteriors = this.posteriors(arms, { position: start }, size);
    const K = arms.length;
    const values = new Float64Array(this.settings.draws * size * K);
    const rng = createRng(this.settings.monteCarloSeed);
    for (let at = 0, d = 0; d < this.settings.draws; d++)
      for (let p = 0; p < size; p++)
        for (let k = 0; k < K; k++, at++)
          values[at] = sampleBeta(posteriors.alpha[p * K + k], posteriors.beta[p * K + k], rng);
    const draws = { arms, values };
    this.drawCache.set(key, draws);
    return draws;
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
    this.drawCache.clear();
  }

  /** α and β of every eligible arm at each slate position (position-major), read once per call. */
  private posteriors(
    eligible: readonly ArmId[],
    context: BanditContext,
    size: number,
  ): { alpha: Float64Array; beta: Float64Array; size: number } {
    if (eligible.length < size)
      throw new Error(`slate of ${size} needs ${size} eligible arms, have ${eligible.length}`);
    const start = context.position ?? 0;
    const K = eligible.length;
    const alpha = new Float64Array(size * K);
    const beta = new Float64Array(size * K);
    for (let p = 0; p < size; p++) {
      const row = this.table.position({ position: start + p });
      eligible.forEach((id, k) => {
        const posterior = this.table.posterior(id, row);
        alpha[p * K + k] = posterior.alpha;
        beta[p * K + k] = posterior.beta;
      });
    }
    return { alpha, beta, size };
  }

  /** One slate: per position, a posterior draw for every arm not yet placed, the largest wins (indices into eligible). */
  private sampleSlate(
    posteriors: { alpha: Float64Array; beta: Float64Array; size: number },
    rng: Rng,
    taken: Uint8Array,
  ): Int32Array {
    const K = taken.length;
    taken.fill(0);
    const slate = new Int32Array(posteriors.size);
    for (let p = 0; p < posteriors.size; p++) {
      let best = -1;
      let bestValue = -Infinity;
      for (let k = 0; k < K; k++) {
        if (taken[k]) continue;
        const value = sampleBeta(posteriors.alpha[p * K + k], posteriors.beta[p * K + k], rng);
        if (value > bestValue) {
          bestValue = value;
          best = k;
        }
      }
      taken[best] = 1;
      slate[p] = best;
    }
    return slate;
  }
}
