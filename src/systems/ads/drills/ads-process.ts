import { spawn, type ChildProcess } from 'node:child_process';
import { packagePath } from '../../../platform/package-root.ts';

export interface AdsProcess {
  child: ChildProcess;
  base: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `mlsd ads serve` as a child process on a port the OS picks, as production would (the crash
 * drill kills it with SIGKILL). Resolves once it listens, with its base URL.
 */
export async function startAdsProcess(
  dataDir: string,
  apiKey: string,
  env: Record<string, string> = {},
  /** Another entry point taking the data dir as its one argument (tests use a lighter one). */
  entry?: string[],
): Promise<AdsProcess> {
  const args = entry
    ? [...entry, dataDir]
    : [packagePath('bin', 'mlsd.js'), 'ads', 'serve', '--port', '0', '--data-dir', dataDir];
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      MLSD_API_KEY: apiKey,
      MLSD_LOG_LEVEL: 'error',
      MLSD_RATE_LIMIT_PER_MINUTE: '100000000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`ads service did not start: ${stderr}`)), 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const port = /listening on http:\/\/[^:]+:(\d+)/.exec(stdout)?.[1];
      if (port) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`ads service exited with ${code}: ${stderr}`));
    });
  });
  child.stdout!.resume();
  return {
    child,
    base,
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}
