import { describe, expect, it } from 'vitest';
import {
  ROUTINE_STEPS,
  type Category,
  type Questionnaire,
  type Recommendation,
} from '../../../../src/systems/skincare/contracts.ts';
import { checkRules } from '../../../../src/systems/skincare/recommend/check.ts';
import { recommend, recommendBaseline } from '../../../../src/systems/skincare/recommend/recommend.ts';
import { fitsStep, isMakeup, stepFit } from '../../../../src/systems/skincare/recommend/step-fit.ts';
import { FIXTURE_KB, fixtureCatalog, product } from './fixtures.ts';

const q = (overrides: Partial<Questionnaire> = {}): Questionnaire => ({
  skin_type: 'dry',
  sensitive: false,
  goals: [],
  ...overrides,
});
const names = (entries: { product: { name: string } }[]) => entries.map((e) => e.product.name);

describe('stepFit: which step and time of day a product name fits', () => {
  it('keeps night, overnight, sleeping and PM products out of the morning', () => {
    for (const name of [
      'Toleriane Ultra Overnight Moisturiser',
      'Ultra Repair Hydra-Firm Sleeping Cream',
      'Retinol Fusion PM',
      'High Potency Classics: Firming Evening Repair',
      'Midnight Recovery Concentrate',
    ]) {
      expect(fitsStep({ name, category: 'moisturiser' }, 'moisturiser', 'am')).toBe(false);
      expect(fitsStep({ name, category: 'moisturiser' }, 'moisturiser', 'pm')).toBe(true);
    }
  });

  it('keeps SPF products out of the evening; a day cream with SPF is a morning moisturiser', () => {
    const dayCream = {
      name: 'Multi-Active Day Cream SPF 20 - All Skin Types',
      category: 'moisturiser' as const,
    };
    expect([fitsStep(dayCream, 'moisturiser', 'am'), fitsStep(dayCream, 'moisturiser', 'pm')]).toEqual([
      true,
      false,
    ]);
    expect(stepFit({ name: 'Facial Moisturising Lotion No SPF', category: 'moisturiser' }).pm).toBe(true);
    expect(fitsStep({ name: 'Everyday Sunscreen SPF 50', category: 'sunscreen' }, 'sunscreen', 'pm')).toBe(
      false,
    );
  });

  it('takes exfoliants and leave-on products out of the cleanser step', () => {
    for (const name of [
      'Epidermal Re-Texturizing Micro-Dermabrasion',
      'Transforming Walnut Scrub',
      'Treatment Enzyme Peel',
      'AHA/BHA Exfoliating Cleanser',
      'Sugar Face Polish Exfoliator',
    ])
      expect(stepFit({ name, category: 'cleanser' }).unfit).toBe('an exfoliant, not a daily cleanser');
    expect(stepFit({ name: 'Witch Hazel Herbal Extract Toner', category: 'cleanser' }).unfit).toMatch(
      /leave-on/,
    );
    for (const name of [
      'Ultra Facial Cleanser',
      'Confidence in a Cleanser™ Hydrating Cleansing Serum',
      'Micellar Water',
    ])
      expect(stepFit({ name, category: 'cleanser' }).unfit).toBeNull();
  });

  it('takes makeup and non-sunscreens out of the sunscreen step; body/sport sprays are a fallback', () => {
    for (const name of [
      'Invincible Setting Powder SPF 45 Refill',
      'Makeup Setting Spray SPF 30',
      'Photo Finish Foundation Primer SPF 20',
      'Tinted Moisturizer SPF 20 - Illuminating',
      'DD Cream Dermatologically Defining BB Cream Broad Spectrum SPF 30',
      'MD Crème Mineral Beauty Balm Broad Spectrum SPF 50 UVA-UVB Sunscreen',
      'After Sun Greek Yoghurt Cooling Gel for Face and Body',
      'Turn Back Time Anti-Aging Supplement',
    ])
      expect(stepFit({ name, category: 'sunscreen' }).unfit).not.toBeNull();
    const spray = stepFit({ name: 'Sport Continuous Spray SPF 50 - Unscented', category: 'sunscreen' });
    expect([spray.unfit, spray.body]).toEqual([null, true]);
    const faceMist = stepFit({
      name: 'Anthelios Anti-Shine Invisible SPF50+ Face Mist',
      category: 'sunscreen',
    });
    expect([faceMist.unfit, faceMist.body]).toEqual([null, false]);
  });

  it('takes makeup out of every step, whatever category the source filed it under', () => {
    // Real catalog names: Sephora files these under Treatment and Moisturizer.
    const makeup: [string, Category][] = [
      ['Bye Bye Breakout™ Full-Coverage Concealer', 'treatment'],
      ['Acne Solutions Clearing Concealer', 'treatment'],
      ['No Foundation Foundation Serum SPF 30', 'treatment'],
      ['Pore Corrector Anti-Aging Primer', 'treatment'],
      ['Backlight Priming Filter Face Primer', 'treatment'],
      ['Micro-Blur™ Skin Perfector', 'treatment'],
      ['REVEAL Concentrated Color Correcting Drops', 'treatment'],
      ['Cellularose CC Serum 30ml (Various Shades)', 'treatment'],
      ['Camera Ready BB Cream SPF 35', 'moisturiser'],
      ['Your Skin But Better™ CC+™ Cream with SPF 50+', 'moisturiser'],
      ['COMPLEXION RESCUE™ Tinted Moisturizer Broad Spectrum SPF 30', 'moisturiser'],
      ['Color Control Cushion Compact Broad Spectrum SPF 50+', 'moisturiser'],
      ['4-in-1 Setting Mist - Rainforest of the Sea™ Collection', 'moisturiser'],
      ['Photo Finish Primerizer', 'moisturiser'],
      ['Concealer Brightening Stick', 'cleanser'],
    ];
    for (const [name, category] of makeup) {
      expect(isMakeup(name), name).toBe(true);
      expect(stepFit({ name, category }).unfit, name).toMatch(/^makeup/);
      for (const step of ROUTINE_STEPS)
        for (const time of ['am', 'pm'] as const)
          expect(fitsStep({ name, category }, step, time)).toBe(false);
    }
    // Skincare that shares a word with makeup still fits its step.
    const skincare: [string, Category][] = [
      ['Even Better Clinical Dark Spot Corrector & Optimizer', 'treatment'],
      ['Visionnaire Advanced Skin Corrector Serum', 'treatment'],
      ['Turbo Booster C Powder', 'treatment'],
      ['Hyaluronic Marine Oil-Free Moisture Cushion', 'moisturiser'],
      ['Hello FAB Coconut Skin Smoothie Priming Moisturizer', 'moisturiser'],
      ['Beauty Balm', 'moisturiser'],
      ['Mascara Melt Off Cleansing Oil', 'cleanser'],
      ['Bi-Facil Double-Action Eye Makeup Remover', 'cleanser'],
    ];
    for (const [name, category] of skincare) {
      expect(isMakeup(name), name).toBe(false);
      expect(stepFit({ name, category }).unfit, name).toBeNull();
    }
  });

  it('checkRules counts a makeup product in a routine as an unfit step', () => {
    const concealer = {
      step: 'treatment' as const,
      product: {
        id: 'c',
        brand: 'B',
        name: 'Bye Bye Breakout™ Full-Coverage Concealer',
        price: 20,
        ingredients: ['AQUA'],
      },
      why: [],
    };
    const answer: Recommendation = { disclaimer: '', red_flag: null, routine: { am: [], pm: [concealer] } };
    expect(checkRules(q(), answer, FIXTURE_KB).map((v) => [v.rule, v.where])).toEqual([
      ['unfit_step', 'pm[0]'],
    ]);
  });
});

describe('routines follow the step fit (both arms)', () => {
  const catalog = [
    ...fixtureCatalog(),
    product('moisturiser', ['AQUA', 'GLYCERIN', 'SODIUM HYALURONATE'], {
      name: 'Overnight Cream',
      rating: 5,
      suits: { dry: 1 },
    }),
    product('moisturiser', ['AQUA', 'GLYCERIN', 'SODIUM HYALURONATE'], {
      name: 'Day Cream SPF 30',
      rating: 4.95,
      suits: { dry: 1 },
    }),
    product('cleanser', ['AQUA', 'GLYCERIN'], { name: 'Micro-Dermabrasion', rating: 5 }),
    product('sunscreen', ['AQUA', 'ZINC OXIDE'], { name: 'Setting Powder SPF 45 Refill', rating: 5 }),
  ];
  for (const recommender of [recommend, recommendBaseline])
    it(`${recommender.name}: night cream in the evening, SPF day cream in the morning, no scrub or powder`, () => {
      const answer = recommender({ questionnaire: q(), catalog, kb: FIXTURE_KB });
      const { am, pm } = answer.routine;
      expect(am.find((e) => e.step === 'moisturiser')?.product.name).toBe('Day Cream SPF 30');
      expect(pm.find((e) => e.step === 'moisturiser')?.product.name).toBe('Overnight Cream');
      expect(names([...am, ...pm])).not.toContain('Micro-Dermabrasion');
      expect(am.at(-1)?.product.name).not.toBe('Setting Powder SPF 45 Refill');
      expect(am.at(-1)?.step).toBe('sunscreen');
      expect(checkRules(q(), answer, FIXTURE_KB, catalog)).toEqual([]);
    });

  it('uses a body spray only when no face sunscreen passes, and says so in the notes', () => {
    const sunscreens = [
      product('sunscreen', ['AQUA', 'ZINC OXIDE'], { name: 'Face Fluid SPF 50', price: 40 }),
      product('sunscreen', ['AQUA', 'ZINC OXIDE'], { name: 'Sport Continuous Spray SPF 50', price: 12 }),
    ];
    const small = [...fixtureCatalog().filter((p) => p.category !== 'sunscreen'), ...sunscreens];
    const rich = recommend({
      questionnaire: q({ goals: ['acne'], budget_per_product: 50 }),
      catalog: small,
      kb: FIXTURE_KB,
    });
    expect(rich.routine.am.at(-1)?.product.name).toBe('Face Fluid SPF 50');
    expect(rich.notes).toBeUndefined();
    for (const recommender of [recommend, recommendBaseline]) {
      const tight = recommender({
        questionnaire: q({ goals: ['acne'], budget_per_product: 20 }),
        catalog: small,
        kb: FIXTURE_KB,
      });
      expect(tight.routine.am.at(-1)?.product.name).toBe('Sport Continuous Spray SPF 50');
      expect(tight.notes).toEqual([
        expect.stringMatching(/^Only a body or sport sunscreen passed the rules/),
      ]);
    }
  });

  it('checkRules flags a night product in the morning, SPF in the evening, a scrub and a powder', () => {
    const entry = (step: 'cleanser' | 'moisturiser' | 'sunscreen', name: string) => ({
      step,
      product: { id: name, brand: 'B', name, price: 10, ingredients: ['AQUA'] },
      why: [],
    });
    const answer: Recommendation = {
      disclaimer: '',
      red_flag: null,
      routine: {
        am: [
          entry('cleanser', 'Walnut Scrub'),
          entry('moisturiser', 'Sleeping Cream'),
          entry('sunscreen', 'Setting Powder SPF 45'),
        ],
        pm: [entry('moisturiser', 'Day Cream SPF 30')],
      },
    };
    expect(checkRules(q(), answer, FIXTURE_KB).map((v) => `${v.rule}@${v.where}`)).toEqual([
      'unfit_step@am[0]',
      'night_product_in_am@am[1]',
      'unfit_step@am[2]',
      'spf_in_pm@pm[0]',
    ]);
  });
});
