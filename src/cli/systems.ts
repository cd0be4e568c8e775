import type { SystemModule } from '../platform/host/system.ts';
import { adsSystem } from '../systems/ads/system.ts';
import { skincareSystem } from '../systems/skincare/system.ts';
import { supportSystem } from '../systems/support/system.ts';

/** Every system `mlsd serve` runs (the CLI is the one place that names them all). */
export const SYSTEMS: readonly SystemModule<unknown>[] = [
  supportSystem as SystemModule<unknown>,
  adsSystem as SystemModule<unknown>,
  skincareSystem as SystemModule<unknown>,
];
