import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHost, type Host } from '../../../../src/platform/host/host.ts';
import { adsSystem } from '../../../../src/systems/ads/system.ts';
import type { AdsRuntime } from '../../../../src/systems/ads/service/start.ts';
import { openTestRegistry } from '../../../platform/registry-helpers.ts';

export const KEY = 'ads-test-key-0123456789abcdef';
export const headers = { 'x-api-key': KEY };

export interface AdsTestHost {
  host: Host;
  runtime: AdsRuntime;
  post(
    url: string,
    payload: unknown,
  ): Promise<{ status: number; body: Record<string, unknown>; type: string }>;
  get(url: string): Promise<{ status: number; body: Record<string, unknown> }>;
}

export const freshDataDir = (): string => mkdtempSync(join(tmpdir(), 'mlsd-ads-'));

/** A host serving the ads system alone over `dataDir` (and DATABASE_URL when given). */
export async function startAdsHost(dataDir: string, env: Record<string, string> = {}): Promise<AdsTestHost> {
  const host = await createHost({
    systems: [adsSystem],
    dataDir,
    env: { MLSD_API_KEY: KEY, MLSD_LOG_LEVEL: 'silent', ADS_SEED: '7', ADS_SNAPSHOT_MS: '0', ...env },
    registry: openTestRegistry,
    role: 'all',
  });
  const runtime = host.runtimes.get('ads') as AdsRuntime;
  const inject = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const response = await host.app.inject({ method, url, headers, payload: payload as object });
    return {
      status: response.statusCode,
      body: response.json() as Record<string, unknown>,
      type: String(response.headers['content-type']),
    };
  };
  return {
    host,
    runtime,
    post: (url, payload) => inject(url.includes('/banners/') ? 'PATCH' : 'POST', url, payload),
    get: (url) => inject('GET', url),
  };
}
