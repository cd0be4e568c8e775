import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import type { LiveDoc, LiveDocInputs } from '../docs/live-doc.ts';
import { UsageError } from './common.ts';

/**
 * Adds `<system> doc [--lang ru] [--check]` to a system's command group: regenerates its live design
 * doc from the measured artifacts, or checks that the committed one is up to date and follows the
 * template's layout. `load` imports the doc lazily, so the CLI starts without the doc's code.
 */
export function addLiveDocCommand<I extends LiveDocInputs>(
  group: Command,
  load: () => Promise<LiveDoc<I>>,
): void {
  group
    .command('doc')
    .description(`regenerate docs/${group.name()}/design-doc.md (or .ru.md) from the measured artifacts`)
    .addOption(new Option('--lang <lang>', 'language').choices(['en', 'ru'] as const).default('en' as const))
    .option('--root <dir>', 'repository root holding bench/results and docs', '.')
    .option(
      '--check',
      "exit 1 when the committed doc differs from what its inputs give or leaves the template's layout",
    )
    .action(async (options) => {
      const { LiveDocInputError } = await import('../docs/live-doc.ts');
      const { DESIGN_DOC_TEMPLATE, readTemplate } = await import('../docs/template-layout.ts');
      const doc = await load();
      const root = resolve(options.root);
      try {
        if (!options.check) {
          process.stdout.write(`${doc.write(root, options.lang)}\n`);
          return;
        }
        const stale = doc.checkStale(root, options.lang);
        const problems = stale.upToDate ? [] : [stale.message];
        if (existsSync(stale.file) && existsSync(DESIGN_DOC_TEMPLATE))
          problems.push(
            ...doc
              .checkLayout(readFileSync(stale.file, 'utf8'), options.lang, readTemplate())
              .map((p) => `${stale.file}: ${p} (layout of ${DESIGN_DOC_TEMPLATE})`),
          );
        else if (!existsSync(DESIGN_DOC_TEMPLATE))
          process.stderr.write(`${DESIGN_DOC_TEMPLATE} not found: the layout check was skipped\n`);
        if (problems.length) {
          process.stderr.write(`${problems.join('\n')}\n`);
          process.exitCode = 1;
        } else process.stdout.write(`${stale.message}; it follows the template's layout\n`);
      } catch (error) {
        if (error instanceof LiveDocInputError)
          throw new UsageError(`the design doc's inputs are not all there:\n${error.message}`);
        throw error;
      }
    });
}
