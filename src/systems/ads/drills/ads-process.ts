import { startServiceChild, type ServiceChild } from '../../../platform/drills/service-process.ts';
import { packagePath } from '../../../platform/package-root.ts';

export type AdsProcess = ServiceChild;

/**
 * Runs `mlsd ads serve` as a child process on a port the OS picks, as production would (the crash
 * drill kills it with SIGKILL). Resolves once it listens, with its base URL.
 */
export function startAdsProcess(
  dataDir: string,
  apiKey: string,
  env: Record<string, string> = {},
  /** Another entry point taking the data dir as its one argument (tests use a lighter one). */
  entry?: string[],
): Promise<AdsProcess> {
  const args = entry
    ? [...entry, dataDir]
    : [packagePath('bin', 'mlsd.js'), 'ads', 'serve', '--port', '0', '--data-dir', dataDir];
  return startServiceChild({ args, env, apiKey });
}
