import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelRegistry } from '../../../src/platform/registry/registry.ts';
import { openSqlite } from '../../../src/platform/store/sqlite.ts';
import { migrateSupportStore, type SupportSchema } from '../../../src/systems/support/service/tables.ts';
import { logEvents, logExposures, type OutcomeEvent } from '../../../src/platform/experiments/log.ts';
import { analyzePilot } from '../../../src/systems/support/pilot/analysis.ts';
import { loadPilotConfig } from '../../../src/systems/support/pilot/config.ts';
import { react, simulatePilot } from '../../../src/systems/support/pilot/simulate.ts';
import { ARMS_SVG_SIZE, writePilotReport } from '../../../src/systems/support/pilot/report.ts';
import { armsChart } from '../../../src/systems/support/pilot/charts.ts';
import { formatPercent } from '../../../src/platform/reports/format.ts';
import { svgBars, svgWhiskers, valueToPixel } from '../../platform/svg-reading.ts';
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
      expect(analysis.verdict.checks.map((c) => c.name)).toEqual([
        'answer within the SLA',
        'model above the baseline (primary metric)',
        'guardrail: unsubscribe rate not worse',
        'assignment healthy (no sample ratio mismatch)',
      ]);
      const [sla, primaryCheck, guardrail, srm] = analysis.verdict.checks;
      const slowestP99 = Math.max(...Object.values(analysis.latency).map((l) => l.p99_ms));
      expect(sla!.pass).toBe(slowestP99 < config.success.maxP99LatencySeconds * 1000);
      expect(primaryCheck!.detail).toContain(
        `helpful share ${formatPercent(b!.helpful / b!.messages)} vs ${formatPercent(a!.helpful / a!.messages)}`,
      );
      expect(primaryCheck!.pass).toBe(analysis.holm.primary < config.success.alpha);
      expect(guardrail!.detail).toContain(
        `${formatPercent(b!.unsubscribed / b!.users)} vs ${formatPercent(a!.unsubscribed / a!.users)} of exposed users`,
      );
      expect(srm!.pass).toBe(analysis.srm_p_value >= 0.001);
      expect(analysis.verdict.success).toBe(analysis.verdict.checks.every((c) => c.pass));
      expect(analysis.primary.arms[1]!.rate!).toBeGreaterThan(analysis.primary.arms[0]!.rate!);

      // The arms' counts are those in the exposure and outcome log.
      const key = config.experiment.key;
      const exposed = await db
        .selectFrom('experiment_exposures')
        .select(['arm', (eb) => eb.fn.countAll<number>().as('n')])
        .where('experiment', '=', key)
        .groupBy('arm')
        .execute();
      const logged = await db
        .selectFrom('experiment_events')
        .select([
          'arm',
          'event',
          (eb) => eb.fn.countAll<number>().as('n'),
          (eb) => eb.fn.count<number>('unit_id').distinct().as('units'),
        ])
        .where('experiment', '=', key)
        .groupBy(['arm', 'event'])
        .execute();
      const row = (arm: string, event: string) => logged.find((r) => r.arm === arm && r.event === event);
      const count = (arm: string, event: string) => Number(row(arm, event)?.n ?? 0);
      for (const arm of analysis.arms) {
        expect(arm.users).toBe(Number(exposed.find((r) => r.arm === arm.name)!.n));
        expect(arm.messages).toBe(count(arm.name, 'message'));
        expect(arm.helpful).toBe(count(arm.name, 'helpful'));
        expect(arm.not_needed).toBe(count(arm.name, 'not_needed'));
        expect(arm.unsubscribed).toBe(Number(row(arm.name, 'unsubscribe')?.units ?? 0));
      }
      const sent = await db
        .selectFrom('support_messages')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sent')
        .executeTakeFirstOrThrow();
      expect(a!.messages + b!.messages).toBe(Number(sent.n));

      const out = mkdtempSync(join(tmpdir(), 'mlsd-pilot-report-'));
      writePilotReport(out, analysis, summary, config);
      const markdown = readFileSync(join(out, 'pilot-report.md'), 'utf8');
      expect(markdown).toContain('This is a simulation on real labeled comments');
      const json = JSON.parse(readFileSync(join(out, 'pilot-report.json'), 'utf8'));
      expect(json.analysis).toEqual(JSON.parse(JSON.stringify(analysis)));
      expect(markdown).toContain(
        `| helpful share of messages | ${formatPercent(analysis.primary.arms[0]!.rate)} | ${formatPercent(analysis.primary.arms[1]!.rate)} |`,
      );

      // pilot-arms.svg: one bar per arm at its helpful share, whiskers at its Wilson CI, labelled axes.
      const svg = readFileSync(join(out, 'pilot-arms.svg'), 'utf8');
      const option = armsChart(analysis);
      const grid = { top: option.grid.top, bottom: ARMS_SVG_SIZE.height - option.grid.bottom };
      const y = (v: number) => valueToPixel(v, 0, option.yAxis.max, grid);
      const bars = svgBars(svg);
      const whiskers = svgWhiskers(svg);
      expect(bars).toHaveLength(analysis.arms.length);
      expect(whiskers).toHaveLength(analysis.arms.length);
      analysis.primary.arms.forEach((arm, i) => {
        expect(bars[i]!.top).toBeCloseTo(y(arm.rate!), 0);
        expect(whiskers[i]!.low).toBeCloseTo(y(arm.ci[0]), 0);
        expect(whiskers[i]!.high).toBeCloseTo(y(arm.ci[1]), 0);
        expect(whiskers[i]!.x).toBeCloseTo((bars[i]!.left + bars[i]!.right) / 2, 0);
      });
      expect(option.yAxis.max).toBeGreaterThanOrEqual(Math.max(...analysis.primary.arms.map((x) => x.ci[1])));
      expect(svg).toContain('>helpful / sent</text>');
      expect(svg).toContain('>A (all_sad)</text>');
      expect(svg).toContain('>B (model)</text>');

      // pilot-sequential.svg: one x label per analysed day, both p-value series and the α line named.
      const sequentialSvg = readFileSync(join(out, 'pilot-sequential.svg'), 'utf8');
      for (const day of analysis.sequential) expect(sequentialSvg).toContain(`>${day.day}</text>`);
      expect(sequentialSvg).toContain('>naive (invalid when peeking)</text>');
      expect(sequentialSvg).toContain('>always-valid</text>');
      expect(sequentialSvg).toContain(`>α = ${config.success.alpha}</text>`);
    } finally {
      await db.destroy();
    }
  }, 60_000);
});

// The verdict's branches on a hand-built pilot store (no GoEmotions needed): counts chosen so each
// test is clearly significant or clearly not.
describe('support pilot verdict', () => {
  const config = loadPilotConfig();
  const day0 = Date.UTC(2026, 0, 5);
  interface ArmSpec {
    users: number;
    messages: number;
    helpful: number;
    unsubscribed: number;
  }
  const good = {
    A: { users: 400, messages: 400, helpful: 60, unsubscribed: 20 },
    B: { users: 400, messages: 400, helpful: 140, unsubscribed: 20 },
  };

  async function verdictOf(arms: Record<'A' | 'B', ArmSpec>, latencyMs = 2_000) {
    const db = openSqlite<SupportSchema>(
      join(mkdtempSync(join(tmpdir(), 'mlsd-pilot-verdict-')), 's.sqlite'),
    );
    try {
      await migrateSupportStore(db, 'sqlite');
      const key = config.experiment.key;
      for (const [arm, spec] of Object.entries(arms)) {
        const users = Array.from({ length: spec.users }, (_, i) => `${arm}-u${i}`);
        await logExposures(
          db,
          key,
          users.map((unitId) => ({ unitId, arm, at: day0 + 3_600_000 })),
        );
        const events: OutcomeEvent[] = [];
        const comments: object[] = [];
        const messages: object[] = [];
        for (let i = 0; i < spec.messages; i++) {
          const ref = `${arm}-c${i}`;
          const unitId = users[i % users.length]!;
          const at = day0 + 7_200_000 + i;
          events.push({ ref, event: 'message', unitId, arm, at });
          if (i < spec.helpful) events.push({ ref, event: 'helpful', unitId, arm, at: at + 1 });
          comments.push({
            comment_id: ref,
            user_id: unitId,
            text: 'x',
            received_at: at - latencyMs,
            state: 'sent',
            experiment_arm: arm,
          });
          messages.push({
            comment_id: ref,
            user_id: unitId,
            message: 'm',
            phrase_id: 'p',
            emotion: 'sadness',
            model_version: 'v',
            status: 'sent',
            attempts: 1,
            created_at: at,
            sent_at: at,
          });
        }
        users
          .slice(0, spec.unsubscribed)
          .forEach((unitId, i) =>
            events.push({ ref: `${arm}-c${i}`, event: 'unsubscribe', unitId, arm, at: day0 + 9_000_000 }),
          );
        for (let i = 0; i < comments.length; i += 100) {
          await db
            .insertInto('support_comments')
            .values(comments.slice(i, i + 100) as never)
            .execute();
          await db
            .insertInto('support_messages')
            .values(messages.slice(i, i + 100) as never)
            .execute();
        }
        await logEvents(db, key, events);
      }
      const analysis = await analyzePilot(db, config, day0, 1);
      return {
        success: analysis.verdict.success,
        pass: analysis.verdict.checks.map((c) => c.pass),
        analysis,
      };
    } finally {
      await db.destroy();
    }
  }

  it('succeeds when the model is better, fast, no worse on unsubscribes and the split is healthy', async () => {
    const { success, pass, analysis } = await verdictOf(good);
    expect(pass).toEqual([true, true, true, true]);
    expect(success).toBe(true);
    expect(analysis.latency.B).toEqual({ n: 400, p50_ms: 2_000, p99_ms: 2_000 });
    expect(analysis.sequential).toHaveLength(1);
    expect(analysis.sequential[0]).toMatchObject({
      day: 1,
      messages: { A: 400, B: 400 },
      helpful: { A: 60, B: 140 },
    });
  });

  it('fails the SLA when delivery is slower than the limit', async () => {
    const { success, pass, analysis } = await verdictOf(good, 12_000);
    expect(pass).toEqual([false, true, true, true]);
    expect(success).toBe(false);
    expect(analysis.verdict.checks[0]!.detail).toBe(
      'P99 accepted → message delivered 12000 ms in the slower arm (limit 10 s)',
    );
  });

  it('fails the primary metric when the model is not clearly better', async () => {
    const { pass } = await verdictOf({ ...good, B: { ...good.B, helpful: 66 } });
    expect(pass).toEqual([true, false, true, true]);
  });

  it('fails the guardrail when the model makes clearly more users unsubscribe', async () => {
    const { pass, analysis } = await verdictOf({ ...good, B: { ...good.B, unsubscribed: 80 } });
    expect(pass).toEqual([true, true, false, true]);
    expect(analysis.verdict.checks[2]!.detail).toMatch(
      /^20\.0 % vs 5\.0 % of exposed users, Holm-adjusted p = /,
    );
  });

  it('fails the assignment check on a sample ratio mismatch', async () => {
    const { pass, analysis } = await verdictOf({ ...good, B: { ...good.B, users: 600 } });
    expect(analysis.srm_p_value).toBeLessThan(0.001);
    expect(pass).toEqual([true, true, true, false]);
  });

  it("reads a first-release config (no metrics block) with today's metrics, and names a bad metric", () => {
    const current = loadPilotConfig();
    const dir = mkdtempSync(join(tmpdir(), 'mlsd-pilot-config-'));
    const { metrics: _metrics, ...firstRelease } = JSON.parse(
      readFileSync(new URL('../../../config/support-pilot.json', import.meta.url), 'utf8'),
    );
    delete firstRelease.success.minimumEffect;
    writeFileSync(join(dir, 'old.json'), JSON.stringify(firstRelease));
    const old = loadPilotConfig(join(dir, 'old.json'));
    expect(old.metrics).toEqual(current.metrics);
    expect(old.success.minimumEffect).toBe(0.05);

    const badMean = structuredClone({ ...firstRelease, metrics: current.metrics });
    badMean.metrics.guardrails[1].denominator = { event: 'message' };
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(badMean));
    expect(() => loadPilotConfig(join(dir, 'bad.json'))).toThrow(
      `${join(dir, 'bad.json')}: metrics.guardrails[1].denominator: metric messages_per_user: a mean is taken per exposed unit`,
    );
    const dropped = structuredClone({ ...firstRelease, metrics: current.metrics });
    dropped.metrics.guardrails = dropped.metrics.guardrails.slice(0, 1);
    writeFileSync(join(dir, 'dropped.json'), JSON.stringify(dropped));
    expect(() => loadPilotConfig(join(dir, 'dropped.json'))).toThrow(
      'metrics.guardrails: the report quotes the guardrails unsubscribe_rate and messages_per_user; keep them',
    );
  });
});
