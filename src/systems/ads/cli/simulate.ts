import { relative, resolve } from 'node:path';
import { Command, Option } from '@commander-js/extra-typings';
import { UsageError, printJson, progressReporter, wholeNumber } from '../../../platform/cli/common.ts';
import { loadObd } from '../data/obd.ts';
import { CAMPAIGNS, type Campaign } from '../data/obd-types.ts';
import type { ItemClicks } from '../pilot/simulator-params.ts';

/** Clicks and impressions per item of a campaign's uniform-random log (all positions pooled). */
export async function randomLogItemClicks(
  adsDir: string,
  campaign: Campaign,
): Promise<{ items: ItemClicks[]; source: string }> {
  const log = await loadObd(adsDir, campaign, 'random');
  const items = Array.from({ length: log.items }, () => ({ clicks: 0, impressions: 0 }));
  for (const e of log.events) {
    items[e.item].impressions++;
    items[e.item].clicks += e.click;
  }
  return {
    items,
    source: `${relative(process.cwd(), log.source)} (uniform-random log, ${log.events.length} impressions)`,
  };
}

type Study = ReturnType<typeof import('../pilot/simulate.ts').simulateStudy>;

function render(out: Study): string {
  const f = (v: { value: number; ci: [number, number] }, d = 3) =>
    `${v.value.toFixed(d)} [${v.ci[0].toFixed(d)}, ${v.ci[1].toFixed(d)}]`;
  const lines = [
    `SIMULATED — ${out.seeds} seeds, base click rates from ${out.assumptions.base_rates.source}`,
    `  ${'policy'.padEnd(18)} ${'revenue/1000'.padEnd(24)} ${'CTR'.padEnd(26)} ${'close rate'.padEnd(26)} regret/1000 slots`,
    ...Object.entries(out.policies).map(
      ([name, p]) =>
        `  ${name.padEnd(18)} ${f(p.revenue_per_1000).padEnd(24)} ${f(p.ctr, 4).padEnd(26)} ${f(p.close_rate, 4).padEnd(26)} ${f(p.regret)}`,
    ),
    `  close_aware − click_only revenue/1000 (paired): ${f(out.close_aware_minus_click_only)}`,
    '  (95 % t intervals over seeds; --json for everything, assumptions included)',
  ];
  return lines.join('\n') + '\n';
}

/**
 * `mlsd ads simulate`: the repeat-show and close-"X" simulation (every number SIMULATED), calibrated
 * on the Open Bandit Dataset's uniform-random click rates.
 */
export function adsSimulateCommand() {
  return new Command('simulate')
    .description(
      'simulate repeat shows and the close "X": click-only, capped and close-aware policies over seeds (SIMULATED)',
    )
    .option('--seeds <n>', 'seeds (one simulated world each)', wholeNumber('--seeds'), 30)
    .option('--data <dir>', 'the ads data folder', '../shared/data/ads')
    .addOption(
      new Option('--campaign <name>', 'OBD campaign whose click rates calibrate the banners')
        .choices(CAMPAIGNS)
        .default('men' as Campaign),
    )
    .option('--users <n>', 'simulated users (default 500)', wholeNumber('--users'))
    .option('--main-only', 'skip the late-click and drifting-rate scenarios')
    .option('--json', 'print one JSON object')
    .action(async (options) => {
      if (options.seeds < 2) throw new UsageError('--seeds must be at least 2 (a CI needs two seeds)');
      const { simulateStudy } = await import('../pilot/simulate.ts');
      const { items, source } = await randomLogItemClicks(
        resolve(options.data),
        options.campaign as Campaign,
      );
      const reporter = progressReporter('ads simulate');
      const out = simulateStudy({
        items,
        source,
        seeds: options.seeds,
        mainOnly: options.mainOnly ?? false,
        params: options.users ? { users: options.users } : {},
        progress: reporter.progress,
      });
      reporter.stop();
      if (options.json) printJson(out);
      else process.stdout.write(render(out));
    });
}
