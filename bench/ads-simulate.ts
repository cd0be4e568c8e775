// The repeat-show / close-"X" simulation (issue 9, SIMULATED): the default study (what
// `mlsd ads simulate --json` prints) on the men campaign's random-log click rates, plus the main
// comparison under other engagement drops δ and on the women campaign's rates. Writes
// bench/results/ads/simulate.json and docs/ads/simulate.md + simulate.svg.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderSvg } from '../src/platform/reports/svg.ts';
import { randomLogItemClicks } from '../src/systems/ads/cli/simulate.ts';
import { simulateStudy } from '../src/systems/ads/pilot/simulate.ts';
import { renderSimulationReport, revenueChartOption } from '../src/systems/ads/pilot/simulate-report.ts';
import { DEFAULT_PARAMS } from '../src/systems/ads/pilot/simulator-params.ts';
import { machine, writeResult } from './common.ts';

const adsDir = fileURLToPath(new URL('../../shared/data/ads', import.meta.url));
const seeds = Number(process.env.SIM_SEEDS ?? 30);
const progress = (label: string) => (stage: string) =>
  process.stderr.write(`ads-simulate ${label}: ${stage}\n`);

const men = await randomLogItemClicks(adsDir, 'men');
const started = performance.now();
const cpu = process.cpuUsage();
const study = simulateStudy({ ...men, seeds, progress: progress('default') });
const cpuUsed = process.cpuUsage(cpu);
const seconds = (performance.now() - started) / 1000;

const mainOnly = (label: string, input: Parameters<typeof simulateStudy>[0]) => {
  const out = simulateStudy({ ...input, mainOnly: true, progress: progress(label) });
  return {
    label,
    close_aware_minus_click_only: out.close_aware_minus_click_only,
    capped_minus_click_only: out.capped_minus_click_only,
    close_aware_capped_minus_capped: out.close_aware_capped_minus_capped,
  };
};
const sensitivity = [
  mainOnly('δ = 0 (a close costs nothing later)', { ...men, seeds, params: { closeEngagementDrop: 0 } }),
  { ...study, label: `δ = ${DEFAULT_PARAMS.closeEngagementDrop} (default)` },
  mainOnly('δ = 0.4', { ...men, seeds, params: { closeEngagementDrop: 0.4 } }),
  mainOnly('closedBannerClickFactor = 1 (a close says nothing about that banner; δ default)', {
    ...men,
    seeds,
    params: { closedBannerClickFactor: 1 },
  }),
].map((s) => ({
  label: s.label,
  close_aware_minus_click_only: s.close_aware_minus_click_only,
  capped_minus_click_only: s.capped_minus_click_only,
  close_aware_capped_minus_capped: s.close_aware_capped_minus_capped,
}));
const women = mainOnly('women campaign base rates', {
  ...(await randomLogItemClicks(adsDir, 'women')),
  seeds,
});

const result = {
  ...study,
  run: {
    command: 'npx tsx bench/ads-simulate.ts',
    default_run_seconds: Math.round(seconds * 10) / 10,
    default_run_cpu_seconds: Math.round((cpuUsed.user + cpuUsed.system) / 1e5) / 10,
    machine: machine(),
  },
  sensitivity_delta: sensitivity,
  women_campaign: women,
};
const path = writeResult('simulate', result, 'ads');
const docs = fileURLToPath(new URL('../docs/ads/', import.meta.url));
mkdirSync(docs, { recursive: true });
writeFileSync(`${docs}simulate.svg`, renderSvg(revenueChartOption(study)));
writeFileSync(
  `${docs}simulate.md`,
  renderSimulationReport(study, {
    svgName: 'simulate.svg',
    command: 'npx tsx bench/ads-simulate.ts',
    seconds,
    sensitivity: [...sensitivity, { ...women, label: 'women campaign base rates (δ default)' }],
  }),
);
process.stderr.write(
  `ads-simulate: wrote ${path}, docs/ads/simulate.md, docs/ads/simulate.svg (${seconds.toFixed(1)} s)\n`,
);
