import type { ModelRegistry } from '../../../platform/registry/registry.ts';

/**
 * What `mlsd start` does for ads before serving: trains and registers what is missing (the CTR
 * model and the policy's starting state). Until the CTR training lands this says so and goes on:
 * the bandit starts from its priors and learns online.
 */
export async function prepareAds(options: { registry: ModelRegistry; data?: string }): Promise<void> {
  void options;
  process.stderr.write(
    'ads: no CTR training in this build yet; the bandit starts from its priors and learns online\n',
  );
}
