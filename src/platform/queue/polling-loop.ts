import type { Worker } from '../host/system.ts';
import { Idle } from './idle.ts';

/**
 * What every worker loop shares: started once, woken when work arrives in this process, stopped
 * by letting the current round finish. Subclasses write the loop itself (`run`), checking
 * `running` and sleeping on `idle` between rounds.
 */
export abstract class PollingLoop implements Worker {
  protected readonly idle = new Idle();
  protected running = false;
  private loop?: Promise<void>;

  constructor(readonly name: string) {}

  protected abstract run(): Promise<void>;

  /** New work arrived in this process: look now instead of at the next poll. */
  wake(): void {
    this.idle.wake();
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops taking work and waits for the round in progress. */
  async stop(): Promise<void> {
    this.running = false;
    this.idle.wake();
    await this.loop;
  }
}
