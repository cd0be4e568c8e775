import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'mlsd.js');

function analyze(
  stdin: string,
  args = ['--json'],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'experiment', 'analyze', ...args]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('mlsd experiment analyze', () => {
  it('prints one JSON object with SRM, Wilson CIs, lift, p-value and MDE', async () => {
    const input = {
      metric: 'proportion',
      arms: [
        { name: 'A', users: 1000, conversions: 100 },
        { name: 'B', users: 1100, conversions: 130 },
      ],
      expected_split: [0.5, 0.5],
    };
    const { code, stdout } = await analyze(JSON.stringify(input));
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    expect(Object.keys(result)).toEqual(['metric', 'srm_p_value', 'arms']);
    // scipy: stats.chisquare([1000, 1100]).pvalue
    expect(result.srm_p_value).toBeCloseTo(0.029096331741252267, 9);
    expect(result.arms[0]).toMatchObject({ name: 'A', rate: 0.1 });
    expect(result.arms[0].ci).toHaveLength(2);
    expect(result.arms[1]).toHaveProperty('lift');
    expect(result.arms[1]).toHaveProperty('lift_ci');
    expect(result.arms[1]).toHaveProperty('p_value');
    expect(result.arms[1]).toHaveProperty('mde');
  });

  it('names the bad field and exits 2', async () => {
    const bad = {
      metric: 'proportion',
      arms: [
        { name: 'A', users: 10, conversions: 1 },
        { name: 'B', users: 10, conversions: 11 },
      ],
    };
    const { code, stderr } = await analyze(JSON.stringify(bad));
    expect(code).toBe(2);
    expect(stderr).toContain('arms[1].conversions: conversions exceed users');
    const notJson = await analyze('{"metric":');
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain('input is not JSON');
  });

  // The case a new user hit: p = 0.036 beside a lift CI of [−1.9 %, 61.9 %] and a lift of 0.30000000000000004.
  const disagreeing = JSON.stringify({
    metric: 'proportion',
    arms: [
      { name: 'A', users: 1000, conversions: 100 },
      { name: 'B', users: 1000, conversions: 130 },
    ],
  });

  it('rounds JSON numbers to 12 significant digits and states the decision of each treatment', async () => {
    const { code, stdout } = await analyze(disagreeing);
    expect(code).toBe(0);
    const numbers: number[] = [];
    JSON.parse(stdout, (_key, value) => (typeof value === 'number' && numbers.push(value), value));
    expect(numbers.length).toBeGreaterThan(10);
    for (const x of numbers) expect(Number(x.toPrecision(12))).toBe(x);
    const b = JSON.parse(stdout).arms[1];
    expect(b.lift).toBe(0.3);
    // Hand computation: delta-method SE √(0.13·0.87/1000/0.1² + 0.13²·0.1·0.9/1000/0.1⁴) = 0.16285.
    expect(b.lift_ci[0]).toBeCloseTo(-0.0191794, 6);
    expect(b.lift_ci[1]).toBeCloseTo(0.6191794, 6);
    expect(b.decision).toMatchObject({ arm: 'B', significant: true, lift_ci_excludes_zero: false });
    expect(b.decision.rule).toBe('two-sided pooled two-proportion z-test, p < α = 0.05');
    // Unpooled SE √(0.1·0.9/1000 + 0.13·0.87/1000) = 0.014248; 1.959964 × that = 0.027926.
    expect(b.decision.difference).toBe(0.03);
    expect(b.decision.difference_ci[0]).toBeCloseTo(0.002068, 5);
    expect(b.decision.difference_ci[1]).toBeCloseTo(0.057932, 5);
    expect(b.decision.note).toMatch(
      /^the lift CI contains 0 although p < 0\.05: it is on the relative scale/,
    );
    expect(JSON.parse(stdout).arms[0]).not.toHaveProperty('decision');
  });

  it('prints rounded numbers, the decision rule and why the lift CI disagrees with the test', async () => {
    const { code, stdout } = await analyze(disagreeing, []);
    expect(code).toBe(0);
    expect(stdout).toContain('lift +30.0 % [-1.9 %, +61.9 %]  p = 0.0355');
    expect(stdout).toContain(
      'Decision rule: two-sided pooled two-proportion z-test, p < α = 0.05 (95 % CIs).',
    );
    expect(stdout).toContain('B vs A: significant; difference +3.00 points [+0.21, +5.79]');
    expect(stdout).toMatch(/\n {2}note: the lift CI contains 0 although p < 0\.05: .*decide by the test/);
    expect(stdout).not.toMatch(/\d\.\d{5,}/);

    const agreeing = await analyze(
      JSON.stringify({
        metric: 'proportion',
        arms: [
          { name: 'A', users: 1000, conversions: 100 },
          { name: 'B', users: 1000, conversions: 200 },
        ],
      }),
      [],
    );
    expect(agreeing.stdout).toContain('B vs A: significant');
    expect(agreeing.stdout).not.toContain('note:');

    const means = await analyze(
      JSON.stringify({
        metric: 'mean',
        arms: [
          { name: 'A', n: 50, mean: 1, var: 4 },
          { name: 'B', n: 60, mean: 1.2, var: 9 },
        ],
      }),
      ['--alpha', '0.1'],
    );
    expect(means.stdout).toContain('Decision rule: two-sided Welch t-test, p < α = 0.1 (90 % CIs).');
    expect(means.stdout).toContain('B vs A: not significant; difference 0.2000');
  });

  it('rejects an α outside (0, 1) with exit 2', async () => {
    const { code, stderr } = await analyze(disagreeing, ['--alpha', '5']);
    expect(code).toBe(2);
    expect(stderr).toContain('--alpha 5: must be a number between 0 and 1');
  });
});
