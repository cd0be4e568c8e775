import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Option, type Command } from '@commander-js/extra-typings';
import { UsageError } from './common.ts';

export function addDocCommand(support: Command): void {
  support
    .command('doc')
    .description('regenerate docs/support/design-doc.md (or .ru.md) from the measured artifacts')
    .addOption(new Option('--lang <lang>', 'language').choices(['en', 'ru'] as const).default('en' as const))
    .option('--root <dir>', 'repository root holding bench/results and docs', '.')
    .option('--check', 'exit 1 when the committed doc differs from what its inputs give')
    .action(async (options) => {
      const { loadDocInputs } = await import('../systems/support/doc/inputs.ts');
      const { DESIGN_DOC_FILES, renderDesignDoc } = await import('../systems/support/doc/render.ts');
      const root = resolve(options.root);
      const path = join(root, DESIGN_DOC_FILES[options.lang]);
      const text = renderDesignDoc(loadDocInputs(root), options.lang);
      if (options.check) {
        let committed = '';
        try {
          committed = readFileSync(path, 'utf8');
        } catch {
          throw new UsageError(`${path} does not exist: run \`mlsd support doc --lang ${options.lang}\``);
        }
        if (committed !== text) {
          process.stderr.write(
            `${path} is out of date with its inputs: run \`mlsd support doc --lang ${options.lang}\`\n`,
          );
          process.exitCode = 1;
        } else process.stdout.write(`${path} is up to date\n`);
        return;
      }
      writeFileSync(path, text);
      process.stdout.write(`${path}\n`);
    });
}
