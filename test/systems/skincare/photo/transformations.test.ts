import { describe, expect, it } from 'vitest';
import { rgbBufferToLab } from '../../../../src/ml/image/color.ts';
import type { RegionCrop } from '../../../../src/systems/skincare/contracts.ts';
import { REGION_POLYGONS } from '../../../../src/systems/skincare/photo/landmarks.ts';
import {
  skinImageOf,
  transformSkin,
  TRANSFORMATIONS,
  TRANSFORMATION_NAMES,
  type SkinImage,
} from '../../../../src/systems/skincare/photo/transformations.ts';

const W = 120;
const H = 100;

/** A skin-coloured image with a dark background; the left half is forehead, the right half a cheek, a band at the bottom is not skin. */
function image(): SkinImage {
  const rgb = new Uint8Array(W * H * 3);
  const regionOf = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const i = y * W + x;
      const skin = y < 80;
      rgb.set(skin ? [200, 150, 125] : [40, 30, 25], 3 * i);
      if (skin) regionOf[i] = x < W / 2 ? 1 : 2; // 1 = forehead, 2 = left_cheek (REGIONS order)
    }
  return { rgb, width: W, height: H, regionOf, faceWidth: 100 };
}

const labOf = (rgb: Uint8Array, i: number) => Array.from(rgbBufferToLab(rgb.subarray(3 * i, 3 * i + 3)));
const changed = (a: Uint8Array, b: Uint8Array, i: number) =>
  a[3 * i] !== b[3 * i] || a[3 * i + 1] !== b[3 * i + 1] || a[3 * i + 2] !== b[3 * i + 2];
const skinIndex = 10 * W + 10;
const backgroundIndex = 90 * W + 10;

describe('transformSkin: controlled skin-only edits', () => {
  it('strength at the reference leaves every pixel as it was', () => {
    const base = image();
    for (const name of TRANSFORMATION_NAMES)
      expect(
        Buffer.compare(transformSkin(base, name, TRANSFORMATIONS[name].reference, 3), base.rgb),
        name,
      ).toBe(0);
  });

  it('redness raises a* on skin by about the strength and leaves the rest alone', () => {
    const base = image();
    const red = transformSkin(base, 'redness', 6, 1);
    const [L0, a0, b0] = labOf(base.rgb, skinIndex);
    const [L1, a1, b1] = labOf(red, skinIndex);
    expect(a1 - a0).toBeGreaterThan(5);
    expect(a1 - a0).toBeLessThan(7);
    expect(Math.abs(L1 - L0)).toBeLessThan(1);
    expect(Math.abs(b1 - b0)).toBeLessThan(1);
    expect(changed(base.rgb, red, backgroundIndex)).toBe(false);
  });

  it('highlights are bright grey spots on forehead and cheeks, the weaker set inside the stronger', () => {
    const base = image();
    base.regionOf.fill(4, 40 * W, 80 * W); // lower half of the skin is chin: no highlights there
    const weak = transformSkin(base, 'highlights', 0.02, 9);
    const strong = transformSkin(base, 'highlights', 0.08, 9);
    let weakSpots = 0;
    for (let i = 0; i < W * H; i++) {
      if (changed(base.rgb, weak, i)) {
        weakSpots++;
        expect(changed(base.rgb, strong, i)).toBe(true);
      }
      if (base.regionOf[i] !== 1 && base.regionOf[i] !== 2) expect(changed(base.rgb, strong, i)).toBe(false);
    }
    expect(weakSpots).toBeGreaterThan(20);
    let brightest = 0;
    for (let i = 0; i < W * H; i++) brightest = Math.max(brightest, labOf(strong, i)[0]);
    expect(brightest).toBeGreaterThan(90);
  });

  it('blotches darken and brown the skin more with depth, at the same places', () => {
    const base = image();
    const shallow = transformSkin(base, 'blotches', 4, 2);
    const deep = transformSkin(base, 'blotches', 12, 2);
    let darkest = [0, 0];
    for (let i = 0; i < W * H; i++) {
      const L0 = labOf(base.rgb, i)[0];
      darkest = [
        Math.max(darkest[0], L0 - labOf(shallow, i)[0]),
        Math.max(darkest[1], L0 - labOf(deep, i)[0]),
      ];
      if (!base.regionOf[i]) expect(changed(base.rgb, deep, i)).toBe(false);
    }
    expect(darkest[0]).toBeGreaterThan(3);
    expect(darkest[1]).toBeGreaterThan(darkest[0] + 5);
  });

  it('texture adds zero-mean L* noise with about the stated SD', () => {
    const base = image();
    const noisy = transformSkin(base, 'texture', 3, 4);
    const diffs: number[] = [];
    for (let i = 0; i < W * H; i++)
      if (base.regionOf[i]) diffs.push(labOf(noisy, i)[0] - labOf(base.rgb, i)[0]);
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / diffs.length);
    expect(Math.abs(mean)).toBeLessThan(0.2);
    expect(sd).toBeGreaterThan(2.5);
    expect(sd).toBeLessThan(3.5);
  });

  it('exposure scales the whole photo, background included, and clips at white', () => {
    const base = image();
    const bright = transformSkin(base, 'exposure', 1.3, 0);
    expect(bright[3 * skinIndex]).toBe(255);
    expect(bright[3 * backgroundIndex]).toBe(52);
  });

  it('names what is wrong', () => {
    expect(() => transformSkin(image(), 'glitter' as never, 1, 0)).toThrow(
      /unknown transformation "glitter"/,
    );
    expect(() => transformSkin(image(), 'redness', Number.NaN, 0)).toThrow(/strength must be finite/);
    expect(() => transformSkin({ ...image(), width: 7 }, 'redness', 1, 0)).toThrow(/do not match 7 × 100/);
  });
});

describe('skinImageOf: region masks back in the frame', () => {
  it('puts a crop at the floor of its mesh polygon bounds', () => {
    const mesh = Array.from({ length: 468 }, () => [50, 50, 0] as [number, number, number]);
    REGION_POLYGONS.forehead.forEach((index, k) => (mesh[index] = k % 2 ? [12.7, 20.2, 0] : [4.4, 6.9, 0]));
    const crop: RegionCrop = {
      name: 'forehead',
      width: 9,
      height: 15,
      rgb: new Uint8Array(9 * 15 * 3),
      mask: new Uint8Array(9 * 15),
    };
    crop.mask[0] = 1; // the crop's top-left corner
    crop.mask[9 * 15 - 1] = 1; // its bottom-right corner
    const skin = skinImageOf({ rgb: new Uint8Array(W * H * 3), width: W, height: H }, mesh, [crop]);
    expect(skin.regionOf[6 * W + 4]).toBe(1);
    expect(skin.regionOf[20 * W + 12]).toBe(1);
    expect(skin.regionOf.reduce((s, v) => s + v, 0)).toBe(2);
    expect(skin.faceWidth).toBeCloseTo(50 - 4.4);
  });

  it('refuses a crop that would leave the image', () => {
    const mesh = Array.from({ length: 468 }, () => [115, 95, 0] as [number, number, number]);
    const crop: RegionCrop = {
      name: 'chin',
      width: 20,
      height: 20,
      rgb: new Uint8Array(1200),
      mask: new Uint8Array(400),
    };
    expect(() => skinImageOf({ rgb: new Uint8Array(W * H * 3), width: W, height: H }, mesh, [crop])).toThrow(
      /region chin/,
    );
  });
});
