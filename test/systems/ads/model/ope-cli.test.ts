import { afterEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../../../src/platform/cli/common.ts';
import { adsOpeCommand } from '../../../../src/systems/ads/cli/ope.ts';

afterEach(() => vi.restoreAllMocks());

async function run(args: string[]): Promise<string> {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  await adsOpeCommand().exitOverride().parseAsync(args, { from: 'user' });
  return out;
}

describe('mlsd ads ope', () => {
  it('--json prints the contract for one campaign and behaviour', async () => {
    const out = await run([
      '--campaign',
      'women',
      '--behavior',
      'random',
      '--json',
      '--bootstrap',
      '50',
      '--reward-model',
      'item-position',
    ]);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ campaign: 'women', behavior: 'random', evaluation: 'bts' });
    expect(report.truth.value).toBe(0.0046);
    expect(report.estimators.ipw.value).toBeCloseTo(0.00581, 5); // SOURCES.md's IPS cross-check
    for (const key of ['value', 'ci', 'relative_error', 'ess'])
      expect(report.estimators.dros).toHaveProperty(key);
  }, 20_000);

  it('prints a table by default', async () => {
    const out = await run([
      '--campaign',
      'men',
      '--behavior',
      'bts',
      '--bootstrap',
      '20',
      '--reward-model',
      'item-position',
    ]);
    expect(out).toMatch(/men: uniform random estimated from the bts log/);
    expect(out).toMatch(/switch_dr/);
    expect(out).toMatch(/noise floor/);
  }, 20_000);

  it('a bad flag is a usage error', async () => {
    await expect(run(['--max-weight', '-1'])).rejects.toBeInstanceOf(UsageError);
    await expect(run(['--campaign', 'kids'])).rejects.toThrow(/Allowed choices/);
  });
});
