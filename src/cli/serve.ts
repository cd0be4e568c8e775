import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { Command } from '@commander-js/extra-typings';
import { createApiKey } from '../platform/http/api-keys.ts';
import { openSqlite } from '../platform/store/sqlite.ts';
import { migrateSupportStore, type SupportSchema } from '../systems/support/service/tables.ts';
import { createSupportService, type SupportService } from '../systems/support/service/create-service.ts';
import { parseServiceEnv } from '../systems/support/service/env.ts';
import { openRegistry, UsageError } from './common.ts';
import { join } from 'node:path';

/** Serves until SIGTERM/SIGINT, then stops accepting, drains in-flight work and exits. */
export async function serveSupport(options: {
  port: number;
  host: string;
  dataDir: string;
  registry?: string;
  banner?: boolean;
  /** 'all': API + workers (embedded default); 'api' or 'workers' for the PostgreSQL scale-out. */
  role?: 'all' | 'api' | 'workers';
}): Promise<SupportService> {
  const env = parseServiceEnv(process.env);
  const role = options.role ?? (env.DATABASE_URL ? 'api' : 'all');
  let apiKey = env.MLSD_API_KEY;
  if (!apiKey) {
    apiKey = `mlsd_${randomBytes(24).toString('base64url')}`;
    env.MLSD_API_KEY = apiKey;
  }
  const registry = await openRegistry(options);
  let service: SupportService;
  try {
    service = await createSupportService({
      dataDir: resolve(options.dataDir),
      registry,
      env,
      workers: role !== 'api',
    });
  } catch (error) {
    await registry.close();
    throw error;
  }
  const address =
    role === 'workers'
      ? 'http://(no HTTP: worker only)'
      : await service.app.listen({ port: options.port, host: options.host });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${signal}: no longer accepting; draining in-flight work…\n`);
    await service.close();
    await registry.close();
    process.stderr.write('drained; bye\n');
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  if (options.banner !== false) {
    const base = address.replace('0.0.0.0', 'localhost').replace('127.0.0.1', 'localhost');
    process.stdout.write(
      [
        role === 'workers'
          ? `mlsd support worker ${service.modelVersion} listening on the queues of ${env.DATABASE_URL?.replace(/\/\/[^@]*@/, '//')}`
          : `mlsd support service ${service.modelVersion} listening on ${base}${role === 'api' ? ' (API only: run workers with `mlsd support worker`)' : ''}`,
        `  API docs   ${base}/docs`,
        `  dashboard  ${base}/dashboard?key=${apiKey}`,
        `  metrics    ${base}/metrics    health ${base}/healthz    ready ${base}/readyz`,
        `  replies    ${env.SUPPORT_WEBHOOK_URL ?? `embedded sink (GET ${base}/v1/messages)`}`,
        `  API key    ${apiKey}${process.env.MLSD_API_KEY ? ' (from MLSD_API_KEY)' : ' (generated for this run; set MLSD_API_KEY to choose one)'}`,
        '',
        'Try:',
        `  curl -s -X POST ${base}/v1/comments -H 'content-type: application/json' -H 'x-api-key: ${apiKey}' \\`,
        `    -d '{"comment_id":"c1","user_id":"u1","text":"I failed my exam again and I feel awful"}'`,
        `  curl -s ${base}/v1/comments/c1 -H 'x-api-key: ${apiKey}'`,
        '',
      ].join('\n'),
    );
  }
  return service;
}

export function addServeCommands(support: Command): void {
  support
    .command('serve')
    .description('run the API with the classify and dispatch workers (embedded SQLite under --data-dir)')
    .option('--port <port>', 'port', (v) => Number(v), 3000)
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--data-dir <dir>', 'where the store, registry and artifacts live', './var')
    .option('--registry <path>', 'registry file (default: <data-dir>/registry.sqlite)')
    .action(async (options) => {
      await serveSupport(options);
    });

  support
    .command('worker')
    .description('run classify and dispatch workers only (scale-out over DATABASE_URL; start any number)')
    .option('--data-dir <dir>', 'where the registry and artifacts live', './var')
    .option('--registry <path>', 'registry file (default: <data-dir>/registry.sqlite)')
    .action(async (options) => {
      if (!process.env.DATABASE_URL) {
        throw new UsageError(
          'workers in their own processes need DATABASE_URL=postgres://…; with the embedded SQLite store `mlsd support serve` runs them in-process',
        );
      }
      await serveSupport({ ...options, port: 0, host: '127.0.0.1', role: 'workers' });
    });
}

export function apikeyCommand(): Command {
  const apikey = new Command('apikey').description('API keys of the service (stored hashed)');
  apikey
    .command('create')
    .description('create an API key and print it once')
    .option('--name <name>', 'who the key is for', 'cli')
    .option('--data-dir <dir>', 'where the store lives', './var')
    .action(async (options) => {
      const db = openSqlite<SupportSchema>(join(resolve(options.dataDir), 'service.sqlite'));
      try {
        await migrateSupportStore(db, 'sqlite');
        process.stdout.write(`${await createApiKey(db, options.name)}\n`);
      } finally {
        await db.destroy();
      }
    });
  return apikey;
}
