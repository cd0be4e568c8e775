import { describe, expect, it } from 'vitest';
import { deriveBrands } from '../../../../src/systems/skincare/data/brands.ts';
import { withoutSize } from '../../../../src/systems/skincare/data/lookfantastic.ts';

describe('deriveBrands (LookFantastic names have no brand column)', () => {
  it('takes a known brand, else the words a first word’s products share, spelled one way (its JSDoc example)', () => {
    expect(
      deriveBrands(['CeraVe Cream 50ml', 'CeraVe Cleanser', 'Clinique Take The Day Off'], ['CLINIQUE']).map(
        (b) => b.brand,
      ),
    ).toEqual(['CeraVe', 'CeraVe', 'Clinique']);
    const names = [
      'La Roche-Posay Effaclar Duo',
      'La Roche-Posay Cicaplast Baume',
      'The Ordinary Niacinamide 10%',
      'The Ordinary Buffet',
      'The INKEY List Retinol',
      'The INKEY List Caffeine',
      'Holika Holika Aloe Gel',
      'Holika Holika Mask',
      'Avène Eau Thermale',
      'Avene Cicalfate',
      'Estée Lauder Night Repair',
      'Zzyzx Lonely Serum',
    ];
    const derived = deriveBrands(names, ['ESTEE LAUDER']);
    expect(derived.map((b) => b.brand)).toEqual([
      'La Roche-Posay',
      'La Roche-Posay',
      'The Ordinary',
      'The Ordinary',
      'The INKEY List',
      'The INKEY List',
      'Holika Holika',
      'Holika Holika',
      'Avène',
      'Avène',
      'Estée Lauder',
      'Zzyzx',
    ]);
    expect(derived.map((b) => b.rule)).toEqual([...Array(10).fill('shared_prefix'), 'known', 'first_word']);
    expect(derived[0].rest).toBe('Effaclar Duo');
  });

  it('strips sizes from names (its JSDoc example)', () => {
    expect(withoutSize('Omorovicza Queen Of Hungary Mist (100ml)')).toBe('Omorovicza Queen Of Hungary Mist');
    expect(withoutSize('Peter Thomas Roth Peel Pads - 60 Pads')).toBe('Peter Thomas Roth Peel Pads');
    expect(withoutSize('Menaji Lip Balm Agent (0.15oz./4.2g)')).toBe('Menaji Lip Balm Agent');
    expect(withoutSize('PIXI Sheet Mask (Pack of 3)')).toBe('PIXI Sheet Mask');
    expect(withoutSize('The Ordinary Retinol 1% in Squalane')).toBe('The Ordinary Retinol 1% in Squalane');
  });
});
