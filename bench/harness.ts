// Runs the real service as a child process (as production would), for the load and crash benchmarks.
// The service serves the benchmarks' own model (see support-model.ts), never the one in ./var.
import type { ChildProcess } from 'node:child_process';
import { request, Agent } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultGoEmotionsDir, loadSplit } from '../src/systems/support/data/goemotions.ts';
import { startServiceChild } from '../src/platform/drills/service-process.ts';
import { benchModelDir } from './support-model.ts';

export { benchModelDir };

export const API_KEY = 'bench-key-0123456789abcdef';
const BIN = fileURLToPath(new URL('../bin/mlsd.js', import.meta.url));

export interface ServiceProcess {
  child: ChildProcess;
  port: number;
  /** Peak resident memory of the child so far (VmHWM), MiB. */
  peakRssMiB(): number;
  /** Resident memory now (VmRSS), for per-step peaks. */
  rssMiB(): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `mlsd support serve` (or `worker`) on `port` over `dataDir`; a fresh `dataDir` gets the
 * benchmarks' production model (`--registry` copies it into the store; trained on first use).
 */
export async function startService(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
  nodeArgs: string[] = [],
  command: 'serve' | 'worker' = 'serve',
): Promise<ServiceProcess> {
  const args = command === 'serve' ? ['support', 'serve', '--port', String(port)] : ['support', 'worker'];
  const registry = await benchModelDir();
  const service = await startServiceChild({
    args: [...nodeArgs, BIN, ...args, '--data-dir', dataDir, '--registry', registry],
    env,
    apiKey: API_KEY,
    port,
  });
  return {
    child: service.child,
    port,
    rssMiB: () => service.statusMiB('VmRSS'),
    peakRssMiB: () => service.statusMiB('VmHWM'),
    stop: service.stop,
  };
}

export const agent = new Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON to the service; resolves with the status code (0 on a connection error). */
export async function postJson(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<number> {
  return (await send(port, path, body, headers, false)).status;
}

/** The same, resolving with the status and the parsed answer (null on a connection error). */
export const postJsonAnswer = (
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> => send(port, path, body, headers, true);

function send(
  port: number,
  path: string,
  body: unknown,
  headers: Record<string, string>,
  readBody: boolean,
): Promise<{ status: number; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          'x-api-key': API_KEY,
          ...headers,
        },
      },
      (res) => {
        let text = '';
        if (readBody) {
          res.setEncoding('utf8');
          res.on('data', (chunk) => (text += chunk));
        } else res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      },
    );
    req.on('error', () => resolve({ status: 0, body: null }));
    req.end(payload);
  });
}

/** Real comment texts to send (GoEmotions dev), so the classifier does its real work. */
export function commentTexts(): string[] {
  const dir = defaultGoEmotionsDir();
  if (!dir) throw new Error('the benchmarks need ../shared/data/goemotions');
  return loadSplit(dir, 'dev').examples.map((e) => e.text);
}

export const storePath = (dataDir: string): string => join(dataDir, 'service.sqlite');

export const percentile = (sorted: number[], p: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : Number.NaN;

/** A fresh PostgreSQL database for a benchmark run, or undefined when none is reachable. */
export async function createBenchDatabase(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  const { default: pg } = await import('pg');
  const admin = process.env.MLSD_BENCH_PG_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `mlsd_bench_${Date.now()}`;
  const client = new pg.Client({ connectionString: admin });
  try {
    await client.connect();
    await client.query(`create database ${name}`);
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
  return {
    url: admin.replace(/\/[^/]*$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
