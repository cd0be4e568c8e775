// The pilot read from a real SQLite store (rows written as the service writes them), through the
// store reader and the `mlsd skincare pilot` command, with the report and its SVG written out.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { assignArm } from '../../../../src/platform/experiments/assignment.ts';
import { migratePlatformAndSystems } from '../../../../src/platform/host/platform-migrations.ts';
import { openStore, type Store } from '../../../../src/platform/store/store.ts';
import { pilotCommand } from '../../../../src/systems/skincare/pilot/cli.ts';
import { DAY_MS } from '../../../../src/systems/skincare/pilot/metrics.ts';
import { pilotMetricsFromStore } from '../../../../src/systems/skincare/pilot/store.ts';
import { pilotExperiment } from '../../../../src/systems/skincare/service/flow.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../../../../src/systems/skincare/service/tables.ts';

const experiment = pilotExperiment(0.5, 'skincare-pilot-1');
const T0 = Date.UTC(2025, 0, 6);

describe('the pilot from the store', () => {
  let dir: string;
  let store: Store;
  let db: SkincareDb;
  const users = Array.from({ length: 40 }, (_, i) => `web:user-${i}`);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlsd-skincare-pilot-'));
    store = await openStore({ dataDir: dir });
    await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
    db = store.db as SkincareDb;
    const funnel = (user_id: string, step: string, ref: string, at: number, detail: string | null = null) =>
      db
        .insertInto('skincare_funnel_events')
        .values({ user_id, step: step as 'started', ref, at, detail })
        .execute();
    for (const [i, user] of users.entries()) {
      const at = T0 + (i % 8) * DAY_MS + 3_600_000;
      await funnel(user, 'started', 'day', at);
      if (i % 10 === 0) await funnel(user, 'photo_rejected', `bad-${i}`, at, 'sharpness,exposure');
      if (i % 4 === 3) continue; // a quarter leaves before a photo is accepted
      await funnel(user, 'photo_accepted', `a-${i}`, at);
      const arm = assignArm(experiment, user);
      await funnel(user, 'questionnaire', `r-${i}`, at, arm);
      await funnel(user, 'routine', `r-${i}`, at, arm);
      await db
        .insertInto('skincare_recommendations')
        .values({
          recommendation_id: `r-${i}`,
          user_id: user,
          analysis_id: `a-${i}`,
          arm,
          questionnaire: '{}',
          routine: '{"am":[],"pm":[]}',
          red_flag: null,
          model_version: arm === 'A' ? 'baseline' : 'model',
          at,
        })
        .execute();
      await funnel(user, 'feedback', `r-${i}`, at);
      await db
        .insertInto('skincare_feedback')
        .values({
          recommendation_id: `r-${i}`,
          user_id: user,
          score: arm === 'B' ? 9 - (i % 2) : 6 + (i % 3),
          comment: null,
          at,
        })
        .execute();
    }
    await db
      .insertInto('skincare_catalog_imports')
      .values({
        import_id: 'imp1',
        brand: 'Acme Skin',
        format: 'csv',
        accepted: 5,
        rejected: 1,
        errors: '[]',
        at: T0 + DAY_MS,
      })
      .execute();
  });
  afterAll(async () => store?.close());

  it('counts every started user in its assigned arm, routine or not', async () => {
    const m = await pilotMetricsFromStore(db, { start: T0, end: T0 + 9 * DAY_MS, experiment });
    const byArm = { A: 0, B: 0 } as Record<string, number>;
    for (const user of users) byArm[assignArm(experiment, user)]!++;
    expect(m.users.started).toEqual(byArm);
    expect(m.funnel.by_arm.unassigned).toBeUndefined();
    expect(m.funnel.overall.map((s) => s.funnel_users)).toEqual([40, 30, 30, 30, 30]);
    expect(m.photo_quality.overall).toMatchObject({ photos: 34, rejected: 4 });
    expect(m.photo_quality.overall.by_check.sharpness!.successes).toBe(4);
    expect(m.active_users.weeks[0]!.users).toBe(users.filter((_, i) => i % 8 < 7 && i % 4 !== 3).length);
    expect(m.satisfaction.by_arm.B!.mean).toBeGreaterThan(m.satisfaction.by_arm.A!.mean!);
    expect(m.partners.brands).toEqual(['Acme Skin']);
  });

  it('`mlsd skincare pilot --json` prints the same metrics, and --out writes the report and SVG', async () => {
    let printed = '';
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      printed += String(chunk);
      return true;
    });
    const out = join(dir, 'report');
    try {
      await pilotCommand().parseAsync(
        ['--data-dir', dir, '--json', '--out', out, '--until', new Date(T0 + 9 * DAY_MS).toISOString()],
        { from: 'user' },
      );
    } finally {
      write.mockRestore();
    }
    const metrics = JSON.parse(printed);
    const direct = await pilotMetricsFromStore(db, { end: T0 + 9 * DAY_MS, experiment });
    expect(metrics).toEqual(JSON.parse(JSON.stringify(direct)));
    const md = readFileSync(join(out, 'pilot.md'), 'utf8');
    expect(md).toContain('## Success criteria (design doc)');
    expect(md).toContain('| 1 | 2025-01-06 – 2025-01-12 |');
    const svg = readFileSync(join(out, 'pilot.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('target 7.5');
    expect(svg).toContain('photo_accepted');
  });

  it('refuses a data dir without a store, naming it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mlsd-skincare-none-'));
    await expect(pilotCommand().parseAsync(['--data-dir', empty], { from: 'user' })).rejects.toThrow(
      /no service store at .*service\.sqlite/,
    );
  });
});
