import { join } from 'node:path';
import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import type { Store } from '../../src/platform/store/store.ts';

/** The registry a host opens in tests (the systems under test register nothing through it). */
export const openTestRegistry = (store: Store): Promise<ModelRegistry> =>
  ModelRegistry.open(join(store.location, '..', 'registry.sqlite'));
