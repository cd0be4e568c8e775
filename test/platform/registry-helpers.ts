import { ModelRegistry } from '../../src/platform/registry/registry.ts';
import type { Store } from '../../src/platform/store/store.ts';

/** The registry a host opens in tests (the systems under test register nothing through it). */
export const openTestRegistry = (store: Store): Promise<ModelRegistry> =>
  ModelRegistry.open({ db: store.db, dialect: store.dialect }); // on the host's store, closed by the host
