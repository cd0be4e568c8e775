import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRng } from '../../../ml/random/rng.ts';
import { dayOfItem, forEachSimulatedDay, SimulatedClock } from '../../../platform/experiments/clock.ts';
import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import type { Example } from '../data/goemotions.ts';
import type { PilotConfig } from './config.ts';
import { createSupportService } from '../service/create-service.ts';
import { parseServiceEnv } from '../service/env.ts';
import { NEGATIVE } from '../data/taxonomy.ts';

const FINAL = new Set(['sent', 'skipped', 'dead_lettered']);

export interface SimulationSummary {
  label: string;
  data: string;
  comments: number;
  users: number;
  days: number;
  parameters: PilotConfig['simulation'];
  started_at: string;
  /** Simulated day 0 (epoch ms); the service's clock ran on simulated time. */
  day0: number;
  reactions: Record<string, number>;
  /** Per arm, what the labels say about who got messages (only a simulation can know this). */
  truth: Record<string, { messages: number; to_negative: number }>;
  wall_seconds: number;
}

export interface SimulateOptions {
  examples: Example[];
  dataFile: string;
  config: PilotConfig;
  registry: ModelRegistry;
  /** Fresh folder for the pilot's store; an older pilot there is replaced. */
  dataDir: string;
  onDay?: (day: number, days: number) => void;
}

/**
 * Replays labeled comments through the real HTTP service with the pilot A/B switched on, as
 * simulated users: each comment belongs to a random user and a simulated day; after each day,
 * users who got a message react according to their comment's true label (needs support → helpful
 * with p, …). The service runs on a simulated clock, so the 24 h cooldown spans simulated days.
 */
export async function simulatePilot(options: SimulateOptions): Promise<SimulationSummary> {
  const { examples, config } = options;
  const sim = config.simulation;
  rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  const day0 = Date.UTC(2026, 0, 5);
  const clock = new SimulatedClock(day0);
  const apiKey = randomBytes(16).toString('hex');
  const service = await createSupportService({
    dataDir: options.dataDir,
    registry: options.registry,
    env: parseServiceEnv({ MLSD_API_KEY: apiKey, MLSD_LOG_LEVEL: 'silent', SUPPORT_PILOT: 'on' }),
    workers: true,
    clock: clock.now,
  });
  const started = Date.now();
  const rng = createRng(sim.seed);
  const rows = examples.map((example, i) => ({
    example,
    user: `sim-user-${rng.int(0, sim.users - 1)}`,
    day: dayOfItem(i, examples.length, sim.days),
    // One draw per comment whatever happens to it, so reactions do not depend on the arm.
    draw: rng.next(),
  }));
  const reactions: Record<string, number> = { helpful: 0, not_needed: 0, unsubscribe: 0, none: 0 };
  const truth: SimulationSummary['truth'] = {};
  try {
    const base = await service.app.listen({ port: 0, host: '127.0.0.1' });
    const call = async (path: string, body: unknown) => {
      const response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': apiKey },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
      return response.json() as Promise<{ comments?: { comment_id: string; state: string }[] }>;
    };
    await forEachSimulatedDay(clock, { day0, days: sim.days }, async (day, dayStart) => {
      const today = rows.filter((r) => r.day === day);
      const batches = chunk(today, 500).map((batch) => ({
        comments: batch.map((r, j) => ({
          comment_id: `sim-${r.example.id}`,
          user_id: r.user,
          text: r.example.text,
          created_at: new Date(dayStart + j).toISOString(),
        })),
      }));
      for (const batch of batches) await call('/v1/comments', batch);
      // Posting the same ids again is idempotent and returns their current states.
      const states = new Map<string, string>();
      for (;;) {
        for (const batch of batches)
          for (const c of (await call('/v1/comments', batch)).comments ?? [])
            states.set(c.comment_id, c.state);
        if ([...states.values()].every((s) => FINAL.has(s))) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const sent = today.filter((r) => states.get(`sim-${r.example.id}`) === 'sent');
      const arms = await armsOf(
        service.db,
        sent.map((r) => `sim-${r.example.id}`),
      );
      for (const r of sent) {
        const needs = r.example.groups.includes(NEGATIVE);
        const arm = arms.get(`sim-${r.example.id}`) ?? 'none';
        const t = (truth[arm] ??= { messages: 0, to_negative: 0 });
        t.messages++;
        if (needs) t.to_negative++;
        const reaction = react(needs, r.draw, sim);
        reactions[reaction ?? 'none']!++;
        if (!reaction) continue;
        await call('/v1/feedback', {
          comment_id: `sim-${r.example.id}`,
          reaction,
          reacted_at: new Date(dayStart + 3600_000).toISOString(),
        });
      }
      options.onDay?.(day + 1, sim.days);
    });
  } finally {
    await service.close();
  }
  const summary: SimulationSummary = {
    label: 'SIMULATION: real labeled GoEmotions comments, simulated users and reactions',
    data: options.dataFile,
    comments: examples.length,
    users: new Set(rows.map((r) => r.user)).size,
    days: sim.days,
    parameters: sim,
    started_at: new Date(started).toISOString(),
    day0,
    reactions,
    truth,
    wall_seconds: (Date.now() - started) / 1000,
  };
  writeFileSync(join(options.dataDir, 'simulation.json'), JSON.stringify(summary, null, 2) + '\n');
  return summary;
}

/** A simulated recipient's reaction, from one uniform draw. */
export function react(needsSupport: boolean, draw: number, sim: PilotConfig['simulation']): string | null {
  if (needsSupport) {
    if (draw < sim.helpfulIfNeeded) return 'helpful';
    if (draw < sim.helpfulIfNeeded + sim.notNeededIfNeeded) return 'not_needed';
    return null;
  }
  if (draw < sim.unsubscribeIfNot) return 'unsubscribe';
  if (draw < sim.unsubscribeIfNot + sim.notNeededIfNot) return 'not_needed';
  return null;
}

async function armsOf(
  db: import('kysely').Kysely<import('../service/tables.ts').SupportSchema>,
  ids: string[],
) {
  const arms = new Map<string, string>();
  for (const part of chunk(ids, 500)) {
    if (!part.length) continue;
    const rows = await db
      .selectFrom('support_comments')
      .select(['comment_id', 'experiment_arm'])
      .where('comment_id', 'in', part)
      .execute();
    for (const row of rows) if (row.experiment_arm) arms.set(row.comment_id, row.experiment_arm);
  }
  return arms;
}

function chunk<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
