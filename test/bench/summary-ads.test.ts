import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adsSummary } from '../../bench/summary-ads.ts';

describe('adsSummary', () => {
  it('names the command that writes each missing artifact instead of crashing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'ads-summary-'));
    const text = adsSummary({ results: empty, docs: empty }).join('\n');
    for (const command of [
      'npm run bench:ads-decide',
      'npm run bench:ads-crash',
      'npm run bench:ads-ope',
      'npm run bench:ads-policies',
      'npm run bench:ads-simulate',
      'npx mlsd ads train',
      'npx mlsd ads eda',
    ])
      expect(text).toContain(`\`${command}\` writes it`);
  });

  it('marks each target met or not met from the numbers, and a skipped store as skipped', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ads-summary-'));
    const machine = { cores: 2, cpu: 'test', node: 'v20', date: 'today' };
    const run = (p99: number, achieved: number) => ({
      target_per_second: 1000,
      achieved_per_second: achieved,
      latency_ms: { p50: 1, p95: 2, p99 },
    });
    writeFileSync(
      join(dir, 'decide.json'),
      JSON.stringify({
        configuration: 'fixture',
        machine,
        bare_fastify: run(2, 1000),
        sqlite: { decide_only: run(4.9, 1000), decide_with_events: run(9, 1000) },
        postgres: { skipped: 'no DATABASE_URL' },
        targets: { p99_ms: 5, rate_per_second: 1000 },
      }),
    );
    const simulate = (low: number) => ({
      label: 'SIMULATED',
      seeds: 3,
      policies: {},
      close_aware_minus_click_only: { value: 0.1, ci: [low, 0.2] },
    });
    writeFileSync(join(dir, 'simulate.json'), JSON.stringify(simulate(0.01)));
    let lines = adsSummary({ results: dir, docs: dir });
    expect(lines.find((l) => l.startsWith('| SQLite: `POST /v1/ads/decide` P99 ≤ 5 ms'))).toContain('✅ met');
    expect(lines.find((l) => l.startsWith('| PostgreSQL + Redis: P99 ≤ 5 ms'))).toContain('no DATABASE_URL');
    expect(lines.find((l) => l.startsWith('| SQLite: decide |'))).toContain('2.5×'); // 4.9 / 2
    expect(lines.find((l) => l.includes('CI excludes 0'))).toContain('✅ met');

    writeFileSync(join(dir, 'simulate.json'), JSON.stringify(simulate(-0.01)));
    lines = adsSummary({ results: dir, docs: dir });
    expect(lines.find((l) => l.includes('CI excludes 0'))).toContain('❌ not met');
  });
});
