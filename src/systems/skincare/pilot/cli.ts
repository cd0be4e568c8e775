// `mlsd skincare pilot`: the pilot report from the service's store.
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { dataDirOption, printJson, UsageError } from '../../../platform/cli/common.ts';
import { openStore, sqliteStorePath } from '../../../platform/store/store.ts';
import { migratePlatformAndSystems } from '../../../platform/host/platform-migrations.ts';
import { pilotExperiment } from '../service/flow.ts';
import { skincareServiceConfigSchema } from '../service/config.ts';
import { SKINCARE_MIGRATIONS, type SkincareDb } from '../service/tables.ts';
import type { PilotMetrics } from './metrics.ts';
import { writePilotReport } from './report.ts';
import { pilotMetricsFromStore } from './store.ts';

const parseTime = (value: string): number => {
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new UsageError(`--until must be a date or time (ISO 8601), got "${value}"`);
  return at;
};

/** The human readout: the criteria, then one line per arm. */
export function renderPilotSummary(m: PilotMetrics): string {
  const mark = { pass: '✓', fail: '✗', pending: '…' } as const;
  const num = (v: number | null) => (v === null ? '–' : v.toFixed(2));
  return (
    [
      `Skincare pilot, ${m.period.days.toFixed(1)} days`,
      ...m.criteria.map((c) => `  ${mark[c.status]} ${c.name}: ${c.detail}`),
      ...m.arms.map((arm) => {
        const s = m.satisfaction.by_arm[arm]!;
        const routines = m.funnel.by_arm[arm]!.find((step) => step.step === 'routine')!.funnel_users;
        return `  arm ${arm}: ${m.users.started[arm]} started, ${routines} got a routine, satisfaction ${num(s.mean)} [${num(s.ci?.[0] ?? null)}, ${num(s.ci?.[1] ?? null)}] over ${s.users} users`;
      }),
      `  photos rejected: ${m.photo_quality.overall.rejected}/${m.photo_quality.overall.photos}`,
    ].join('\n') + '\n'
  );
}

/**
 * `mlsd skincare pilot [--data-dir DIR] [--json] [--out DIR] [--until TIME]`: the design doc's
 * pilot criteria, satisfaction per arm and B − A, the funnel and photo rejections, read from the
 * store. The arms' assignment comes from SKINCARE_PILOT_SALT / SKINCARE_PILOT_SHARE_B as the
 * service uses them.
 */
export function pilotCommand() {
  return new Command('pilot')
    .description(
      'the pilot report from the store: active users per week, satisfaction vs 7.5 per arm, funnel, photo rejections, partner brands',
    )
    .addOption(dataDirOption())
    .option('--json', 'print the metrics as one JSON object')
    .option('--out <dir>', 'also write pilot.md and pilot.svg into this folder')
    .option('--until <time>', 'read the pilot up to this time (ISO 8601; default now)', parseTime)
    .action(async (options) => {
      const dataDir = resolve(options.dataDir);
      const databaseUrl = process.env.DATABASE_URL || undefined;
      if (!databaseUrl && !existsSync(sqliteStorePath(dataDir)))
        throw new UsageError(
          `no service store at ${sqliteStorePath(dataDir)}: run the skincare service first (or set DATABASE_URL)`,
        );
      const config = skincareServiceConfigSchema.parse(process.env);
      const store = await openStore({ dataDir, databaseUrl });
      try {
        await migratePlatformAndSystems(store.db, store.dialect, [SKINCARE_MIGRATIONS]);
        const metrics = await pilotMetricsFromStore(store.db as SkincareDb, {
          end: options.until ?? Date.now(),
          experiment: pilotExperiment(config.SKINCARE_PILOT_SHARE_B, config.SKINCARE_PILOT_SALT),
        });
        if (options.out)
          writePilotReport(resolve(options.out), metrics, {
            provenance: [
              `Read from the service store ${databaseUrl ? '(DATABASE_URL)' : relative(process.cwd(), sqliteStorePath(dataDir))}.`,
            ],
            command: `mlsd skincare pilot --data-dir ${options.dataDir} --out ${options.out}`,
            svgName: 'pilot.svg',
          });
        if (options.json) printJson(metrics);
        else process.stdout.write(renderPilotSummary(metrics));
      } finally {
        await store.close();
      }
    });
}
