import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { GOALS, type IngredientMatcher } from '../../../../src/systems/skincare/contracts.ts';
import {
  KNOWLEDGE_BASE,
  activesFor,
  comedogenicIn,
  conflictsBetween,
  fragranceAllergensIn,
  irritantsIn,
  matchesIngredient,
  pregnancyFlagsIn,
} from '../../../../src/systems/skincare/knowledge/index.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const COSING = resolve(REPO, '../shared/data/skincare/cosing/cosing_functions.csv');

/** The INCI names of the CosIng export (first CSV column, quoted or not). */
function cosingNames(): Set<string> {
  const lines = readFileSync(COSING, 'utf8').split(/\r?\n/).slice(1);
  return new Set(
    lines
      .filter(Boolean)
      .map((line) => (line.startsWith('"') ? line.slice(1, line.indexOf('"', 1)) : line.split(',')[0])),
  );
}

const kb = KNOWLEDGE_BASE;
const everyEntry = [
  ...GOALS.flatMap((goal) => kb.actives[goal]),
  ...kb.irritants,
  ...kb.fragranceAllergens,
  ...kb.avoidInPregnancy,
  ...kb.comedogenic,
  ...kb.conflicts,
  ...kb.redFlags,
];
const everyMatcher: IngredientMatcher[] = [
  ...GOALS.flatMap((goal) => kb.actives[goal]),
  ...kb.irritants,
  ...kb.fragranceAllergens,
  ...kb.avoidInPregnancy,
  ...kb.comedogenic,
  ...kb.conflicts.flatMap((conflict) => [conflict.a, conflict.b]),
];

describe('knowledge base', () => {
  it('cites a source with an address for every entry', () => {
    for (const entry of everyEntry) {
      expect(entry.source.length, JSON.stringify(entry).slice(0, 80)).toBeGreaterThan(20);
      expect(entry.source).toMatch(/https:\/\/\S+/);
    }
  });

  it('has actives for every goal, each matching at least one name', () => {
    for (const goal of GOALS) {
      expect(kb.actives[goal].length, goal).toBeGreaterThanOrEqual(5);
      for (const entry of kb.actives[goal])
        expect((entry.names?.length ?? 0) + (entry.patterns?.length ?? 0)).toBeGreaterThan(0);
    }
  });

  it('lists exactly the 26 Annex III allergens, numbered 67–92', () => {
    expect(kb.fragranceAllergens).toHaveLength(26);
    const numbers = kb.fragranceAllergens.map((entry) =>
      Number(/reference number (\d+)/.exec(entry.source)?.[1]),
    );
    expect(numbers).toEqual(Array.from({ length: 26 }, (_, i) => 67 + i));
    expect(new Set(kb.fragranceAllergens.map((entry) => entry.names![0])).size).toBe(26);
  });

  it.skipIf(!existsSync(COSING))('spells every allergen as CosIng does', () => {
    const names = cosingNames();
    for (const entry of kb.fragranceAllergens) expect(names.has(entry.names![0]), entry.names![0]).toBe(true);
  });

  it.skipIf(!existsSync(COSING))(
    'spells every exact name as CosIng does, except label forms and drugs it lacks',
    () => {
      // Names CosIng does not list: prescription drugs, and label spellings the normaliser may leave.
      const notInCosing = new Set([
        'TRETINOIN',
        'ADAPALENE',
        'FRAGRANCE',
        'ALCOHOL DENAT',
        'ETHANOL',
        'ETHYL ASCORBIC ACID',
        'MELALEUCA ALTERNIFOLIA OIL',
        'COCONUT OIL',
        'COCOA BUTTER',
      ]);
      const names = cosingNames();
      const unknown = everyMatcher
        .flatMap((m) => m.names ?? [])
        .filter((name) => !names.has(name) && !notInCosing.has(name));
      expect(unknown).toEqual([]);
      // Every pattern finds something real.
      for (const matcher of everyMatcher)
        for (const pattern of matcher.patterns ?? []) {
          const probe = { patterns: [pattern] };
          const found = [...names].some((name) => matchesIngredient(probe, name));
          if (!/PARFUM|CERAMIDE-/.test(pattern)) expect(found, pattern).toBe(true);
        }
    },
  );
});

describe('matchesIngredient', () => {
  it('matches exact names case-insensitively and patterns over the whole name', () => {
    expect(matchesIngredient({ names: ['NIACINAMIDE'] }, ' niacinamide ')).toBe(true);
    expect(matchesIngredient({ names: ['NIACINAMIDE'] }, 'NIACINAMIDE ASCORBATE')).toBe(false);
    expect(matchesIngredient({ patterns: ['RETINYL [A-Z]+'] }, 'RETINYL PALMITATE')).toBe(true);
    expect(matchesIngredient({ patterns: ['RETINYL [A-Z]+'] }, 'HYDROLYZED RETINYL PALMITATE')).toBe(false);
    expect(matchesIngredient({ names: ['X'] }, '')).toBe(false);
  });

  it('tells essential oils from carrier oils of the same genus', () => {
    const [essential] = kb.irritants.filter((entry) => entry.label === 'essential oils');
    expect(matchesIngredient(essential, 'LAVANDULA ANGUSTIFOLIA OIL')).toBe(true);
    expect(matchesIngredient(essential, 'CITRUS AURANTIUM DULCIS PEEL OIL')).toBe(true);
    expect(matchesIngredient(essential, 'CITRUS AURANTIUM DULCIS SEED OIL')).toBe(false);
    expect(matchesIngredient(essential, 'SIMMONDSIA CHINENSIS SEED OIL')).toBe(false);
  });
});

describe('lookups over a product', () => {
  const serum = [
    'AQUA',
    'GLYCERIN',
    'NIACINAMIDE',
    'ZINC PCA',
    'SODIUM HYALURONATE',
    'PARFUM',
    'LIMONENE',
    'LINALOOL',
    'ALCOHOL DENAT.',
  ];

  it('finds actives per goal with the ingredients that matched', () => {
    expect(activesFor('oiliness', serum).map((hit) => hit.entry.label)).toEqual(['niacinamide', 'zinc PCA']);
    expect(activesFor('dryness', serum).map((hit) => [hit.entry.label, hit.matched])).toEqual([
      ['glycerin', ['GLYCERIN']],
      ['hyaluronic acid', ['SODIUM HYALURONATE']],
    ]);
    expect(activesFor('fine_lines', ['AQUA'])).toEqual([]);
  });

  it('flags fragrance, allergens and irritants, and accepts Ingredient objects', () => {
    const ingredients = serum.map((inci) => ({ raw: inci, inci, functions: [] }));
    expect(fragranceAllergensIn(ingredients).map((hit) => hit.entry.label)).toEqual(['linalool', 'limonene']);
    expect(irritantsIn(ingredients).map((hit) => hit.entry.label)).toEqual([
      'fragrance (parfum)',
      'denatured alcohol',
    ]);
    expect(irritantsIn(['FRAGRANCE/PARFUM']).length).toBe(1);
    expect(irritantsIn(['CETYL ALCOHOL'])).toEqual([]); // a fatty alcohol is not drying alcohol
  });

  it('flags pregnancy and comedogenic ingredients', () => {
    expect(pregnancyFlagsIn(['RETINYL PALMITATE', 'HYDROQUINONE']).map((hit) => hit.entry.label)).toEqual([
      'retinoid',
      'hydroquinone',
    ]);
    expect(comedogenicIn(['ISOPROPYL MYRISTATE', 'COCOS NUCIFERA OIL']).length).toBe(2);
    for (const entry of kb.comedogenic) expect(entry.reason).toMatch(/weak evidence/);
  });

  it('finds conflicting pairs in either order, and none between harmless products', () => {
    expect(conflictsBetween(['RETINOL'], ['GLYCOLIC ACID']).map((c) => c.b.label)).toEqual([
      'alpha-hydroxy acid (AHA)',
    ]);
    expect(conflictsBetween(['GLYCOLIC ACID'], ['RETINOL'])).toHaveLength(1);
    expect(conflictsBetween(['BENZOYL PEROXIDE'], ['ADAPALENE'])).toEqual([]); // adapalene is stable with BPO
    expect(conflictsBetween(['BENZOYL PEROXIDE'], ['ASCORBIC ACID'])).toHaveLength(1);
    expect(conflictsBetween(['RETINOL'], ['SALICYLIC ACID'])).toHaveLength(1);
    expect(conflictsBetween(['GLYCERIN'], ['NIACINAMIDE'])).toEqual([]);
  });
});
