import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** A service running as a child process, as production would run it (drills kill it with SIGKILL). */
export interface ServiceChild {
  child: ChildProcess;
  /** The port it said it listens on ("listening on http://host:port"), else `options.port` (0 for a worker). */
  port: number;
  base: string;
  /** A memory figure of the child from /proc: VmRSS now, VmHWM the peak so far (MiB; 0 once it is gone). */
  statusMiB(field: 'VmRSS' | 'VmHWM'): number;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface ServiceChildOptions {
  /** Node's arguments: the entry script and its own (e.g. bin/mlsd.js ads serve --port 0 …). */
  args: string[];
  env?: Record<string, string>;
  apiKey: string;
  /** The port to report when the child prints none (a worker serves no HTTP). */
  port?: number;
  /** How long to wait for the "listening on" line (default 60 s: a loaded machine starts tsx slowly). */
  timeoutMs?: number;
}

/**
 * Starts a service child with benchmark-friendly defaults (its API key, quiet logs, no effective
 * rate limit) and resolves once it prints "listening on …" (an API's URL, or a worker's queues).
 */
export async function startServiceChild(options: ServiceChildOptions): Promise<ServiceChild> {
  reapOnExit();
  const child = spawn(process.execPath, options.args, {
    env: {
      ...process.env,
      MLSD_API_KEY: options.apiKey,
      MLSD_LOG_LEVEL: 'error',
      MLSD_RATE_LIMIT_PER_MINUTE: '100000000',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? 60_000;
    const timer = setTimeout(
      () => reject(new Error(`service did not start in ${timeoutMs / 1000} s: ${stderr}`)),
      timeoutMs,
    );
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      // An API prints "listening on http://host:port", a worker "listening on the queues of …".
      if (!stdout.includes('listening on')) return;
      const port = /listening on http:\/\/[^:\s]+:(\d+)/.exec(stdout)?.[1];
      clearTimeout(timer);
      resolve(port ? Number(port) : (options.port ?? 0));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`service exited with ${code}: ${stderr}`));
    });
  });
  child.stdout!.resume();
  return {
    child,
    port,
    base: `http://127.0.0.1:${port}`,
    statusMiB: (field) => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        return Math.round(Number(status.match(new RegExp(`${field}:\\s+(\\d+)`))?.[1] ?? 0) / 1024);
      } catch {
        return 0;
      }
    },
    stop: (signal = 'SIGTERM') =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill(signal);
      }),
  };
}

/** Children still running: killed when this process ends, so a stopped drill leaves no service behind. */
const running = new Set<ChildProcess>();
let reaping = false;

/**
 * Kills the running children when this process exits or is interrupted (a benchmark stopped with
 * Ctrl-C or kill left its services holding their ports, and the next run failed on "port in use").
 * A signal is passed on after the children are killed, so the process still ends as it would have.
 */
function reapOnExit(): void {
  if (reaping) return;
  reaping = true;
  const killAll = () => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.once('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
}
