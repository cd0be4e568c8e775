import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each system's results live in bench/results/<system>/, where its live design doc reads them. */
export const resultsDir = (system: string): string =>
  fileURLToPath(new URL(`./results/${system}/`, import.meta.url));

/** Where and on what a benchmark ran, so a reader can judge the numbers. */
export function machine(): Record<string, unknown> {
  return {
    node: process.version,
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memory_gib: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
}

/** Writes bench/results/<system>/<name>.json; the benchmarks here are support's unless they say. */
export function writeResult(name: string, result: unknown, system = 'support'): string {
  const dir = resultsDir(system);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const peakRssMiB = (): number => Math.round(process.resourceUsage().maxRSS / 1024);
