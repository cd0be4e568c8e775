import { Command, Option } from '@commander-js/extra-typings';
import { headlineMetrics } from '../platform/registry/headline.ts';
import type { ModelRecord, ModelRegistry } from '../platform/registry/registry.ts';
import {
  dataDirOption,
  printJson,
  registryOption,
  UsageError,
  withRegistry,
  parseModelId,
} from '../platform/cli/common.ts';

interface StoreFlags {
  dataDir: string;
  registry?: string;
  json: boolean;
}

const jsonOption = () => new Option('--json', 'print JSON').default(false);

/** Bulky data in `details` (a drift reference: vocabulary, samples) is summarised: it is for programs. */
function withoutReference(record: ModelRecord): ModelRecord {
  const reference = record.details.reference as
    { comments: number; vocabulary: string[]; profile: object } | undefined;
  if (!reference?.vocabulary) return record;
  const summary = {
    comments: reference.comments,
    vocabulary_words: reference.vocabulary.length,
    features: Object.keys(reference.profile ?? {}),
  };
  return { ...record, details: { ...record.details, reference: summary } };
}

const formatValue = (value: number): string =>
  Number.isInteger(value) ? String(value) : value.toFixed(Math.abs(value) >= 100 ? 1 : 3);

/** A table with a header row; each model shows the headline metrics its system chose. */
function table(records: ModelRecord[]): string {
  const header = ['id', 'name', 'version', 'stage', 'format', 'created', 'parent', 'headline metrics'];
  const rows = records.map((r) => [
    String(r.id),
    r.name,
    `v${r.version}`,
    r.stage,
    r.format ?? '-',
    r.createdAt.replace(/\.\d+Z$/, 'Z'),
    r.parentId === null ? '-' : String(r.parentId),
    headlineMetrics(r)
      .map((m) => `${m.label} ${formatValue(m.value)}`)
      .join(', ') || '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/**
 * Which model name `rollback` acts on: `--name`, the name of model `id`, or the registry's only
 * name; no system is the default.
 */
async function rollbackName(registry: ModelRegistry, id?: number, name?: string): Promise<string> {
  const names = await registry.names();
  if (id !== undefined) {
    const record = await registry.get(id);
    if (!record) throw new Error(`no model with id ${id}`);
    if (name !== undefined && name !== record.name)
      throw new UsageError(`model ${id} is a ${record.name} model, not ${name}`);
    if (record.stage !== 'production') {
      const current = await registry.production(record.name);
      throw new UsageError(
        `model ${id} is not in production (${current ? `model ${current.id} is` : `no ${record.name} model is`}); roll back the production one`,
      );
    }
    return record.name;
  }
  if (name !== undefined) {
    if (!names.includes(name))
      throw new UsageError(`no models named "${name}" (registered: ${names.join(', ') || 'none'})`);
    return name;
  }
  if (names.length === 1) return names[0]!;
  throw new UsageError(
    names.length === 0
      ? 'no models are registered'
      : `several model names are registered (${names.join(', ')}): pass --name NAME or a model id`,
  );
}

export function modelCommand(): Command {
  const model = new Command('model').description('the model registry: versions, stages, lineage');

  model
    .command('list')
    .description('list registered models, newest first')
    .option('--name <name>', 'only models of this name')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((options: StoreFlags & { name?: string }) =>
      withRegistry(options, async (registry) => {
        const records = (await registry.list(options.name)).map(withoutReference);
        if (options.json) printJson(records.map((r) => ({ ...r, headline: headlineMetrics(r) })));
        else process.stdout.write(records.length ? `${table(records)}\n` : 'no models registered\n');
      }),
    );

  model
    .command('show')
    .description('show one model')
    .argument('<id>', 'model id', parseModelId)
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
    .description('make a model the production one of its name')
    .argument('<id>', 'model id', parseModelId)
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
    .description(
      'put back the model that was in production before the current one (of --name, of the model id, or of the only name registered)',
    )
    .argument('[id]', 'the production model to roll back', parseModelId)
    .option('--name <name>', 'model name')
    .addOption(dataDirOption())
    .addOption(registryOption())
    .addOption(jsonOption())
    .action((id: number | undefined, options: StoreFlags & { name?: string }) =>
      withRegistry(options, async (registry) => {
        const name = await rollbackName(registry, id, options.name);
        const current = await registry.production(name);
        const record = await registry.rollback(name);
        if (options.json) printJson(record);
        else
          process.stdout.write(
            `rolled back ${name}: model ${current?.id} → model ${record.id} (v${record.version}) is in production again\n`,
          );
      }),
    );
  return model;
}
