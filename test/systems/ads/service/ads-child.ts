// A light `mlsd ads serve` for the quick crash test: the host with the ads system alone, without
// the whole CLI to transpile (the drill proper, bench/ads-crash.ts, runs the real CLI).
import { createHost } from '../../../../src/platform/host/host.ts';
import { ModelRegistry } from '../../../../src/platform/registry/registry.ts';
import { adsSystem } from '../../../../src/systems/ads/system.ts';

const dataDir = process.argv[2]!;
const host = await createHost({
  systems: [adsSystem],
  dataDir,
  env: process.env,
  registry: (store) => ModelRegistry.open({ db: store.db, dialect: store.dialect }),
  role: 'all',
});
const address = await host.app.listen({ port: 0, host: '127.0.0.1' });
host.startWorkers();
process.once('SIGTERM', () => void host.close().then(() => process.exit(0)));
process.stdout.write(`mlsd (ads) listening on ${address}\n`);
