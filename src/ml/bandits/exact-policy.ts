import type { Rng } from '../random/rng.ts';
import { chooseFrom } from './distribution.ts';
import type { ArmProbabilities, BanditContext, Choice } from './policy.ts';
import { chooseExactSlate, exactSlateProbabilities } from './slate.ts';

/** Default slate size: the Open Bandit Dataset's three positions. */
export const DEFAULT_SLATE_SIZE = 3;

/**
 * A policy whose choice is a draw from a distribution it can state exactly (ε-greedy, UCB1,
 * softmax, LinUCB): the choice, the slate and their propensities all follow from
 * `armProbabilities`, so each policy only says how it computes that.
 */
export abstract class ExactPolicy {
  abstract armProbabilities(context?: BanditContext): ArmProbabilities;

  choose(context: BanditContext, rng: Rng): Choice {
    return chooseFrom(this.armProbabilities(context), rng);
  }

  chooseSlate(context: BanditContext, rng: Rng, size = DEFAULT_SLATE_SIZE): Choice[] {
    return chooseExactSlate(this, context, rng, size);
  }

  slateProbabilities(context: BanditContext, size = DEFAULT_SLATE_SIZE): ArmProbabilities[] {
    return exactSlateProbabilities(this, context, size);
  }
}
