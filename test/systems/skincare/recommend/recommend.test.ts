import { describe, expect, it } from 'vitest';
import type { PhotoAnalysis, Questionnaire } from '../../../../src/systems/skincare/contracts.ts';
import { checkRules } from '../../../../src/systems/skincare/recommend/check.ts';
import {
  DISCLAIMER,
  exclusions,
  recommend,
  recommendBaseline,
} from '../../../../src/systems/skincare/recommend/recommend.ts';
import { FIXTURE_KB, fixtureCatalog, product } from './fixtures.ts';

const catalog = fixtureCatalog();
const kb = FIXTURE_KB;
const q = (overrides: Partial<Questionnaire> = {}): Questionnaire => ({
  skin_type: 'dry',
  sensitive: false,
  goals: [],
  ...overrides,
});
const names = (entries: { product: { name: string } }[]) => entries.map((e) => e.product.name);

describe('recommend', () => {
  it('builds AM cleanser → treatment → moisturiser → sunscreen and PM cleanser → treatments → moisturiser', () => {
    const answer = recommend({ questionnaire: q({ goals: ['acne', 'redness'] }), catalog, kb });
    expect(answer.disclaimer).toBe(DISCLAIMER);
    expect(answer.red_flag).toBeNull();
    expect(answer.routine.am.map((e) => e.step)).toEqual([
      'cleanser',
      'treatment',
      'moisturiser',
      'sunscreen',
    ]);
    expect(answer.routine.pm.map((e) => e.step)).toEqual([
      'cleanser',
      'treatment',
      'treatment',
      'moisturiser',
    ]);
    expect(checkRules(q({ goals: ['acne', 'redness'] }), answer, kb, catalog)).toEqual([]);
  });

  it('puts the retinoid in the evening and never beside an AHA/BHA or benzoyl peroxide', () => {
    const answer = recommend({
      questionnaire: q({ goals: ['fine_lines', 'acne', 'pigmentation'] }),
      catalog,
      kb,
    });
    const all = [...answer.routine.am, ...answer.routine.pm].flatMap((e) => e.product.ingredients);
    const pmIngredients = answer.routine.pm.flatMap((e) => e.product.ingredients);
    expect(pmIngredients).toContain('RETINOL');
    expect(answer.routine.am.flatMap((e) => e.product.ingredients)).not.toContain('RETINOL');
    for (const other of ['GLYCOLIC ACID', 'SALICYLIC ACID', 'BENZOYL PEROXIDE'])
      expect(all).not.toContain(other);
  });

  it('keeps every fragrance allergen, perfume and irritant away from sensitive skin', () => {
    const questionnaire = q({ sensitive: true, goals: ['redness'] });
    const answer = recommend({ questionnaire, catalog, kb });
    const all = [...answer.routine.am, ...answer.routine.pm].flatMap((e) => e.product.ingredients);
    for (const banned of ['LIMONENE', 'PARFUM', 'MENTHOL', 'ALCOHOL DENAT.'])
      expect(all).not.toContain(banned);
    expect(checkRules(questionnaire, answer, kb, catalog)).toEqual([]);
    expect(answer.routine.am[0].why).toContain(
      'free of the 26 labelled fragrance allergens, perfume and the irritants we list for sensitive skin',
    );
  });

  it('respects pregnancy and the budget (unknown prices excluded)', () => {
    const questionnaire = q({ pregnant: true, goals: ['acne'], budget_per_product: 15 });
    const answer = recommend({ questionnaire, catalog, kb });
    const entries = [...answer.routine.am, ...answer.routine.pm];
    expect(entries.every((e) => e.product.price !== null && e.product.price <= 15)).toBe(true);
    expect(entries.flatMap((e) => e.product.ingredients)).not.toContain('RETINOL');
    expect(entries.flatMap((e) => e.product.ingredients)).not.toContain('SALICYLIC ACID');
    // Denatured alcohol is only a penalty without sensitivity: the 4.8 sunscreen at $15 stays.
    expect(answer.routine.am.at(-1)?.product.name).toBe('Fluid SPF 30');
    const sensitive = recommend({ questionnaire: { ...questionnaire, sensitive: true }, catalog, kb });
    expect(sensitive.routine.am.at(-1)?.product.name).toBe('Mineral SPF 30');
    expect(checkRules(questionnaire, answer, kb, catalog)).toEqual([]);
  });

  it('counts dry or oily skin as a goal of its own', () => {
    const answer = recommend({ questionnaire: q({ skin_type: 'dry' }), catalog, kb });
    const moisturiser = answer.routine.am.find((e) => e.step === 'moisturiser');
    expect(moisturiser?.why[0]).toBe(
      'Glycerin (Humectant, Skin Conditioning) — draws water into the skin: your dry skin',
    );
  });

  it('explains which ingredient serves which goal, with its CosIng function, never the model score', () => {
    const answer = recommend({ questionnaire: q({ goals: ['redness'] }), catalog, kb });
    const treatment = answer.routine.am.find((e) => e.step === 'treatment');
    expect(treatment?.why).toContain('Niacinamide (Skin Conditioning) — calms redness: your goal "redness"');
    // The suitability model is near chance: its score is no reason; Sephora's stated flag is.
    expect(treatment?.why.some((line) => /model|suits/.test(line))).toBe(false);
    const sunscreen = answer.routine.am.at(-1);
    expect(sunscreen?.why[0]).toMatch(/^SPF \d+: sun protection every morning/);
  });

  it('answers a red flag with a referral and no products', () => {
    const answer = recommend({
      questionnaire: q({ symptoms: ['I think my mole is changing'] }),
      catalog,
      kb,
    });
    expect(answer.red_flag).toEqual({
      key: 'changing_mole',
      referral: 'See a dermatologist about the mole.',
    });
    expect(answer.routine).toEqual({ am: [], pm: [] });
    expect(
      recommendBaseline({ questionnaire: q({ symptoms: ['sudden rash on my arms'] }), catalog, kb }).red_flag
        ?.key,
    ).toBe('severe_rash');
    expect(
      recommend({ questionnaire: q({ symptoms: ['slight dryness'] }), catalog, kb }).red_flag,
    ).toBeNull();
  });

  it('lets a confident photo indicator raise a goal, and ignores an unsure one', () => {
    const analysis = (confidence: number): PhotoAnalysis => ({
      accepted: true,
      measures: {},
      concerns: null,
      indicators: {
        shine: { value: 0.9, confidence },
        redness: { value: 0, confidence: 1 },
        uneven_tone: { value: 0, confidence: 1 },
        texture: { value: 0, confidence: 1 },
      },
    });
    const sure = recommend({
      questionnaire: q({ skin_type: 'normal' }),
      catalog,
      kb,
      analysis: analysis(0.9),
    });
    const unsure = recommend({
      questionnaire: q({ skin_type: 'normal' }),
      catalog,
      kb,
      analysis: analysis(0.2),
    });
    const sureTreatment = sure.routine.am.find((e) => e.step === 'treatment');
    expect(sureTreatment?.product.ingredients).toContain('NIACINAMIDE');
    expect(sureTreatment?.why.some((line) => line.includes('the photo shows shine (0.90)'))).toBe(true);
    // No goal and no confident signal: nothing to treat.
    expect(unsure.routine.am.map((e) => e.step)).toEqual(['cleanser', 'moisturiser', 'sunscreen']);
  });

  it('spreads treatments over brands (MMR) instead of taking one brand twice', () => {
    const sameBrand = [
      product('treatment', ['NIACINAMIDE', 'AQUA'], { brand: 'ONE', rating: 5, suits: { dry: 0.95 } }),
      product('treatment', ['NIACINAMIDE', 'AQUA', 'GLYCERIN'], {
        brand: 'ONE',
        rating: 5,
        suits: { dry: 0.94 },
      }),
      product('treatment', ['NIACINAMIDE', 'PANTHENOL'], { brand: 'TWO', rating: 4.6, suits: { dry: 0.9 } }),
    ];
    const answer = recommend({
      questionnaire: q({ goals: ['redness'] }),
      catalog: [...catalog, ...sameBrand],
      kb,
    });
    const brands = [...answer.routine.am, ...answer.routine.pm]
      .filter((e) => e.step === 'treatment')
      .map((e) => e.product.brand);
    expect(brands).toContain('ONE');
    expect(brands).toContain('TWO');
  });

  it("recommends a product holding both sides of a conflict pair, saying it is its maker's formulation", () => {
    // A retinol + salicylic acid serum: one product, so no pair between two products of the routine.
    const serum = product('treatment', ['AQUA', 'RETINOL', 'SALICYLIC ACID', 'GLYCERIN'], {
      name: 'Retinol BHA Night Serum',
      rating: 5,
      ratingCount: 500,
    });
    const questionnaire = q({ goals: ['acne'] });
    for (const recommender of [recommend, recommendBaseline]) {
      const answer = recommender({ questionnaire, catalog: [...catalog, serum], kb });
      const entries = [...answer.routine.am, ...answer.routine.pm];
      const picked = entries.find((e) => e.product.name === serum.name);
      expect(picked, recommender.name).toBeDefined();
      expect(picked!.why).toContain(
        "note: holds both retinoid and AHA/BHA — its maker's formulation; we only keep this pair out of two different products",
      );
      for (const other of entries.filter((e) => e.product.name !== serum.name))
        expect(other.why.some((line) => line.includes("maker's formulation"))).toBe(false);
      expect(checkRules(questionnaire, answer, kb, [...catalog, serum])).toEqual([]);
    }
  });

  it('lists why each product was excluded', () => {
    const reasons = exclusions(q({ sensitive: true, budget_per_product: 10 }), catalog, kb);
    const rules = new Set(reasons.flatMap((r) => r.reasons.map((x) => x.rule)));
    for (const rule of [
      'no_ingredients',
      'sensitive_fragrance_allergen',
      'sensitive_perfume',
      'sensitive_irritant',
      'over_budget',
      'budget_unknown_price',
    ])
      expect(rules).toContain(rule);
  });
});

describe('recommendBaseline (arm A)', () => {
  it('takes the best-rated suitable product per step under the same safety rules', () => {
    const answer = recommendBaseline({ questionnaire: q({ goals: ['redness'] }), catalog, kb });
    expect(answer.routine.am.map((e) => e.step)).toEqual(['cleanser', 'moisturiser', 'sunscreen']);
    expect(answer.routine.pm.map((e) => e.step)).toEqual(['cleanser', 'treatment', 'moisturiser']);
    // The 4.9 cleanser (limonene) is fine without sensitivity; the 5.0 treatment has no ingredient list.
    expect(names(answer.routine.am)[0]).toBe(catalog[1].name);
    expect(answer.routine.pm[1].product.ingredients.length).toBeGreaterThan(0);
    const sensitive = recommendBaseline({ questionnaire: q({ sensitive: true }), catalog, kb });
    expect(checkRules(q({ sensitive: true }), sensitive, kb, catalog)).toEqual([]);
  });
});

describe('checkRules', () => {
  it('finds what a recommendation breaks', () => {
    const questionnaire = q({ sensitive: true, budget_per_product: 10, symptoms: ['bleeding mole'] });
    const answer = recommend({ questionnaire: q(), catalog, kb });
    const rules = checkRules(
      questionnaire,
      { ...answer, routine: { am: [...answer.routine.am].reverse(), pm: answer.routine.pm } },
      kb,
    ).map((v) => v.rule);
    expect(rules).toContain('red_flag');
    expect(rules).toContain('budget');
    expect(rules).toContain('sunscreen_last');
    const entryOf = (index: number, step: 'treatment' | 'sunscreen') => ({
      step,
      product: { ...catalog[index], ingredients: catalog[index].ingredients.map((i) => i.inci) },
      why: [],
    });
    const retinol = entryOf(10, 'treatment');
    const glycolic = entryOf(11, 'treatment');
    const sunscreen = entryOf(7, 'sunscreen');
    const day = {
      disclaimer: DISCLAIMER,
      red_flag: null,
      routine: { am: [glycolic, sunscreen], pm: [retinol] },
    };
    expect(checkRules(q(), day, kb).map((v) => [v.rule, v.where])).toEqual([
      ['evening_only_in_am', 'am[0]'],
      ['conflict', 'am[0]+pm[0]'],
    ]);
  });
});

describe('passesProductRules', () => {
  it('agrees with productExclusions on every product and questionnaire shape', async () => {
    const { indexCatalog } = await import('../../../../src/systems/skincare/recommend/catalog-index.ts');
    const { passesProductRules, productExclusions } =
      await import('../../../../src/systems/skincare/recommend/rules.ts');
    const { generateQuestionnaires } = await import('../../../../src/systems/skincare/recommend/generate.ts');
    const index = indexCatalog(catalog, kb);
    for (const questionnaire of generateQuestionnaires(300, 11, kb))
      for (const facts of index.facts)
        expect(passesProductRules(facts, questionnaire)).toBe(
          productExclusions(facts, questionnaire).length === 0,
        );
  });
});
