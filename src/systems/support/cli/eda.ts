import { resolveGoEmotionsDir } from './goemotions-dir.ts';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { loadSplit } from '../data/goemotions.ts';

export function addEdaCommand(support: Command): void {
  support
    .command('eda')
    .description('write docs/support/eda.md with SVG plots of the data')
    .option('--data <dir>', 'GoEmotions folder (default ../shared/data/goemotions)')
    .option('--out <dir>', 'output folder', 'docs/support')
    .option(
      '--check',
      'write nothing; exit 1 when the files in --out differ from what the current code gives',
    )
    .action(async (options) => {
      const { computeEda, writeEdaReport } = await import('../data/eda.ts');
      const dataDir = resolveGoEmotionsDir(options.data);
      const stats = computeEda(loadSplit(dataDir, 'train').examples, loadSplit(dataDir, 'dev').examples);
      const out = resolve(options.out);
      const source = 'GoEmotions original/ (grouped in code)';
      if (!options.check) {
        process.stdout.write(`${writeEdaReport(stats, out, source).join('\n')}\n`);
        return;
      }
      const scratch = mkdtempSync(join(tmpdir(), 'mlsd-eda-'));
      try {
        const stale = writeEdaReport(stats, scratch, source)
          .map((written) => basename(written))
          .filter((name) => !sameFile(join(out, name), join(scratch, name)))
          .map((name) => join(out, name));
        if (stale.length) {
          process.stderr.write(
            `${stale.map((f) => `${f} is stale against the current code`).join('\n')}\nrun \`mlsd support eda\` and commit the result\n`,
          );
          process.exitCode = 1;
        } else process.stdout.write(`${out}: the EDA is up to date\n`);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    });
}

const sameFile = (a: string, b: string): boolean => {
  try {
    return readFileSync(a).equals(readFileSync(b));
  } catch {
    return false;
  }
};
