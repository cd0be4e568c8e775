/**
 * The policies the pilot compares with the logged BTS: built from ml/bandits, trained by replaying
 * the uniform-random log's first days, then frozen; each gives π_e(item | row) at the row's position.
 */
import { EpsilonGreedy } from '../../../ml/bandits/epsilon-greedy.ts';
import { LinUcb } from '../../../ml/bandits/linucb.ts';
import type { ArmProbabilities, BanditPolicy, BetaPrior } from '../../../ml/bandits/policy.ts';
import { Softmax } from '../../../ml/bandits/softmax.ts';
import { BernoulliThompson } from '../../../ml/bandits/thompson.ts';
import { Ucb1 } from '../../../ml/bandits/ucb1.ts';
import { POSITIONS, type ObdEvent, type ObdLog } from '../data/obd-types.ts';

export const CANDIDATES = [
  'uniform_random',
  'most_clicked',
  'epsilon_greedy',
  'ucb1',
  'softmax',
  'thompson',
  'linucb',
] as const;
export type CandidateName = (typeof CANDIDATES)[number];

export interface Candidate {
  name: CandidateName;
  description: string;
  /** π_e(item | event's user, event's position) for every item 0..K-1: the slate marginal at that position. */
  distribution(event: ObdEvent): Float64Array;
}

/** Strength (pseudo-impressions) of the empirical-Bayes Beta prior centred on the training click rate. */
export const PRIOR_STRENGTH = 100;
/** Monte Carlo draws behind Thompson sampling's slate marginals. */
export const THOMPSON_DRAWS = 2000;

/** One-hot user features (bias + each `user_feature_k` value seen in training); unseen values are all zero. */
export class UserOneHot {
  readonly dimension: number;
  private readonly index: Map<string, number>[];

  constructor(train: readonly ObdEvent[]) {
    const width = train[0]?.userFeatures.length ?? 0;
    this.index = Array.from({ length: width }, () => new Map<string, number>());
    let next = 1;
    for (const e of train)
      e.userFeatures.forEach((value, k) => {
        if (!this.index[k].has(value)) this.index[k].set(value, next++);
      });
    this.dimension = next;
  }

  encode(userFeatures: readonly string[]): number[] {
    const x = new Array<number>(this.dimension).fill(0);
    x[0] = 1;
    userFeatures.forEach((value, k) => {
      const at = this.index[k]?.get(value);
      if (at !== undefined) x[at] = 1;
    });
    return x;
  }
}

const arms = (items: number): string[] => Array.from({ length: items }, (_, i) => String(i));

function toArray(probabilities: ArmProbabilities, items: number): Float64Array {
  const out = new Float64Array(items);
  for (const [arm, p] of Object.entries(probabilities)) out[Number(arm)] = p;
  return out;
}

/** A context-free policy's slate marginals, computed once (the policy is frozen). */
function contextFree(
  name: CandidateName,
  description: string,
  policy: BanditPolicy,
  items: number,
): Candidate {
  const marginals = policy.slateProbabilities({}, POSITIONS).map((row) => toArray(row, items));
  return { name, description, distribution: (e) => marginals[e.position] };
}

/** Replays a log into a policy: one update per logged (item, position, click). */
export function replayInto(policy: BanditPolicy, events: readonly ObdEvent[], features?: UserOneHot): void {
  for (const e of events)
    policy.update(String(e.item), e.click, {
      position: e.position,
      features: features?.encode(e.userFeatures),
    });
}

/** Every candidate, trained on `train` (the uniform-random log's first days) and frozen. */
export function trainCandidates(
  train: ObdLog,
  seed: number,
): { candidates: Candidate[]; prior: BetaPrior; rewardModel: (e: ObdEvent) => Float64Array } {
  const K = train.items;
  const clicks = train.events.reduce((s, e) => s + e.click, 0);
  const rate = clicks / Math.max(1, train.events.length);
  const prior = { alpha: rate * PRIOR_STRENGTH, beta: (1 - rate) * PRIOR_STRENGTH };
  const table = { positions: POSITIONS, initialPrior: prior };
  const greedy = new EpsilonGreedy(arms(K), { ...table, epsilon: 0 });
  const epsilon = new EpsilonGreedy(arms(K), { ...table, epsilon: 0.1 });
  const ucb = new Ucb1(arms(K), { positions: POSITIONS });
  const softmax = new Softmax(arms(K), { ...table, temperature: 0.002 });
  const thompson = new BernoulliThompson(arms(K), { ...table, draws: THOMPSON_DRAWS, monteCarloSeed: seed });
  for (const policy of [greedy, epsilon, ucb, softmax, thompson]) replayInto(policy, train.events);
  const oneHot = new UserOneHot(train.events);
  const linucb = new LinUcb(arms(K), { dimension: oneHot.dimension, alpha: 0.01, lambda: 1 });
  replayInto(linucb, train.events, oneHot);
  const uniform = new Float64Array(K).fill(1 / K);
  const linCache = new Map<string, Float64Array[]>();
  const means = Array.from({ length: POSITIONS }, (_, p) => toArray(thompson.means({ position: p }), K));
  const candidates: Candidate[] = [
    {
      name: 'uniform_random',
      description: `1/${K} at every position (the logging policy itself)`,
      distribution: () => uniform,
    },
    contextFree(
      'most_clicked',
      'per position, the item with the highest training click rate (ε-greedy with ε = 0), distinct across the slate',
      greedy,
      K,
    ),
    contextFree('epsilon_greedy', 'ε = 0.1 over the per-position posterior means', epsilon, K),
    contextFree('ucb1', 'UCB1 per position, c = 2, no prior (Auer et al. 2002)', ucb, K),
    contextFree('softmax', 'softmax of the per-position posterior means, τ = 0.002', softmax, K),
    contextFree(
      'thompson',
      `Bernoulli TS per (item, position), slate marginals from ${THOMPSON_DRAWS} seeded draws`,
      thompson,
      K,
    ),
    {
      name: 'linucb',
      description: `disjoint LinUCB on one-hot user features (d = ${oneHot.dimension}), α = 0.01, λ = 1; slate = top 3 scores, same ranking at every position`,
      distribution: (e) => {
        const key = e.userFeatures.join('\u0000');
        let marginals = linCache.get(key);
        if (marginals === undefined) {
          const features = oneHot.encode(e.userFeatures);
          marginals = linucb.slateProbabilities({ features }, POSITIONS).map((row) => toArray(row, K));
          linCache.set(key, marginals);
        }
        return marginals[e.position];
      },
    },
  ];
  return { candidates, prior, rewardModel: (e) => means[e.position] };
}
