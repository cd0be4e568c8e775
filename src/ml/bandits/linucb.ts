import { argmaxTies, splitTies } from './distribution.ts';
import type {
  ArmId,
  ArmInfo,
  ArmPrior,
  ArmProbabilities,
  ArmStatus,
  BanditContext,
  BanditPolicy,
  PolicyState,
} from './policy.ts';
import { isBetaPrior } from './policy.ts';
import { ExactPolicy } from './exact-policy.ts';

export interface LinUcbSettings {
  /** Length of the context vector. */
  dimension: number;
  /** α: width of the confidence bonus α·√(xᵀA⁻¹x). */
  alpha: number;
  /** λ: ridge weight of each arm's prior (A starts at λI). */
  lambda: number;
  /** New arms without a prior start at the mean θ of the active arms (`pooled`) or at 0 (`zero`). */
  coldStart: 'pooled' | 'zero';
}

interface LinearArm {
  id: ArmId;
  status: ArmStatus;
  /** A⁻¹, row-major d×d, kept by Sherman–Morrison (no inversion per update). */
  aInv: number[];
  b: number[];
}

export interface LinUcbState extends PolicyState {
  settings: LinUcbSettings;
  arms: LinearArm[];
}

/**
 * Disjoint LinUCB (Li, Chu, Langford & Schapire, 2010): each arm keeps a ridge regression of its
 * reward on the context vector (`context.features`; encode the position there if it matters) and
 * scores θᵀx + α√(xᵀA⁻¹x). Deterministic: the chosen arm's propensity is 1, or 1 / |ties|.
 * @example
 * import { createRng } from '../random/rng.ts';
 * const policy = new LinUcb(['a', 'b'], { dimension: 2, alpha: 0 });
 * policy.update('a', 1, { features: [1, 0] });
 * policy.update('b', 1, { features: [0, 1] });
 * policy.choose({ features: [1, 0] }, createRng(1)); // { arm: 'a', propensity: 1 }
 */
export class LinUcb extends ExactPolicy implements BanditPolicy {
  readonly kind = 'linucb' as const;
  private readonly settings: LinUcbSettings;
  private readonly records = new Map<ArmId, LinearArm>();

  constructor(arms: readonly ArmId[], options: Partial<LinUcbSettings> & { dimension: number }) {
    super();
    this.settings = { alpha: 1, lambda: 1, coldStart: 'pooled', ...options };
    const { dimension, lambda } = this.settings;
    if (!Number.isInteger(dimension) || dimension < 1)
      throw new Error(`dimension must be ≥ 1, got ${dimension}`);
    if (!(lambda > 0)) throw new Error(`lambda must be > 0, got ${lambda}`);
    for (const id of arms) this.insert(id, new Array<number>(dimension).fill(0), lambda);
  }

  static fromJSON(state: LinUcbState): LinUcb {
    const policy = new LinUcb([], state.settings);
    for (const arm of state.arms) policy.records.set(arm.id, { ...arm, aInv: [...arm.aInv], b: [...arm.b] });
    return policy;
  }

  toJSON(): LinUcbState {
    return {
      kind: this.kind,
      version: 1,
      settings: { ...this.settings },
      arms: [...this.records.values()].map((a) => ({ ...a, aInv: [...a.aInv], b: [...a.b] })),
    };
  }

  /** θ = A⁻¹b of an arm. */
  theta(id: ArmId): number[] {
    const arm = this.get(id);
    return multiply(arm.aInv, arm.b, this.settings.dimension);
  }

  /** θᵀx + α√(xᵀA⁻¹x) of each eligible arm. */
  scores(context: BanditContext): Record<ArmId, number> {
    const x = this.features(context);
    const d = this.settings.dimension;
    const excluded = new Set(context.exclude ?? []);
    const out: Record<ArmId, number> = {};
    for (const arm of this.records.values()) {
      if (arm.status !== 'active' || excluded.has(arm.id)) continue;
      const ax = multiply(arm.aInv, x, d);
      const mean = dot(multiply(arm.aInv, arm.b, d), x);
      out[arm.id] = mean + this.settings.alpha * Math.sqrt(Math.max(0, dot(x, ax)));
    }
    if (Object.keys(out).length === 0) throw new Error('no eligible arm');
    return out;
  }

  armProbabilities(context: BanditContext = {}): ArmProbabilities {
    const scores = this.scores(context);
    const ids = Object.keys(scores);
    return splitTies(ids, argmaxTies(ids, Object.values(scores)));
  }

  /** A ← A + xxᵀ (by Sherman–Morrison on A⁻¹), b ← b + r·x. */
  update(id: ArmId, reward: number, context: BanditContext = {}): void {
    const arm = this.get(id);
    const x = this.features(context);
    const d = this.settings.dimension;
    const ax = multiply(arm.aInv, x, d);
    const denominator = 1 + dot(x, ax);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) arm.aInv[i * d + j] -= (ax[i] * ax[j]) / denominator;
    for (let i = 0; i < d; i++) arm.b[i] += reward * x[i];
  }

  addArm(id: ArmId, prior?: ArmPrior): void {
    if (this.records.has(id)) throw new Error(`arm ${id} already exists`);
    if (prior !== undefined && isBetaPrior(prior)) throw new Error(`arm ${id}: LinUCB takes a linear prior`);
    const theta = prior?.theta ?? this.coldStartTheta();
    if (theta.length !== this.settings.dimension)
      throw new Error(`arm ${id}: prior θ has ${theta.length} values`);
    this.insert(id, theta, prior?.strength ?? this.settings.lambda);
  }

  pauseArm(id: ArmId): void {
    this.setStatus(id, 'paused');
  }

  resumeArm(id: ArmId): void {
    this.setStatus(id, 'active');
  }

  retireArm(id: ArmId): void {
    this.setStatus(id, 'retired');
  }

  arms(): ArmInfo[] {
    return [...this.records.values()].map(({ id, status }) => ({ id, status }));
  }

  private coldStartTheta(): number[] {
    const d = this.settings.dimension;
    const mean = new Array<number>(d).fill(0);
    const active = [...this.records.values()].filter((a) => a.status === 'active');
    if (this.settings.coldStart === 'zero' || active.length === 0) return mean;
    for (const arm of active) this.theta(arm.id).forEach((v, i) => (mean[i] += v / active.length));
    return mean;
  }

  /** A = strength·I and b = strength·θ₀, so the arm's ridge estimate starts at θ₀. */
  private insert(id: ArmId, theta: readonly number[], strength: number): void {
    const d = this.settings.dimension;
    const aInv = new Array<number>(d * d).fill(0);
    for (let i = 0; i < d; i++) aInv[i * d + i] = 1 / strength;
    this.records.set(id, { id, status: 'active', aInv, b: theta.map((t) => t * strength) });
  }

  private setStatus(id: ArmId, status: ArmStatus): void {
    const arm = this.get(id);
    if (arm.status === 'retired' && status !== 'retired') throw new Error(`arm ${id} is retired`);
    arm.status = status;
  }

  private features(context: BanditContext): readonly number[] {
    const x = context.features;
    if (x === undefined || x.length !== this.settings.dimension)
      throw new Error(
        `LinUCB needs a context of ${this.settings.dimension} features, got ${x?.length ?? 'none'}`,
      );
    return x;
  }

  private get(id: ArmId): LinearArm {
    const arm = this.records.get(id);
    if (arm === undefined) throw new Error(`unknown arm ${id}`);
    return arm;
  }
}

function multiply(matrix: readonly number[], x: readonly number[], d: number): number[] {
  const out = new Array<number>(d).fill(0);
  for (let i = 0; i < d; i++) {
    let s = 0;
    for (let j = 0; j < d; j++) s += matrix[i * d + j] * x[j];
    out[i] = s;
  }
  return out;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
