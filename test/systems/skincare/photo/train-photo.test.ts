/**
 * The photo pipeline on real faces: the portraits cut from `@vladmandic/face-api`'s sample photos
 * (read from node_modules, never copied into the repository), transformed with sharp.
 * (1) Controlled transformations through the whole pipeline (decode → gate → mesh regions →
 * indicators): a red tint raises redness monotonically; a global brightness change barely moves it.
 * (2) `mlsd skincare train-photo` end to end on a folder made from those portraits: 'clear' =
 * original, 'redness' = red-tinted skin, with flips and exposure changes. This shows the pipeline
 * learns what it can see; it is NOT a skin-condition accuracy.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { trainPhotoCommand } from '../../../../src/systems/skincare/cli/train-photo.ts';
import { regionsOf } from '../../../../src/systems/skincare/photo/analyse.ts';
import { measureIndicators } from '../../../../src/systems/skincare/photo/indicators.ts';
import { samplePortraits, type SamplePortrait } from '../../../../src/systems/skincare/photo/samples.ts';

/** Red tint: R × (1 + s), G × (1 − s/2), B × (1 − s/4) — a* up, lightness about the same. */
const tint = (jpeg: Buffer, s: number) =>
  sharp(jpeg)
    .recomb([
      [1 + s, 0, 0],
      [0, 1 - s / 2, 0],
      [0, 0, 1 - s / 4],
    ])
    .jpeg({ quality: 92 })
    .toBuffer();
const exposure = (jpeg: Buffer, gain: number) => sharp(jpeg).linear(gain, 0).jpeg({ quality: 92 }).toBuffer();
const flip = (jpeg: Buffer) => sharp(jpeg).flop().jpeg({ quality: 92 }).toBuffer();

async function redness(jpeg: Buffer): Promise<number | null> {
  const seen = await regionsOf(jpeg);
  return seen.accepted ? measureIndicators(seen.regions).redness.value : null;
}

describe('photo pipeline on the sample portraits', () => {
  let accepted: SamplePortrait[] = [];
  beforeAll(async () => {
    for (const portrait of await samplePortraits())
      if ((await regionsOf(portrait.jpeg)).accepted) accepted.push(portrait);
    accepted = accepted.slice(0, 12);
  }, 300_000);
  afterEach(() => vi.restoreAllMocks());

  it('a red tint raises redness monotonically on every portrait; exposure ±15 % moves it < 0.05', async () => {
    expect(accepted.length).toBeGreaterThanOrEqual(8);
    const strengths = [0, 0.05, 0.1, 0.15];
    let monotone = 0;
    let worstExposureShift = 0;
    for (const portrait of accepted.slice(0, 6)) {
      const values = await Promise.all(
        strengths.map(async (s) => redness(s ? await tint(portrait.jpeg, s) : portrait.jpeg)),
      );
      const exposed = await Promise.all(
        [0.85, 1.15].map(async (g) => redness(await exposure(portrait.jpeg, g))),
      );
      console.log(
        portrait.name,
        'redness by tint',
        values.map((v) => v?.toFixed(3)).join(' '),
        '| exposure 0.85/1.15',
        exposed.map((v) => v?.toFixed(3)).join(' '),
      );
      expect(values.every((v) => v !== null)).toBe(true);
      if (values.every((v, i) => i === 0 || v! > values[i - 1]!)) monotone++;
      for (const v of exposed)
        if (v !== null) worstExposureShift = Math.max(worstExposureShift, Math.abs(v - values[0]!));
    }
    console.log(`monotone on ${monotone}/6 portraits; worst exposure shift ${worstExposureShift.toFixed(3)}`);
    expect(monotone).toBe(6);
    expect(worstExposureShift).toBeLessThan(0.05);
  }, 300_000);

  it('train-photo learns tinted vs original skin on held-out people (not a skin-condition accuracy)', async () => {
    const root = mkdtempSync(join(tmpdir(), 'mlsd-train-photo-'));
    mkdirSync(join(root, 'clear'));
    mkdirSync(join(root, 'redness'));
    for (const [k, portrait] of accepted.entries()) {
      const person = portrait.name;
      const strength = 0.08 + 0.02 * (k % 3);
      writeFileSync(join(root, 'clear', `${person}__orig.jpg`), portrait.jpeg);
      writeFileSync(
        join(root, 'clear', `${person}__flip-dark.jpg`),
        await exposure(await flip(portrait.jpeg), 0.9),
      );
      writeFileSync(join(root, 'redness', `${person}__tint.jpg`), await tint(portrait.jpeg, strength));
      writeFileSync(
        join(root, 'redness', `${person}__tint-flip-bright.jpg`),
        await exposure(await flip(await tint(portrait.jpeg, strength)), 1.1),
      );
    }
    writeFileSync(
      join(root, 'clear', 'blank__1.png'),
      await sharp({ create: { width: 400, height: 400, channels: 3, background: '#808080' } })
        .png()
        .toBuffer(),
    );
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const dataDir = mkdtempSync(join(tmpdir(), 'mlsd-train-photo-store-'));
    await trainPhotoCommand().parseAsync(
      ['--data', root, '--layout', 'folder', '--data-dir', dataDir, '--seed', '3', '--json'],
      { from: 'user' },
    );
    vi.restoreAllMocks();
    const report = JSON.parse(out);
    console.log(
      'fixture report',
      JSON.stringify({
        used: report.used,
        rejected: report.rejected,
        split: report.split,
        abstainBelow: report.abstainBelow,
        test: {
          ba: report.test.balancedAccuracy,
          abstention: report.test.abstentionRate,
          answered: report.test.answeredBalancedAccuracy,
        },
      }),
    );
    expect(report.listed).toBe(accepted.length * 4 + 1);
    expect(report.rejected.one_face).toBe(1); // the blank image: no face
    expect(report.split.testGroups).toBeGreaterThanOrEqual(2);
    expect(report.stage).toBe('production');
    expect(report.test.balancedAccuracy.value).toBeGreaterThan(0.75);
  }, 600_000);
});
