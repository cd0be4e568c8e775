import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('service children of a drill', () => {
  for (const signal of ['SIGTERM', 'SIGINT'] as const)
    it(`are killed when the drill is stopped with ${signal}`, async () => {
      const parent = spawn(
        process.execPath,
        ['--import', 'tsx', new URL('./fixtures/drill-parent.ts', import.meta.url).pathname],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const childPid = await new Promise<number>((resolve) =>
        parent.stdout!.on('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
      );
      expect(alive(childPid)).toBe(true);
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        parent.once('exit', (_, s) => resolve(s)),
      );
      parent.kill(signal);
      expect(await exited).toBe(signal); // it still ends by the signal it got
      const deadline = Date.now() + 5000;
      while (alive(childPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(alive(childPid)).toBe(false);
    }, 30_000);
});
