import { EpsilonGreedy } from './epsilon-greedy.ts';
import { LinUcb, type LinUcbState } from './linucb.ts';
import type { BanditPolicy, PolicyState } from './policy.ts';
import { Softmax } from './softmax.ts';
import type { TablePolicyState } from './table-policy.ts';
import { BernoulliThompson } from './thompson.ts';
import { Ucb1 } from './ucb1.ts';

/**
 * Rebuilds a policy from its `toJSON()` (after JSON.stringify / parse): same arms, state and settings,
 * so the same rng gives the same next choices.
 * @example
 * const policy = new Ucb1(['a', 'b']);
 * policy.update('a', 1);
 * restorePolicy(JSON.parse(JSON.stringify(policy.toJSON()))).armProbabilities(); // { a: 0, b: 1 }
 */
export function restorePolicy(state: PolicyState): BanditPolicy {
  if (state.version !== 1) throw new Error(`unknown policy state version ${String(state.version)}`);
  switch (state.kind) {
    case 'epsilon_greedy':
      return EpsilonGreedy.fromJSON(state as TablePolicyState<never>);
    case 'ucb1':
      return Ucb1.fromJSON(state as TablePolicyState<never>);
    case 'softmax':
      return Softmax.fromJSON(state as TablePolicyState<never>);
    case 'thompson':
      return BernoulliThompson.fromJSON(state as TablePolicyState<never>);
    case 'linucb':
      return LinUcb.fromJSON(state as LinUcbState);
    default:
      throw new Error(`unknown policy kind ${String(state.kind)}`);
  }
}
