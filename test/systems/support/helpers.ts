import { defaultGoEmotionsDir, loadSplit, type Example } from '../../../src/systems/support/data.ts';
import { loadSupportConfig, type SupportConfig } from '../../../src/systems/support/config.ts';

export const GOEMOTIONS_DIR = defaultGoEmotionsDir();

/** A small, fast slice of the real data for tests that train. */
export function smallSplits(trainRows = 6000, devRows = 1500): { train: Example[]; dev: Example[] } {
  if (!GOEMOTIONS_DIR) throw new Error('../shared/data/goemotions is needed for this test');
  return {
    train: loadSplit(GOEMOTIONS_DIR, 'train').examples.slice(0, trainRows),
    dev: loadSplit(GOEMOTIONS_DIR, 'dev').examples.slice(0, devRows),
  };
}

/** The shipped config with a smaller hash space so tests train in about a second. */
export function testConfig(): SupportConfig {
  const config = loadSupportConfig();
  return { ...config, model: { ...config.model, features: { ...config.model.features, hashBits: 18 } } };
}
