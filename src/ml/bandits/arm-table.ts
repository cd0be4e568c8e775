import type { ArmId, ArmInfo, ArmPrior, ArmStatus, BanditContext, BetaPrior, ColdStart } from './policy.ts';
import { isBetaPrior } from './policy.ts';

/** One arm's Bernoulli statistics: a prior and, per position, the (possibly discounted) successes and failures. */
export interface ArmRecord {
  id: ArmId;
  status: ArmStatus;
  prior: BetaPrior;
  /** `[successes, failures]` per position. */
  counts: [number, number][];
}

export interface ArmTableOptions {
  /** Positions with their own statistics (default 1: one state per arm). */
  positions?: number;
  /**
   * Discount γ in (0, 1] applied to every arm's counts at a position before each update there
   * (default 1: no forgetting). With γ < 1 old observations fade, which tracks drifting click rates.
   */
  discount?: number;
  /** How an arm added without a prior starts (default pooled mean worth 10 observations). */
  coldStart?: ColdStart;
  /** Prior of the arms given at construction without one (default Beta(1, 1)). */
  initialPrior?: BetaPrior;
}

export interface ArmTableState {
  positions: number;
  discount: number;
  coldStart: ColdStart;
  arms: ArmRecord[];
}

const DEFAULT_COLD_START: ColdStart = { kind: 'pooled', strength: 10 };

/**
 * The arms of a non-contextual policy and their counts, shared by ε-greedy, UCB1, softmax and
 * Thompson sampling. Counts are sums, so an update that arrives late (after later decisions) is
 * simply added; under discounting it is weighted as if it had just happened.
 * @example
 * const table = new ArmTable(['a', 'b'], { initialPrior: { alpha: 1, beta: 1 } });
 * table.update('a', 1);
 * table.posterior('a', 0); // { alpha: 2, beta: 1 }
 */
export class ArmTable {
  readonly positions: number;
  readonly discount: number;
  readonly coldStart: ColdStart;
  private readonly records = new Map<ArmId, ArmRecord>();

  constructor(arms: readonly ArmId[], options: ArmTableOptions = {}) {
    this.positions = options.positions ?? 1;
    this.discount = options.discount ?? 1;
    this.coldStart = options.coldStart ?? DEFAULT_COLD_START;
    if (!Number.isInteger(this.positions) || this.positions < 1)
      throw new Error(`positions must be an integer ≥ 1, got ${this.positions}`);
    if (!(this.discount > 0 && this.discount <= 1))
      throw new Error(`discount must be in (0, 1], got ${this.discount}`);
    const initial = options.initialPrior ?? { alpha: 1, beta: 1 };
    for (const id of arms) this.insert(id, initial);
  }

  static fromJSON(state: ArmTableState): ArmTable {
    const table = new ArmTable([], {
      positions: state.positions,
      discount: state.discount,
      coldStart: state.coldStart,
    });
    for (const record of state.arms)
      table.records.set(record.id, {
        id: record.id,
        status: record.status,
        prior: { ...record.prior },
        counts: record.counts.map(([s, f]) => [s, f]),
      });
    return table;
  }

  toJSON(): ArmTableState {
    return {
      positions: this.positions,
      discount: this.discount,
      coldStart: this.coldStart,
      arms: [...this.records.values()].map((r) => ({
        id: r.id,
        status: r.status,
        prior: { ...r.prior },
        counts: r.counts.map(([s, f]) => [s, f] as [number, number]),
      })),
    };
  }

  /** Adds an arm with `prior`, or the cold-start prior when none is given. */
  add(id: ArmId, prior?: ArmPrior): void {
    if (this.records.has(id)) throw new Error(`arm ${id} already exists`);
    if (prior !== undefined && !isBetaPrior(prior))
      throw new Error(`arm ${id}: this policy takes a Beta prior`);
    this.insert(id, prior ?? this.coldStartPrior());
  }

  /** The prior a new arm would get now: the configured one, or the pooled mean of the active arms. */
  coldStartPrior(): BetaPrior {
    if (this.coldStart.kind === 'fixed') return { ...this.coldStart.prior };
    let successes = 0;
    let total = 0;
    for (const record of this.records.values()) {
      if (record.status !== 'active') continue;
      for (let p = 0; p < this.positions; p++) {
        const { alpha, beta } = this.posterior(record.id, p);
        successes += alpha;
        total += alpha + beta;
      }
    }
    const mean = total > 0 ? successes / total : 0.5;
    const strength = this.coldStart.strength;
    return { alpha: mean * strength, beta: (1 - mean) * strength };
  }

  setStatus(id: ArmId, status: ArmStatus): void {
    const record = this.get(id);
    if (record.status === 'retired' && status !== 'retired') throw new Error(`arm ${id} is retired`);
    record.status = status;
  }

  arms(): ArmInfo[] {
    return [...this.records.values()].map(({ id, status }) => ({ id, status }));
  }

  /** Active arms not excluded by the context, in insertion order. */
  eligible(context: BanditContext = {}): ArmId[] {
    const excluded = new Set(context.exclude ?? []);
    const ids: ArmId[] = [];
    for (const record of this.records.values())
      if (record.status === 'active' && !excluded.has(record.id)) ids.push(record.id);
    if (ids.length === 0) throw new Error('no eligible arm');
    return ids;
  }

  /** The statistics row of the context's position; with `positions: 1` every position shares row 0. */
  position(context: BanditContext = {}): number {
    if (this.positions === 1) return 0;
    const position = context.position ?? 0;
    if (!Number.isInteger(position) || position < 0 || position >= this.positions)
      throw new Error(`position ${position} outside 0..${this.positions - 1}`);
    return position;
  }

  /** Adds one reward in [0, 1]: `reward` successes and `1 − reward` failures, after discounting. */
  update(id: ArmId, reward: number, position = 0): void {
    if (!(reward >= 0 && reward <= 1)) throw new Error(`reward must be in [0, 1], got ${reward}`);
    const record = this.get(id);
    if (position < 0 || position >= this.positions)
      throw new Error(`position ${position} outside 0..${this.positions - 1}`);
    if (this.discount < 1)
      for (const other of this.records.values()) {
        const c = other.counts[position];
        c[0] *= this.discount;
        c[1] *= this.discount;
      }
    record.counts[position][0] += reward;
    record.counts[position][1] += 1 - reward;
  }

  /** Beta posterior of `id` at `position`: prior plus counts. */
  posterior(id: ArmId, position: number): BetaPrior {
    const record = this.get(id);
    const [s, f] = record.counts[position];
    return { alpha: record.prior.alpha + s, beta: record.prior.beta + f };
  }

  /** Observations (discounted) at `position`, prior excluded. */
  pulls(id: ArmId, position: number): number {
    const [s, f] = this.get(id).counts[position];
    return s + f;
  }

  private insert(id: ArmId, prior: BetaPrior): void {
    if (!(prior.alpha >= 0 && prior.beta >= 0)) throw new Error(`arm ${id}: prior must be non-negative`);
    const counts: [number, number][] = [];
    for (let p = 0; p < this.positions; p++) counts.push([0, 0]);
    this.records.set(id, { id, status: 'active', prior: { ...prior }, counts });
  }

  private get(id: ArmId): ArmRecord {
    const record = this.records.get(id);
    if (record === undefined) throw new Error(`unknown arm ${id}`);
    return record;
  }
}
