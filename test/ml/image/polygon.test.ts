import { describe, expect, it } from 'vitest';
import { boundsOf, fillPolygon, type Point } from '../../../src/ml/image/polygon.ts';

const count = (mask: Uint8Array) => mask.reduce((s, v) => s + v, 0);

describe('fillPolygon', () => {
  it('fills a triangle with about its area in pixels', () => {
    const mask = new Uint8Array(100 * 100);
    fillPolygon(
      mask,
      100,
      100,
      [
        [10, 10],
        [90, 10],
        [10, 90],
      ],
      1,
    );
    expect(Math.abs(count(mask) - 3200) / 3200).toBeLessThan(0.03);
  });

  it('cuts a hole with value 0 and clips vertices outside the image', () => {
    const mask = new Uint8Array(20 * 20);
    fillPolygon(
      mask,
      20,
      20,
      [
        [-10, -10],
        [30, -10],
        [30, 30],
        [-10, 30],
      ],
      1,
    );
    expect(count(mask)).toBe(400);
    fillPolygon(
      mask,
      20,
      20,
      [
        [5, 5],
        [15, 5],
        [15, 15],
        [5, 15],
      ],
      0,
    );
    expect(count(mask)).toBe(300);
  });

  it('ignores degenerate polygons and checks the mask size', () => {
    const mask = new Uint8Array(16);
    fillPolygon(
      mask,
      4,
      4,
      [
        [0, 0],
        [3, 3],
      ],
      1,
    );
    expect(count(mask)).toBe(0);
    expect(() =>
      fillPolygon(
        mask,
        5,
        4,
        [
          [0, 0],
          [1, 0],
          [1, 1],
        ],
        1,
      ),
    ).toThrow(/expected 5 × 4/);
  });

  it('boundsOf gives the bounding box', () => {
    const points: Point[] = [
      [3, 4],
      [-1, 9],
      [7, 0],
    ];
    expect(boundsOf(points)).toEqual([-1, 0, 7, 9]);
  });
});
