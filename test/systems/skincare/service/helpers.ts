import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '../../../../src/platform/host/host.ts';
import type { SystemModule } from '../../../../src/platform/host/system.ts';
import type { Product } from '../../../../src/systems/skincare/contracts.ts';
import { loadCatalog } from '../../../../src/systems/skincare/data/catalog.ts';
import { loadCosing, type CosingIndex } from '../../../../src/systems/skincare/data/cosing.ts';
import { KNOWLEDGE_BASE } from '../../../../src/systems/skincare/knowledge/index.ts';
import {
  DEFAULT_SUITABILITY_PARAMS,
  isTrainable,
  scoreSuitability,
  trainSuitability,
} from '../../../../src/systems/skincare/model/suitability.ts';
import { analysePhoto } from '../../../../src/systems/skincare/photo/analyse.ts';
import {
  skincareServiceConfigSchema,
  type SkincareServiceConfig,
} from '../../../../src/systems/skincare/service/config.ts';
import {
  startSkincareOver,
  type ServingParts,
  type SkincareRuntime,
} from '../../../../src/systems/skincare/service/start.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../../../../src/systems/skincare/service/tables.ts';
import { resolveSkincareDir } from '../../../../src/systems/skincare/data/skincare-dir.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';

/** The shared skincare data folder beside the repository, wherever it is checked out. */
export const SKINCARE_DATA = resolveSkincareDir();
export const KEY = 'skincare-test-key-0123456789abcdef';
export const headers = { 'x-api-key': KEY };

let parts: Promise<ServingParts> | undefined;

/**
 * The real serving parts, built once per test file: the merged catalog from the shared data, the
 * suitability model trained on it (seed 1) scoring every product, the knowledge base, CosIng and
 * the photo analysis.
 */
export function servingParts(): Promise<ServingParts> {
  parts ??= (async () => {
    const { products } = loadCatalog(SKINCARE_DATA);
    const model = trainSuitability(products.filter(isTrainable), DEFAULT_SUITABILITY_PARAMS, 1);
    const score = (list: Product[]) => list.map((p) => ({ ...p, suitability: scoreSuitability(model, p) }));
    let cosing: CosingIndex | undefined;
    return {
      catalog: score(products),
      modelVersion: 'skincare-suitability/test',
      kb: KNOWLEDGE_BASE,
      score,
      cosing: () => (cosing ??= loadCosing(SKINCARE_DATA)),
      analysePhoto: (photo: Buffer) => analysePhoto(photo),
    };
  })();
  return parts;
}

export interface SkincareTestHost {
  host: Host;
  runtime: SkincareRuntime;
  /** The store, typed by the skincare tables (and the experiment log). */
  db: SkincareDb;
  /** A JSON request with the API key; `body` is the parsed answer. */
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; type: string }>;
  /** Advances the host's clock. */
  advance(ms: number): void;
}

export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'mlsd-skincare-'));

/**
 * A host serving the skincare system alone over a fresh data dir (or `options.dataDir`, e.g. one
 * a CLI test reads after), and DATABASE_URL when given, on a clock the test moves.
 */
export async function startSkincareHost(
  env: Record<string, string> = {},
  options: { dataDir?: string } = {},
): Promise<SkincareTestHost> {
  const serving = await servingParts();
  let now = Date.UTC(2025, 0, 6, 12);
  const system: SystemModule<SkincareServiceConfig> = {
    name: 'skincare',
    prefix: '/v1/skincare',
    config: skincareServiceConfigSchema,
    migrations: SKINCARE_MIGRATIONS,
    start: async (ctx) => startSkincareOver(ctx, serving),
  };
  const host = await createHost({
    systems: [system],
    dataDir: options.dataDir ?? freshDataDir(),
    env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ...env },
    registry: openTestRegistry,
    role: 'all',
    clock: () => now,
  });
  const runtime = host.runtimes.get('skincare') as SkincareRuntime;
  return {
    host,
    runtime,
    db: host.store.db as SkincareDb,
    advance: (ms) => {
      now += ms;
    },
    call: async (method, url, payload) => {
      const response = await host.app.inject({ method, url, headers, payload: payload as object });
      return {
        status: response.statusCode,
        body: response.body ? (response.json() as Record<string, unknown>) : {},
        type: String(response.headers['content-type']),
      };
    },
  };
}

/** A multipart body: fields, then an optional file in `photo`. */
export function multipartBody(
  fields: Record<string, string>,
  file?: { bytes: Buffer; name?: string; type?: string; field?: string },
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----mlsd${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    chunks.push(
      Buffer.from(`--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`),
    );
  if (file)
    chunks.push(
      Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="${file.field ?? 'photo'}"; filename="${file.name ?? 'face.jpg'}"\r\ncontent-type: ${file.type ?? 'image/jpeg'}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** The first bytes of a JPEG and nothing else: a file that claims to be a photo and is not one. */
export const JPEG_HEADER_ONLY = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]);

/** One host for a whole test file: started before its tests (models trained once), closed after. */
export function hostForFile(): () => SkincareTestHost {
  let host: SkincareTestHost | undefined;
  beforeAll(async () => {
    await servingParts();
    host = await startSkincareHost();
  }, 240_000);
  afterAll(() => host?.host.close());
  return () => host!;
}
