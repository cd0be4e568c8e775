import { describe, expect, it } from 'vitest';
import { measureIndicators } from '../../../../src/systems/skincare/photo/indicators.ts';
import type { IndicatorName, RegionCrop } from '../../../../src/systems/skincare/contracts.ts';
import {
  addBlotches,
  addFineTexture,
  addHighlights,
  addRedness,
  mapLab,
  scaleBrightness,
  skinFace,
  skinRegion,
  SKIN_TONES,
} from './synthetic-skin.ts';

const value = (regions: RegionCrop[], name: IndicatorName) => measureIndicators(regions)[name].value;

/** Values of `name` over increasing strengths of a transformation; printed for the report. */
function sweep(
  name: IndicatorName,
  strengths: number[],
  transform: (c: RegionCrop, s: number) => RegionCrop,
  tone: [number, number, number],
) {
  const face = skinFace(tone, 3);
  const values = strengths.map((s) =>
    value(
      face.map((c) => transform(c, s)),
      name,
    ),
  );
  return values;
}

const increasing = (values: number[]) => values.every((v, i) => i === 0 || v > values[i - 1]);

describe('measureIndicators: controlled transformations (synthetic skin)', () => {
  for (const [toneName, tone] of Object.entries(SKIN_TONES)) {
    it(`${toneName}: redness rises monotonically with a* added to the skin`, () => {
      const v = sweep('redness', [0, 3, 6, 9, 12, 15], addRedness, tone);
      console.log(`redness ${toneName}`, v.map((x) => x.toFixed(3)).join(' '));
      expect(increasing(v)).toBe(true);
      expect(v[5] - v[0]).toBeGreaterThan(0.15);
    });

    it(`${toneName}: shine rises monotonically with specular highlights`, () => {
      const v = sweep('shine', [0, 0.01, 0.03, 0.06, 0.1], (c, s) => (s ? addHighlights(c, s, 11) : c), tone);
      console.log(`shine ${toneName}`, v.map((x) => x.toFixed(3)).join(' '));
      expect(increasing(v)).toBe(true);
      expect(v[0]).toBeLessThan(0.05);
    });

    it(`${toneName}: uneven tone rises with blotches (count and depth)`, () => {
      const byDepth = sweep('uneven_tone', [0, 4, 8, 12, 16], (c, s) => addBlotches(c, 3, s, 5), tone);
      const byCount = sweep('uneven_tone', [0, 1, 2, 4, 6], (c, s) => addBlotches(c, s, 10, 5), tone);
      console.log(
        `uneven ${toneName}`,
        byDepth.map((x) => x.toFixed(3)).join(' '),
        '|',
        byCount.map((x) => x.toFixed(3)).join(' '),
      );
      expect(increasing(byDepth)).toBe(true);
      expect(increasing(byCount)).toBe(true);
    });

    it(`${toneName}: texture rises with fine noise, and blotches barely move it`, () => {
      const v = sweep('texture', [0, 1, 2, 4, 8], (c, s) => (s ? addFineTexture(c, s, 7) : c), tone);
      console.log(`texture ${toneName}`, v.map((x) => x.toFixed(3)).join(' '));
      expect(increasing(v)).toBe(true);
      const blotched = sweep('texture', [0, 12], (c, s) => addBlotches(c, 3, s, 5), tone);
      expect(Math.abs(blotched[1] - blotched[0])).toBeLessThan(0.05);
    });

    it(`${toneName}: a global brightness change leaves redness within 0.05`, () => {
      const gains = [0.7, 0.85, 1, 1.1];
      const v = sweep('redness', gains, scaleBrightness, tone);
      console.log(`redness vs gain ${toneName}`, v.map((x) => x.toFixed(3)).join(' '));
      for (const x of v) expect(Math.abs(x - v[2])).toBeLessThan(0.05);
      const texture = sweep('texture', gains, (c, g) => scaleBrightness(addFineTexture(c, 3, 7), g), tone);
      console.log(`texture vs gain ${toneName}`, texture.map((x) => x.toFixed(3)).join(' '));
      for (const x of texture) expect(Math.abs(x - texture[2])).toBeLessThan(0.08);
    });
  }

  it('specular highlights hardly move texture or uneven tone (they are shine)', () => {
    for (const tone of Object.values(SKIN_TONES)) {
      const face = skinFace(tone, 4).map((c) => addFineTexture(c, 2, 7));
      const shiny = face.map((c, k) => addHighlights(c, 0.06, 20 + k));
      expect(value(shiny, 'shine')).toBeGreaterThan(value(face, 'shine') + 0.3);
      expect(Math.abs(value(shiny, 'texture') - value(face, 'texture'))).toBeLessThan(0.05);
      expect(Math.abs(value(shiny, 'uneven_tone') - value(face, 'uneven_tone'))).toBeLessThan(0.05);
    }
  });

  it('uneven tone ignores exposure and curved shading, but not a blotch of the same depth', () => {
    for (const tone of Object.values(SKIN_TONES)) {
      const face = skinFace(tone, 6);
      const base = value(face, 'uneven_tone');
      for (const gain of [0.7, 0.85, 1.15])
        expect(
          Math.abs(
            value(
              face.map((c) => scaleBrightness(c, gain)),
              'uneven_tone',
            ) - base,
          ),
        ).toBeLessThan(0.05);
      // A lit bulge: 10 L* brighter in the middle than at the edge (a plane cannot follow it).
      const bulge = face.map((c) =>
        mapLab(c, ([L, a, b], x, y) => {
          const r2 = ((x - c.width / 2) / (c.width / 2)) ** 2 + ((y - c.height / 2) / (c.height / 2)) ** 2;
          return [L + 10 * (1 - r2), a, b];
        }),
      );
      expect(Math.abs(value(bulge, 'uneven_tone') - base)).toBeLessThan(0.05);
      expect(
        value(
          face.map((c) => addBlotches(c, 2, 10, 5)),
          'uneven_tone',
        ),
      ).toBeGreaterThan(base + 0.2);
    }
  });

  it('the same fine texture reads alike on light and dark skin (within 0.08)', () => {
    const values = Object.values(SKIN_TONES).map((tone) =>
      value(
        skinFace(tone, 3).map((c) => addFineTexture(c, 3, 7)),
        'texture',
      ),
    );
    console.log('texture by tone (light, medium, dark)', values.map((x) => x.toFixed(3)).join(' '));
    expect(Math.max(...values) - Math.min(...values)).toBeLessThan(0.08);
  });

  it('redness added to one cheek only raises redness (the red-patch part sees it)', () => {
    const face = skinFace(SKIN_TONES.medium, 4);
    const base = value(face, 'redness');
    const oneCheek = face.map((c) => (c.name === 'left_cheek' ? addRedness(c, 10) : c));
    expect(value(oneCheek, 'redness')).toBeGreaterThan(base + 0.03);
  });

  it('an over-exposed (clipped) face keeps a redness value but loses its redness confidence', () => {
    const face = skinFace(SKIN_TONES.light, 8);
    const normal = measureIndicators(face).redness;
    const blown = measureIndicators(face.map((c) => scaleBrightness(c, 1.3))).redness;
    expect(blown.confidence).toBeLessThan(normal.confidence * 0.2);
  });

  it('shine ignores a uniformly brighter exposure (no highlights appear)', () => {
    const face = skinFace(SKIN_TONES.light, 5);
    expect(
      value(
        face.map((c) => scaleBrightness(c, 1.08)),
        'shine',
      ),
    ).toBeLessThan(0.05);
  });
});

describe('measureIndicators: confidence and bad input', () => {
  it('confidence grows with skin pixels and regions, and is 0 without skin', () => {
    const tone = SKIN_TONES.medium;
    const small = measureIndicators([skinRegion('forehead', tone, 1, [14, 12])]).redness.confidence;
    const one = measureIndicators([skinRegion('forehead', tone, 1)]).redness.confidence;
    const four = measureIndicators(skinFace(tone, 1)).redness.confidence;
    expect(small).toBeLessThan(one);
    expect(one).toBeLessThan(four);
    const none = measureIndicators([]);
    expect(none.redness).toEqual({ value: 0, confidence: 0 });
  });

  it('disagreeing regions lower the confidence', () => {
    const face = skinFace(SKIN_TONES.medium, 6);
    const agree = measureIndicators(face).redness.confidence;
    const mixed = measureIndicators(face.map((c, k) => (k % 2 ? addRedness(c, 25) : c))).redness.confidence;
    expect(mixed).toBeLessThan(agree);
  });

  it('a crop whose buffers do not match its size is refused with the region named', () => {
    const crop = skinRegion('chin', SKIN_TONES.dark, 1);
    expect(() => measureIndicators([{ ...crop, mask: crop.mask.subarray(1) }])).toThrow(
      /region chin: mask has/,
    );
    expect(() => measureIndicators([{ ...crop, width: 0 }])).toThrow(/region chin: size/);
  });
});
