import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCosing } from '../../../../src/systems/skincare/data/cosing.ts';
import { normaliseInci } from '../../../../src/systems/skincare/data/inci-normalise.ts';
import { matchIngredient } from '../../../../src/systems/skincare/data/inci.ts';
import {
  classifyIngredientText,
  splitIngredientList,
} from '../../../../src/systems/skincare/data/ingredient-list.ts';
import { repairTokens } from '../../../../src/systems/skincare/data/token-repair.ts';
import { SKINCARE_DATA, tinyCosing } from './fixtures.ts';

describe('normaliseInci', () => {
  it.each([
    [' Aqua (Water)* ', 'WATER'],
    ['Water/Aqua/Eau', 'WATER'],
    ['WATER\\AQUA\\EAU', 'WATER'],
    ['Purified Water', 'WATER'],
    ['Eau', 'WATER'],
    ['Titanium Dioxide 3.55%', 'TITANIUM DIOXIDE'],
    ['Peat Extract(0.5%)', 'PEAT EXTRACT'],
    ['Alcohol Denat.', 'ALCOHOL DENAT'],
    ['Glycerin**.', 'GLYCERIN'],
    ['May Contain: Ci 77891', 'CI 77891'],
    ['[+/- C.I. 77491', 'CI 77491'],
    ['+/-: CI77492', 'CI 77492'],
    ['Sodium\u00a0Hyaluronate†', 'SODIUM HYALURONATE'],
    ['Protéine Du Lait', 'PROTEINE DU LAIT'],
    ['-Squalane', 'SQUALANE'],
    ['Bacillus/Soybean/ Folic Acid Ferment Extract', 'BACILLUS/SOYBEAN/FOLIC ACID FERMENT EXTRACT'],
    ['Butyrospermum Parkii (Shea) Butter', 'BUTYROSPERMUM PARKII (SHEA) BUTTER'],
    ['Ingredients: Water', 'WATER'],
    ['*', ''],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseInci(raw)).toBe(expected);
  });

  it('is idempotent and never throws (property)', () => {
    const pieces = fc.constantFrom(
      'Water',
      'Aqua',
      '(',
      ')',
      '[',
      ']',
      '/',
      '*',
      '.',
      ' ',
      '%',
      '3.5',
      'Ci',
      '77891',
      'May Contain:',
      '+/-',
      '\u00a0',
      'é',
      '™',
      '-',
      ',',
      'Ingredients:',
      'Eau',
    );
    const tokenish = fc.array(pieces, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), tokenish), (raw) => {
        const once = normaliseInci(raw);
        expect(normaliseInci(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('matchIngredient (tiny CosIng)', () => {
  const cosing = tinyCosing();
  const match = (raw: string) => matchIngredient(raw, cosing);

  it('merges the functions of a name listed twice', () => {
    expect(cosing.functionsOf('NIACINAMIDE')).toEqual(['Skin Conditioning', 'Smoothing']);
  });

  it.each([
    ['Glycerin', 'GLYCERIN', 'exact'],
    ['Aqua (Water)', 'WATER', 'normalised'],
    ['Alcohol Denat', 'ALCOHOL DENAT.', 'normalised'],
    ['Organic Squalane*', 'SQUALANE', 'normalised'],
    ['Fragrance', 'PARFUM', 'synonym'],
    ['Octinoxate 7.50%', 'ETHYLHEXYL METHOXYCINNAMATE', 'synonym'],
    ['Butyrospermum Parkii (Shea) Butter', 'BUTYROSPERMUM PARKII BUTTER', 'parenthesis'],
    ['Titanium Dioxide (CI 77891)', 'TITANIUM DIOXIDE', 'parenthesis'],
    ['Yeast Extract/Faex/Extrait de Levure', 'YEAST EXTRACT', 'slash'],
    ['ethylhexyl glycerin', 'ETHYLHEXYLGLYCERIN', 'compact'],
    ['PEG - 100 Stearate', 'PEG-100 STEARATE', 'compact'],
    ['caffeinee', 'CAFFEINE', 'near_miss'],
    ['dimethicon', 'DIMETHICONE', 'near_miss'],
    ['bis-peg-18 methyl ether dimethyl', 'BIS-PEG-18 METHYL ETHER DIMETHYL SILANE', 'prefix'],
  ])('%j → %j by %s', (raw, inci, rule) => {
    const { ingredient, rule: how } = match(raw);
    expect([ingredient.inci, how]).toEqual([inci, rule]);
    expect(ingredient.raw).toBe(raw.trim());
    expect(ingredient.functions).toEqual(cosing.functionsOf(inci));
  });

  it('refuses guesses that would name another substance', () => {
    // a copolymer is not its first monomer
    expect(match('PVP/Hexadecene Copolymer').rule).toBeNull();
    // a digit is never changed: PEG-10 is not PEG-100
    expect(match('PEG-10 Stearate').rule).toBeNull();
    // an ambiguous prefix ('ETHYLHEXYL …' starts two names) and a complete name are not cut-shorts
    expect(match('ethylhexyl').rule).toBeNull();
    expect(match('Sodium Hyaluronate Cross').rule).toBe('prefix');
    expect(match('Yeast').rule).toBeNull();
  });

  it("keeps the normalised name when nothing matches, '' for nothing at all", () => {
    expect(match('Unobtainium (Moon) Dust*').ingredient).toEqual({
      raw: 'Unobtainium (Moon) Dust*',
      inci: 'UNOBTAINIUM (MOON) DUST',
      functions: [],
    });
    expect(match(' ** ').ingredient.inci).toBe('');
  });

  it('returns a copy: changing one result does not change the next', () => {
    match('Glycerin').ingredient.functions.push('Mutated');
    expect(match('Glycerin').ingredient.functions).not.toContain('Mutated');
  });

  it('repairs split and run-on tokens (its JSDoc example)', () => {
    expect(repairTokens(['ethylhexyl', 'salicylate', 'Water Squalane'], cosing)).toEqual({
      tokens: ['ethylhexyl salicylate', 'WATER', 'SQUALANE'],
      joined: 1,
      segmented: 1,
    });
  });
});

describe('matchIngredient (the real CosIng)', () => {
  const cosing = loadCosing(SKINCARE_DATA);
  it('has 28,705 distinct names and spells water as CosIng does', () => {
    expect(cosing.size).toBe(28_705);
    expect(matchIngredient('Water/Aqua/Eau', cosing).ingredient).toMatchObject({
      inci: 'WATER',
      functions: ['Antiplaque', 'Skin Conditioning', 'Solvent'],
    });
    expect(matchIngredient('Butyrospermum Parkii (Shea) Butter', cosing).ingredient.inci).toBe(
      'BUTYROSPERMUM PARKII BUTTER',
    );
    expect(matchIngredient('Iron Oxides (CI 77491, CI 77492, CI 77499)', cosing).ingredient.inci).toBe(
      'CI 77491',
    );
    expect(matchIngredient('Citrus Medica Limonum (Lemon) Peel Oil', cosing).ingredient.inci).toBe(
      'CITRUS LIMON PEEL OIL',
    );
  });
});

describe('splitIngredientList', () => {
  it('splits on commas outside brackets and drops footnotes (its JSDoc example)', () => {
    expect(
      splitIngredientList('Water, Persea Gratissima (Avocado, Cold Pressed) Oil, Parfum*. *Organic.'),
    ).toEqual(['Water', 'Persea Gratissima (Avocado, Cold Pressed) Oil', 'Parfum*']);
  });

  it('handles the Sephora artefacts', () => {
    expect(splitIngredientList('Water, 1,2-Hexanediol, 1, 2-Hexanediol')).toEqual([
      'Water',
      '1,2-Hexanediol',
      '1,2-Hexanediol',
    ]);
    expect(splitIngredientList('Dimethyl Isosorbide (and) Hydroxypinacolone Retinoate')).toEqual([
      'Dimethyl Isosorbide',
      'Hydroxypinacolone Retinoate',
    ]);
    expect(splitIngredientList('Mica, [+/- Titanium Dioxide (Ci 77891), Iron Oxides]')).toEqual([
      'Mica',
      'Titanium Dioxide (Ci 77891)',
      'Iron Oxides',
    ]);
    expect(
      splitIngredientList(
        'Water, Phenoxyethanol * Essential Oil Please be aware that ingredient lists may change or vary from time to time.',
      ),
    ).toEqual(['Water', 'Phenoxyethanol']);
    expect(
      splitIngredientList('Night Cream Division: El (Estee Lauder)Ingredients: Water, Glycerin'),
    ).toEqual(['Water', 'Glycerin']);
    expect(splitIngredientList('Water, Glycerin, REN does not use skin unfriendly ingredients')).toEqual([
      'Water',
      'Glycerin',
    ]);
    // a truncated list with an unclosed bracket keeps its later tokens apart
    expect(splitIngredientList('Water, Iron Oxides (Ci 77491, Mica')).toEqual([
      'Water',
      'Iron Oxides (Ci 77491',
      'Mica',
    ]);
  });

  it.each([
    ['Visit the Dior boutique', 'placeholder_boutique'],
    ['No Info', 'placeholder_no_info'],
    ['#NAME?', 'excel_error'],
    ['-Aloe Vera: Calms and conditions skin. -Jojoba Oil: Softens.', 'highlights_only'],
    ['  ', 'empty'],
    ['Water, Glycerin', null],
  ])('classifies %j as %s', (text, reason) => {
    expect(classifyIngredientText(text)).toBe(reason);
    if (reason !== null && reason !== 'highlights_only') expect(splitIngredientList(text)).toEqual([]);
  });

  it('never throws and never returns an empty token (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        for (const token of splitIngredientList(text)) expect(token.trim()).not.toBe('');
      }),
      { numRuns: 2000 },
    );
  });
});
