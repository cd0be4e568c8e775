import { Command, Option } from '@commander-js/extra-typings';
import type { ModelRecord } from '../platform/registry/registry.ts';
import { dataDirOption, printJson, registryOption, UsageError, withRegistry } from './common.ts';

const parseId = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new UsageError(`model id must be a positive integer, got "${value}"`);
  return Number(value);
};

interface StoreFlags {
  dataDir: string;
  registry?: string;
  json: boolean;
}

const jsonOption = () => new Option('--json', 'print JSON').default(false);

/** The drift reference (vocabulary, samples) is summarised: it is data for the monitor, not for people. */
function withoutReference(record: ModelRecord): ModelRecord {
  const reference = record.details.reference as
    { comments: number; vocabulary: string[]; profile: object } | undefined;
  if (!reference) return record;
  const summary = {
    comments: reference.comments,
    vocabulary_words: reference.vocabulary.length,
    features: Object.keys(reference.profile),
  };
  return { ...record, details: { ...record.details, reference: summary } };
}

function summary(record: ModelRecord): string {
  const dev = (record.metrics.dev ?? {}) as {
    model?: { macro_f1?: number; negative?: { roc_auc?: number } };
  };
  return [
    String(record.id).padStart(3),
    record.name.padEnd(8),
    `v${record.version}`.padEnd(5),
    record.stage.padEnd(10),
    record.createdAt,
    `macro-F1 ${dev.model?.macro_f1?.toFixed(3) ?? '-'}`,
    `neg AUC ${dev.model?.negative?.roc_auc?.toFixed(3) ?? '-'}`,
    record.parentId ? `parent ${record.parentId}` : '',
  ].join('  ');
}

export function modelCommand(): Command {
  const model = new Command('model').description('the model registry: versions, stages, lineage');

  model
    .command('list')
    .description('list registered models, newest first')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((options: StoreFlags) =>
      withRegistry(options, async (registry) => {
        const records = (await registry.list()).map(withoutReference);
        if (options.json) printJson(records);
        else
          process.stdout.write(
            records.length ? `${records.map(summary).join('\n')}\n` : 'no models registered\n',
          );
      }),
    );

  model
    .command('show')
    .description('show one model')
    .argument('<id>', 'model id', parseId)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((id: number, options: StoreFlags) =>
      withRegistry(options, async (registry) => {
        const record = await registry.get(id);
        if (!record) throw new Error(`no model with id ${id}`);
        process.stdout.write(`${JSON.stringify(withoutReference(record), null, options.json ? 0 : 2)}\n`);
      }),
    );

  model
    .command('promote')
    .description('make a model the production one')
    .argument('<id>', 'model id', parseId)
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((id: number, options: StoreFlags) =>
      withRegistry(options, async (registry) => {
        const record = await registry.promote(id);
        if (options.json) printJson(record);
        else
          process.stdout.write(
            `model ${record.id} (${record.name} v${record.version}) is now in production\n`,
          );
      }),
    );
  model
    .command('rollback')
    .description('put back the model that was in production before the current one')
    .option('--name <name>', 'model name', 'support')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((options: StoreFlags & { name: string }) =>
      withRegistry(options, async (registry) => {
        const current = await registry.production(options.name);
        const record = await registry.rollback(options.name);
        if (options.json) printJson(record);
        else
          process.stdout.write(
            `rolled back ${options.name}: model ${current?.id} → model ${record.id} (v${record.version}) is in production again\n`,
          );
      }),
    );
  return model;
}
