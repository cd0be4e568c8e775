import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { codeVersion } from '../../../platform/cli/common.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import { ADS_CTR_MODEL } from '../model/registered-model.ts';

/** The ads data folder `mlsd start` trains on (`--data` names support's GoEmotions folder). */
const ADS_DATA_DIR = '../shared/data/ads';
const TRAIN_SEED = 20_191_124;

/**
 * What `mlsd start` does for ads before serving: trains and registers the CTR model when none is in
 * production (the OBD random log, as `mlsd ads train` does). The bandit needs nothing trained: it
 * starts from its priors and learns online. Without the ads data the service still starts.
 */
export async function prepareAds(options: { registry: ModelRegistry }): Promise<void> {
  if (await options.registry.production(ADS_CTR_MODEL)) return;
  const adsDir = resolve(ADS_DATA_DIR);
  if (!existsSync(adsDir)) {
    process.stderr.write(
      `ads: no CTR model registered and no ads data at ${adsDir}: skipping training (mlsd data download, then mlsd ads train)\n`,
    );
    return;
  }
  process.stderr.write('No ads CTR model registered yet: training one on the OBD random log…\n');
  const { trainAdsCtr } = await import('../model/train.ts');
  const { record } = await trainAdsCtr(options.registry, {
    adsDir,
    seed: TRAIN_SEED,
    codeVersion: codeVersion(),
    progress: (stage) => process.stderr.write(`ads train: ${stage}\n`),
  });
  process.stderr.write(`Registered ads-ctr model ${record.id} (version ${record.version}).\n`);
}
