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
});
