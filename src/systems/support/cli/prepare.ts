import type { ModelRegistry } from '../../../platform/registry/registry.ts';
import { codeVersion, progressReporter } from '../../../platform/cli/common.ts';
import { loadSplit } from '../data/goemotions.ts';
import { loadSupportConfig } from '../model/config.ts';
import { loadSupportModel, trainAndRegister } from '../model/registered-model.ts';
import { renderEvaluation } from './commands.ts';
import { resolveGoEmotionsDir } from './goemotions-dir.ts';

/**
 * What `mlsd start` does for support before serving: trains and registers a model when none is in
 * production (shipped config and seed, on GoEmotions train, calibrated on dev), then prints the
 * production model's evaluation on dev.
 */
export async function prepareSupport(options: { registry: ModelRegistry; data?: string }): Promise<void> {
  const { registry } = options;
  const dataDir = resolveGoEmotionsDir(options.data);
  if (!(await registry.production('support'))) {
    process.stderr.write(
      'No support model registered yet: training one on GoEmotions train, calibrating on dev…\n',
    );
    const { progress, stop } = progressReporter('train');
    const config = loadSupportConfig();
    const { record, report } = await trainAndRegister(registry, {
      dataDir,
      config,
      seed: config.seed,
      candidate: false,
      codeVersion: codeVersion(),
      progress,
    });
    stop();
    process.stderr.write(
      `Registered model ${record.id} (fit in ${(report.timings_ms.fit / 1000).toFixed(1)} s).\n`,
    );
  }
  const { model, record } = await loadSupportModel(registry);
  const { evaluateSupportModel } = await import('../model/evaluate.ts');
  const evaluation = evaluateSupportModel(model, loadSplit(dataDir, 'dev').examples);
  process.stdout.write(
    renderEvaluation(
      `production model ${record.id} (v${record.version}) on the dev split — thresholds were chosen on dev`,
      evaluation,
    ),
  );
  process.stdout.write('Judge it on a held-out file: npx mlsd support evaluate --test FILE --json\n\n');
}
