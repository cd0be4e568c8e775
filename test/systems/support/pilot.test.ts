import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import { openSqlite } from '../../../src/platform/store/sqlite.ts';
import type { SupportSchema } from '../../../src/systems/support/service/tables.ts';
import { analyzePilot } from '../../../src/systems/support/pilot/analysis.ts';
import { loadPilotConfig } from '../../../src/systems/support/pilot/config.ts';
import { react, simulatePilot } from '../../../src/systems/support/pilot/simulate.ts';
import { writePilotReport } from '../../../src/systems/support/pilot/report.ts';
import { GOEMOTIONS_DIR, registerTestModel, smallSplits } from './helpers.ts';

describe.runIf(GOEMOTIONS_DIR)('support pilot', () => {
  let registry: ModelRegistry;
  beforeAll(async () => {
    registry = await ModelRegistry.openDataDir(mkdtempSync(join(tmpdir(), 'mlsd-pilot-reg-')));
    await registerTestModel(registry, 42);
  });
  afterAll(async () => registry.close());

  it('simulated users react by their true label', () => {
    const sim = loadPilotConfig().simulation;
    expect(react(true, 0.1, sim)).toBe('helpful');
    expect(react(true, sim.helpfulIfNeeded + 0.01, sim)).toBe('not_needed');
    expect(react(false, sim.unsubscribeIfNot - 0.01, sim)).toBe('unsubscribe');
    expect(react(false, 0.99, sim)).toBeNull();
  });

  it('replays comments through the service, logs exposures and outcomes, and analyses them', async () => {
    const base = loadPilotConfig();
    const config = { ...base, simulation: { ...base.simulation, users: 400, days: 4 } };
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-pilot-'));
    const examples = smallSplits(10, 1200).dev;
    const summary = await simulatePilot({ examples, dataFile: 'dev slice', config, registry, dataDir });
    expect(summary.comments).toBe(1200);
    expect(summary.label).toMatch(/SIMULATION/);

    const db = openSqlite<SupportSchema>(join(dataDir, 'service.sqlite'));
    try {
      // Every comment carries the arm its user hashes to; arm A (all-sad) also messages non-negative comments.
      const rows = await db
        .selectFrom('support_comments')
        .select(['experiment_arm', 'needs_support', 'state'])
        .execute();
      expect(rows.every((r) => r.experiment_arm === 'A' || r.experiment_arm === 'B')).toBe(true);
      expect(rows.some((r) => r.experiment_arm === 'A' && r.needs_support === 0 && r.state === 'sent')).toBe(
        true,
      );
      expect(rows.some((r) => r.experiment_arm === 'B' && r.needs_support === 0 && r.state === 'sent')).toBe(
        false,
      );

      const analysis = await analyzePilot(db, config, summary.day0, summary.days);
      const [a, b] = analysis.arms;
      expect(a!.policy).toBe('all_sad');
      expect(a!.messages).toBeGreaterThan(b!.messages);
      expect(a!.helpful + b!.helpful).toBe(summary.reactions.helpful);
      expect(analysis.sequential.length).toBeLessThanOrEqual(4);
      expect(analysis.sequential.at(-1)!.messages.A).toBe(a!.messages);
      expect(analysis.verdict.checks.map((c) => c.name)).toHaveLength(4);
      expect(analysis.primary.arms[1]!.rate!).toBeGreaterThan(analysis.primary.arms[0]!.rate!);

      const out = mkdtempSync(join(tmpdir(), 'mlsd-pilot-report-'));
      writePilotReport(out, analysis, summary, config);
      const markdown = readFileSync(join(out, 'pilot-report.md'), 'utf8');
      expect(markdown).toContain('This is a simulation on real labeled comments');
      expect(existsSync(join(out, 'pilot-sequential.svg'))).toBe(true);
      expect(readFileSync(join(out, 'pilot-arms.svg'), 'utf8')).toContain('<svg');
    } finally {
      await db.destroy();
    }
  }, 60_000);
});
