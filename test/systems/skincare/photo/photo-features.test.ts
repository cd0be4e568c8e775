import { describe, expect, it } from 'vitest';
import { REGIONS } from '../../../../src/systems/skincare/contracts.ts';
import {
  PHOTO_FEATURE_NAMES,
  photoFeatureConfigHash,
  photoFeatures,
} from '../../../../src/systems/skincare/photo/photo-features.ts';
import { addRedness, skinFace, skinRegion, SKIN_TONES } from './synthetic-skin.ts';

const at = (name: string) => {
  const i = PHOTO_FEATURE_NAMES.indexOf(name);
  if (i < 0) throw new Error(`no feature ${name}`);
  return i;
};

describe('photo features', () => {
  it('names are unique, per region and for the face, and the hash is a stable SHA-256', () => {
    expect(new Set(PHOTO_FEATURE_NAMES).size).toBe(PHOTO_FEATURE_NAMES.length);
    expect(PHOTO_FEATURE_NAMES.length).toBe(REGIONS.length * 17 + 10);
    expect(PHOTO_FEATURE_NAMES.slice(0, 3)).toEqual([
      'forehead.present',
      'forehead.medianL',
      'forehead.medianA',
    ]);
    expect(photoFeatureConfigHash()).toMatch(/^[0-9a-f]{64}$/);
    expect(photoFeatureConfigHash()).toBe(photoFeatureConfigHash());
  });

  it('a missing region is absent and imputed with the mean of the measured ones', () => {
    const face = skinFace(SKIN_TONES.medium, 2).filter((c) => c.name !== 'chin');
    const { values, regions } = photoFeatures(face);
    expect(regions).toBe(3);
    expect(values[at('chin.present')]).toBe(0);
    const mean =
      (['forehead', 'left_cheek', 'right_cheek'] as const).reduce(
        (s, r) => s + values[at(`${r}.medianA`)],
        0,
      ) / 3;
    expect(values[at('chin.medianA')]).toBeCloseTo(mean, 9);
  });

  it('redness on the cheeks shows in their a*, their redness and cheeks-minus-forehead', () => {
    const face = skinFace(SKIN_TONES.light, 3);
    const base = photoFeatures(face).values;
    const red = photoFeatures(face.map((c) => (c.name.endsWith('cheek') ? addRedness(c, 8) : c))).values;
    expect(red[at('left_cheek.medianA')] - base[at('left_cheek.medianA')]).toBeGreaterThan(6);
    expect(red[at('left_cheek.redness')]).toBeGreaterThan(base[at('left_cheek.redness')]);
    expect(red[at('face.cheeks_minus_forehead_a')]).toBeGreaterThan(
      base[at('face.cheeks_minus_forehead_a')] + 6,
    );
    expect(red[at('forehead.medianA')]).toBeCloseTo(base[at('forehead.medianA')], 6);
  });

  it('no skin at all gives zeros, not NaN', () => {
    const crop = skinRegion('forehead', SKIN_TONES.dark, 1, [6, 6]);
    const { values } = photoFeatures([crop]);
    expect(values.every((v) => v === 0)).toBe(true);
  });
});
