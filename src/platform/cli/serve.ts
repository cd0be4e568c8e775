import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { createHost, type Host, type HostRole } from '../host/host.ts';
import { parseEnv, platformEnvSchema } from '../host/platform-env.ts';
import type { SystemModule } from '../host/system.ts';
import { createApiKey } from '../http/api-keys.ts';
import { migratePlatformAndSystems } from '../host/platform-migrations.ts';
import { openStore } from '../store/store.ts';
import { dataDirOption, registryOnStore, registryOption, UsageError } from './common.ts';

export interface ServeOptions {
  port?: number;
  host?: string;
  dataDir: string;
  registry?: string;
  banner?: boolean;
  /** The systems this process runs. */
  systems: readonly SystemModule<unknown>[];
  /** 'all': API + workers (embedded default); 'api' or 'workers' for the PostgreSQL scale-out. */
  role?: HostRole;
}

const withoutEmptyValues = (env: NodeJS.ProcessEnv): Record<string, string> =>
  Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')) as Record<
    string,
    string
  >;

/** The systems named in `--systems a,b` (in that order) among `known`. */
export function selectSystems(
  list: string,
  known: readonly SystemModule<unknown>[],
): SystemModule<unknown>[] {
  const names = list
    .split(',')
    .map((n) => n.trim())
    .filter(Boolean);
  if (names.length === 0) throw new UsageError('--systems needs at least one name');
  return names.map((name) => {
    const system = known.find((s) => s.name === name);
    if (!system)
      throw new UsageError(
        `--systems: no system "${name}" (systems: ${known.map((s) => s.name).join(', ')})`,
      );
    return system;
  });
}

/** Serves until SIGTERM/SIGINT, then stops accepting, drains in-flight work and exits. */
export async function serve(options: ServeOptions): Promise<Host> {
  const env = withoutEmptyValues(process.env);
  const platform = parseEnv(platformEnvSchema, env);
  const role = options.role ?? (platform.DATABASE_URL ? 'api' : 'all');
  const port = options.port ?? platform.PORT ?? 3000;
  const bind = options.host ?? platform.HOST ?? '127.0.0.1';
  const generatedKey = !platform.MLSD_API_KEY;
  const apiKey = platform.MLSD_API_KEY ?? `mlsd_${randomBytes(24).toString('base64url')}`;
  env.MLSD_API_KEY = apiKey;
  const { systems } = options;
  const host = await createHost({
    systems,
    dataDir: resolve(options.dataDir),
    env,
    // The registry lives in the host's store: one connection, closed with it.
    registry: (store) => registryOnStore({ db: store.db, dialect: store.dialect }, options),
    role,
  });
  let address = 'http://(no HTTP: worker only)';
  if (role !== 'workers') {
    try {
      address = await host.app.listen({ port, host: bind });
    } catch (error) {
      await host.close();
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE')
        throw new UsageError(
          `port ${port} on ${bind} is in use (is mlsd already running?): choose another with --port N or PORT=N`,
        );
      if (code === 'EADDRNOTAVAIL')
        throw new UsageError(`cannot listen on ${bind}: not an address of this machine (--host / HOST)`);
      throw error;
    }
  }
  host.startWorkers();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${signal}: no longer accepting; draining in-flight work…\n`);
    await host.close();
    process.stderr.write('drained; bye\n');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  if (options.banner !== false)
    process.stdout.write(banner(host, systems, address, apiKey, generatedKey, role, platform.DATABASE_URL));
  return host;
}

function banner(
  host: Host,
  systems: readonly SystemModule<unknown>[],
  address: string,
  apiKey: string,
  generatedKey: boolean,
  role: HostRole,
  databaseUrl?: string,
): string {
  const base = address.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
  const names = systems.map((s) => s.name).join(', ');
  const lines = [
    role === 'workers'
      ? `mlsd worker (${names}) listening on the queues of ${databaseUrl?.replace(/\/\/[^@]*@/, '//')}`
      : `mlsd (${names}) listening on ${base}${role === 'api' ? ' (API only: run workers with `mlsd worker`)' : ''}`,
    `  API docs   ${base}/docs`,
    `  dashboard  ${base}/dashboard?key=${apiKey}`,
    `  metrics    ${base}/metrics    health ${base}/healthz    ready ${base}/readyz`,
    `  API key    ${apiKey}${generatedKey ? ' (generated for this run; set MLSD_API_KEY to choose one)' : ' (from MLSD_API_KEY)'}`,
    `  port       --port N or PORT=N; interface --host ADDR or HOST=ADDR (default 127.0.0.1)`,
  ];
  for (const system of systems) {
    const runtime = host.runtimes.get(system.name);
    if (runtime?.banner?.length) lines.push('', `${system.name}:`, ...runtime.banner);
    for (const example of runtime?.tryIt?.(base, apiKey) ?? []) lines.push(example);
  }
  return `${lines.join('\n')}\n\n`;
}

const portOption = (v: string): number => {
  const port = Number(v);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be an integer from 0 to 65535, got "${v}"`);
  return port;
};

/** `mlsd serve` and `mlsd worker`: every system (or `--systems a,b`) in one process. */
export function addHostCommands(program: Command, known: readonly SystemModule<unknown>[]): void {
  const systemsOption = (value?: string) => (value ? selectSystems(value, known) : known);
  program
    .command('serve')
    .description('run every system (or --systems a,b): API and workers (embedded SQLite under --data-dir)')
    .option('--systems <names>', `comma-separated systems (${known.map((s) => s.name).join(', ')})`)
    .option('--port <port>', 'port (default PORT or 3000; 0 lets the OS choose)', portOption)
    .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      await serve({ ...options, systems: systemsOption(options.systems) });
    });
  program
    .command('worker')
    .description('run the workers of every system (or --systems a,b) only: scale-out over DATABASE_URL')
    .option('--systems <names>', `comma-separated systems (${known.map((s) => s.name).join(', ')})`)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      requireDatabaseUrl();
      await serve({ ...options, systems: systemsOption(options.systems), role: 'workers' });
    });
}

function requireDatabaseUrl(): void {
  if (!process.env.DATABASE_URL) {
    throw new UsageError(
      'workers in their own processes need DATABASE_URL=postgres://…; with the embedded SQLite store `mlsd serve` runs them in-process',
    );
  }
}

/** `mlsd <system> serve` and `mlsd <system> worker`: the same host with that system alone. */
export function addSystemServeCommands(group: Command, system: SystemModule<unknown>): void {
  group
    .command('serve')
    .description(`run the ${system.name} API with its workers (embedded SQLite under --data-dir)`)
    .option('--port <port>', 'port (default PORT or 3000; 0 lets the OS choose)', portOption)
    .option('--host <host>', 'interface to listen on (default HOST or 127.0.0.1)')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      await serve({ ...options, systems: [system] });
    });
  group
    .command('worker')
    .description(`run the ${system.name} workers only (scale-out over DATABASE_URL; start any number)`)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      requireDatabaseUrl();
      await serve({ ...options, systems: [system], role: 'workers' });
    });
}

export function apikeyCommand(): Command {
  const apikey = new Command('apikey').description('API keys of the service (stored hashed)');
  apikey
    .command('create')
    .description('create an API key and print it once')
    .option('--name <name>', 'who the key is for', 'cli')
    .addOption(dataDirOption())
    .action(async (options) => {
      const store = await openStore({
        dataDir: resolve(options.dataDir),
        databaseUrl: process.env.DATABASE_URL,
      });
      try {
        await migratePlatformAndSystems(store.db, store.dialect, []);
        process.stdout.write(`${await createApiKey(store.db, options.name)}\n`);
      } finally {
        await store.close();
      }
    });
  return apikey;
}
