import { resolveGoEmotionsDir } from './goemotions-dir.ts';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import type { Kysely } from 'kysely';
import { openStore, sqliteStorePath } from '../../../platform/store/store.ts';
import { migrateSupportStore, type SupportSchema } from '../service/tables.ts';
import { JUDGE_DEFAULTS } from '../model/challenger.ts';
import { loadSupportConfig } from '../model/config.ts';
import {
  codeVersion,
  dataDirOption,
  printJson,
  progressReporter,
  registryOption,
  UsageError,
  withRegistry,
} from '../../../platform/cli/common.ts';

/** The service's store (DATABASE_URL when set, else `<data-dir>/service.sqlite`), migrated. */
async function openServiceStore(dataDir: string): Promise<Kysely<SupportSchema>> {
  const path = sqliteStorePath(resolve(dataDir));
  if (!process.env.DATABASE_URL && !existsSync(path))
    throw new UsageError(`no service store at ${path}: run the service first (or set DATABASE_URL)`);
  const store = await openStore({ dataDir: resolve(dataDir), databaseUrl: process.env.DATABASE_URL });
  await migrateSupportStore(store.db, store.dialect);
  return store.db as Kysely<SupportSchema>;
}

const parseShare = (value: string): number => {
  const share = Number(value);
  if (!(share > 0 && share < 1)) throw new UsageError(`--held-back must be between 0 and 1, got "${value}"`);
  return share;
};

export function addChallengerCommands(support: Command): void {
  const challenger = support
    .command('challenger')
    .description("continuous training: retrain on the service's labels, judge against the champion, promote");
  challenger
    .command('train')
    .description(
      'train a challenger on GoEmotions train + labels and reactions collected by the service; registers a candidate',
    )
    .option('--data <dir>', 'GoEmotions folder (default ../shared/data/goemotions)')
    .option(
      '--held-back <share>',
      'share of human labels held back to judge models',
      parseShare,
      JUDGE_DEFAULTS.heldBackShare,
    )
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      const { trainChallenger } = await import('../model/challenger.ts');
      const db = await openServiceStore(options.dataDir);
      try {
        await withRegistry(options, async (registry) => {
          const config = loadSupportConfig();
          const { progress, stop } = progressReporter('challenger');
          const result = await trainChallenger(registry, db, {
            dataDir: resolveGoEmotionsDir(options.data),
            config,
            seed: config.seed,
            codeVersion: codeVersion(),
            heldBackShare: options.heldBack,
            progress,
          });
          stop();
          process.stdout.write(
            `Registered challenger ${result.record.id} (v${result.record.version}, candidate, parent ${result.record.parentId}) ` +
              `trained with ${result.training} service labels; ${result.heldBack} human labels held back to judge it.\n` +
              'Next: SUPPORT_SHADOW=on to score traffic in shadow, then `mlsd support challenger judge --promote`.\n',
          );
        });
      } finally {
        await db.destroy();
      }
    });
  challenger
    .command('judge')
    .description(
      'compare challenger and champion on the held-back human labels (exact McNemar); --promote acts on it',
    )
    .option(
      '--held-back <share>',
      'share of human labels held back (same as at training)',
      parseShare,
      JUDGE_DEFAULTS.heldBackShare,
    )
    .option('--alpha <p>', 'significance level', (v) => Number(v), JUDGE_DEFAULTS.alpha as number)
    .option(
      '--min-labels <n>',
      'fewest held-back labels to judge on',
      (v) => Number(v),
      JUDGE_DEFAULTS.minLabels as number,
    )
    .option('--promote', 'promote the challenger when it wins')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .action(async (options) => {
      const { judgeChallenger } = await import('../model/challenger.ts');
      const db = await openServiceStore(options.dataDir);
      try {
        await withRegistry(options, async (registry) => {
          const verdict = await judgeChallenger(registry, db, {
            heldBackShare: options.heldBack,
            alpha: options.alpha,
            minLabels: options.minLabels,
            promote: Boolean(options.promote),
          });
          if (options.json) return printJson(verdict);
          const row = (name: string, s: typeof verdict.champion) =>
            `  ${name.padEnd(11)} model ${s.model_id}: ${s.correct}/${verdict.held_back} right (${(s.accuracy * 100).toFixed(1)} %), precision ${s.precision?.toFixed(3) ?? '–'}, recall ${s.recall?.toFixed(3) ?? '–'}`;
          process.stdout.write(
            [
              row('champion', verdict.champion),
              row('challenger', verdict.challenger),
              `  ${verdict.promote ? (options.promote ? 'PROMOTED' : 'would promote (pass --promote)') : 'kept the champion'}: ${verdict.reason}`,
              '',
            ].join('\n'),
          );
        });
      } finally {
        await db.destroy();
      }
    });
}
