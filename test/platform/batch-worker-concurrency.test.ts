import { describe, expect, it } from 'vitest';
import { BatchWorker } from '../../src/platform/queue/batch-worker.ts';
import type { Job } from '../../src/platform/queue/queue.ts';

/** An in-memory queue of `n` jobs: take hands them out in order, stats counts what is left. */
function memoryQueue(n: number) {
  const ready: Job[] = Array.from({ length: n }, (_, i) => ({
    id: String(i),
    key: `k${i}`,
    attempts: 1,
    enqueuedAt: 0,
  }));
  return {
    take: async (limit: number) => ready.splice(0, limit),
    stats: async () => ({ depth: ready.length, oldestReadyAt: ready.length ? 0 : null }),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error('timed out waiting');
    await sleep(5);
  }
}

/** A worker whose batches wait until released; records how many ran at once. */
function gatedWorker(concurrency: number | undefined, jobs = 40) {
  const gates: (() => void)[] = [];
  const handled: string[] = [];
  let running = 0;
  let most = 0;
  const worker = new BatchWorker({
    name: 'gated',
    queue: memoryQueue(jobs),
    batchSize: 10,
    batchWaitMs: 0,
    leaseMs: 1_000,
    pollMs: 5,
    concurrency,
    handle: async (batch) => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((release) => gates.push(release));
      handled.push(...batch.map((j) => j.key));
      running--;
    },
  });
  const releaseAll = () => gates.splice(0).forEach((release) => release());
  return { worker, gates, handled, most: () => most, releaseAll };
}

describe('BatchWorker concurrency', () => {
  it('handles one batch at a time by default', async () => {
    const { worker, gates, handled, most, releaseAll } = gatedWorker(undefined);
    worker.start();
    await until(() => gates.length === 1);
    await sleep(50); // would be enough for a second batch to start
    expect(gates).toHaveLength(1);
    while (handled.length < 40) {
      releaseAll();
      await sleep(5);
    }
    await worker.stop();
    expect(most()).toBe(1);
    expect(handled).toHaveLength(40);
  });

  it('takes the next batch while one is in flight, up to `concurrency`, and stop() waits for them', async () => {
    const { worker, gates, handled, most, releaseAll } = gatedWorker(2);
    worker.start();
    await until(() => gates.length === 2);
    await sleep(50);
    expect(gates).toHaveLength(2); // never a third
    const stopped = worker.stop();
    let done = false;
    void stopped.then(() => (done = true));
    await sleep(30);
    expect(done).toBe(false); // both batches are still in flight
    releaseAll();
    await stopped;
    expect(most()).toBe(2);
    expect(handled.sort()).toEqual([...Array.from({ length: 20 }, (_, i) => `k${i}`)].sort());
  });

  it('reports a failing batch and carries on with the next', async () => {
    const errors: unknown[] = [];
    const handled: string[] = [];
    const worker = new BatchWorker({
      name: 'failing',
      queue: memoryQueue(30),
      batchSize: 10,
      batchWaitMs: 0,
      leaseMs: 1_000,
      pollMs: 5,
      concurrency: 2,
      onError: (error) => errors.push(error),
      handle: async (batch) => {
        if (batch[0]!.key === 'k0') throw new Error('first batch fails');
        handled.push(...batch.map((j) => j.key));
      },
    });
    worker.start();
    await until(() => handled.length === 20);
    await worker.stop();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('first batch fails');
  });

  it('rejects a concurrency that is not a positive integer', () => {
    expect(() => gatedWorker(0)).toThrow(/concurrency must be a positive integer/);
  });
});
