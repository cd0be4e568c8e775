import fc from 'fast-check';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../src/systems/skincare/data/catalog.ts';
import { KNOWLEDGE_BASE } from '../../../../src/systems/skincare/knowledge/index.ts';
import { SKINCARE_DATA } from '../data/fixtures.ts';
import {
  GOALS,
  SKIN_TYPES,
  type Category,
  type Product,
  type Questionnaire,
} from '../../../../src/systems/skincare/contracts.ts';
import { checkRules } from '../../../../src/systems/skincare/recommend/check.ts';
import {
  countViolations,
  generateQuestionnaires,
} from '../../../../src/systems/skincare/recommend/generate.ts';
import { recommend, recommendBaseline } from '../../../../src/systems/skincare/recommend/recommend.ts';
import { FIXTURE_KB, fixtureCatalog, product } from './fixtures.ts';

const kb = FIXTURE_KB;
const SYMPTOMS = [
  'bleeding mole',
  'my mole is changing',
  'sudden rash',
  'no idea',
  'dry cheeks',
  'crash diet',
];

const questionnaireArb: fc.Arbitrary<Questionnaire> = fc.record(
  {
    skin_type: fc.constantFrom(...SKIN_TYPES),
    sensitive: fc.boolean(),
    goals: fc.uniqueArray(fc.constantFrom(...GOALS)),
    budget_per_product: fc.double({ min: 1, max: 200, noNaN: true }),
    pregnant: fc.boolean(),
    symptoms: fc.array(fc.constantFrom(...SYMPTOMS), { maxLength: 2 }),
  },
  { requiredKeys: ['skin_type', 'sensitive', 'goals'] },
);

// Ingredients that trip every rule of the fixture KB, plus harmless ones.
const POOL = [
  'AQUA',
  'GLYCERIN',
  'NIACINAMIDE',
  'RETINOL',
  'GLYCOLIC ACID',
  'SALICYLIC ACID',
  'BENZOYL PEROXIDE',
  'ASCORBIC ACID',
  'LIMONENE',
  'PARFUM',
  'MENTHOL',
  'ALCOHOL DENAT.',
  'ISOPROPYL MYRISTATE',
  'ZINC OXIDE',
  'SODIUM HYALURONATE',
];
const CATEGORIES: Category[] = ['cleanser', 'treatment', 'moisturiser', 'sunscreen', 'mask'];
const catalogArb = fc
  .array(
    fc.record({
      category: fc.constantFrom(...CATEGORIES),
      incis: fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 5 }),
      price: fc.option(fc.integer({ min: 3, max: 120 }), { nil: null }),
      rating: fc.option(fc.double({ min: 0, max: 5, noNaN: true }), { nil: null }),
      brand: fc.constantFrom('A', 'B', 'C'),
      dry: fc.double({ min: 0, max: 1, noNaN: true }),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((rows) =>
    rows.map((r) =>
      product(r.category, r.incis, {
        price: r.price,
        rating: r.rating,
        brand: r.brand,
        suits: { dry: r.dry },
      }),
    ),
  );

describe('hard rules hold for every questionnaire', () => {
  const catalog = fixtureCatalog();

  it('on the fixture catalog: 0 violations over 3,000 generated questionnaires (both arms)', () => {
    fc.assert(
      fc.property(questionnaireArb, (questionnaire) => {
        for (const recommender of [recommend, recommendBaseline])
          expect(checkRules(questionnaire, recommender({ questionnaire, catalog, kb }), kb, catalog)).toEqual(
            [],
          );
      }),
      { numRuns: 3000 },
    );
  });

  it('on random catalogs built to trip every rule: 0 violations', () => {
    fc.assert(
      fc.property(catalogArb, questionnaireArb, (randomCatalog, questionnaire) => {
        for (const recommender of [recommend, recommendBaseline])
          expect(
            checkRules(
              questionnaire,
              recommender({ questionnaire, catalog: randomCatalog, kb }),
              kb,
              randomCatalog,
            ),
          ).toEqual([]);
      }),
      { numRuns: 1500 },
    );
  });

  it('the seeded generator (what `mlsd skincare evaluate` counts) finds 0 too, red flags included', () => {
    const questionnaires = generateQuestionnaires(2000, 7, kb);
    expect(
      questionnaires.filter((q) => q.symptoms?.some((s) => s.includes('mole') || s.includes('rash'))).length,
    ).toBeGreaterThan(50);
    expect(countViolations(recommend, questionnaires, catalog, kb)).toMatchObject({
      questionnaires: 2000,
      violations: 0,
    });
    expect(countViolations(recommendBaseline, questionnaires, catalog, kb).violations).toBe(0);
  });

  it('and the check is not blind: a recommender that ignores the rules is caught', () => {
    const careless = () => ({
      disclaimer: '',
      red_flag: null,
      routine: {
        am: [
          {
            step: 'cleanser' as const,
            product: {
              id: catalog[12].id,
              brand: 'x',
              name: 'x',
              price: null,
              ingredients: ['PARFUM', 'RETINOL'],
            },
            why: [],
          },
        ],
        pm: [
          {
            step: 'treatment' as const,
            product: { id: catalog[11].id, brand: 'x', name: 'x', price: 50, ingredients: ['GLYCOLIC ACID'] },
            why: [],
          },
        ],
      },
    });
    const result = countViolations(careless, generateQuestionnaires(500, 3, kb), catalog, kb);
    for (const rule of [
      'sensitive_perfume',
      'pregnancy',
      'budget',
      'conflict',
      'red_flag',
      'sunscreen_missing',
      'evening_only_in_am',
      'wrong_step',
    ])
      expect(result.by_rule[rule] ?? 0, rule).toBeGreaterThan(0);
  });
});

describe('hard rules over the real catalog and knowledge base', () => {
  const dataDir = SKINCARE_DATA;
  const available = existsSync(join(dataDir, 'catalog/sephora_cosmetics.utf8.csv'));
  let catalog: Product[] = [];
  beforeAll(() => {
    if (available) catalog = loadCatalog(dataDir).products;
  }, 180_000);

  it.skipIf(!available)(
    '0 violations over 2,000 fast-check questionnaires, both arms, red flags included',
    () => {
      const realSymptoms = fc.constantFrom(
        'my mole is bleeding',
        'sudden severe rash all over',
        'no pain, just dryness',
        'oily forehead',
        'родинка кровоточит',
      );
      const arb = questionnaireArb.chain((q) =>
        fc
          .option(fc.array(realSymptoms, { maxLength: 2 }), { nil: undefined })
          .map((symptoms) => ({ ...q, symptoms })),
      );
      fc.assert(
        fc.property(arb, (questionnaire) => {
          for (const recommender of [recommend, recommendBaseline])
            expect(
              checkRules(
                questionnaire,
                recommender({ questionnaire, catalog, kb: KNOWLEDGE_BASE }),
                KNOWLEDGE_BASE,
                catalog,
              ),
            ).toEqual([]);
        }),
        { numRuns: 2000 },
      );
    },
    300_000,
  );

  it.skipIf(!available)(
    '0 violations over 3,000 seeded questionnaires (what evaluate counts)',
    () => {
      const questionnaires = generateQuestionnaires(3000, 20_240_301, KNOWLEDGE_BASE);
      const referred = questionnaires.filter(
        (q) => recommend({ questionnaire: q, catalog, kb: KNOWLEDGE_BASE }).red_flag,
      );
      expect(referred.length).toBeGreaterThan(100); // the generator's red-flag symptoms are read as red flags
      expect(countViolations(recommend, questionnaires, catalog, KNOWLEDGE_BASE).violations).toBe(0);
      expect(countViolations(recommendBaseline, questionnaires, catalog, KNOWLEDGE_BASE).violations).toBe(0);
    },
    300_000,
  );
});
