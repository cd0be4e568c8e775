import type {
  Category,
  Ingredient,
  KnowledgeBase,
  Product,
  SuitabilityLabel,
} from '../../../../src/systems/skincare/contracts.ts';

/** A small hand-made knowledge base in the KB's shape: enough entries to exercise every rule. */
export const FIXTURE_KB: KnowledgeBase = {
  actives: {
    acne: [
      {
        label: 'salicylic acid (BHA)',
        names: ['SALICYLIC ACID'],
        effect: 'unclogs pores',
        evidence: 'moderate',
        source: 'fixture',
      },
      {
        label: 'benzoyl peroxide',
        names: ['BENZOYL PEROXIDE'],
        effect: 'kills acne bacteria',
        evidence: 'strong',
        source: 'fixture',
      },
      {
        label: 'retinoid',
        patterns: ['RETIN(OL|AL)'],
        effect: 'prevents new blemishes',
        evidence: 'strong',
        source: 'fixture',
      },
    ],
    oiliness: [
      {
        label: 'niacinamide',
        names: ['NIACINAMIDE'],
        effect: 'reduces sebum',
        evidence: 'moderate',
        source: 'fixture',
      },
    ],
    dryness: [
      {
        label: 'glycerin',
        names: ['GLYCERIN'],
        effect: 'draws water into the skin',
        evidence: 'strong',
        source: 'fixture',
      },
      {
        label: 'hyaluronic acid',
        patterns: ['.*HYALURON.*'],
        effect: 'holds water',
        evidence: 'moderate',
        source: 'fixture',
      },
    ],
    redness: [
      {
        label: 'niacinamide',
        names: ['NIACINAMIDE'],
        effect: 'calms redness',
        evidence: 'moderate',
        source: 'fixture',
      },
      {
        label: 'centella',
        patterns: ['CENTELLA ASIATICA.*'],
        effect: 'soothes',
        evidence: 'weak',
        source: 'fixture',
      },
    ],
    pigmentation: [
      {
        label: 'vitamin C',
        names: ['ASCORBIC ACID'],
        effect: 'fades dark spots',
        evidence: 'moderate',
        source: 'fixture',
      },
      {
        label: 'AHA',
        names: ['GLYCOLIC ACID'],
        effect: 'evens tone',
        evidence: 'moderate',
        source: 'fixture',
      },
    ],
    fine_lines: [
      {
        label: 'retinoid',
        patterns: ['RETIN(OL|AL)'],
        effect: 'smooths fine lines',
        evidence: 'strong',
        source: 'fixture',
      },
    ],
  },
  irritants: [
    {
      label: 'denatured alcohol',
      names: ['ALCOHOL DENAT.', 'ALCOHOL DENAT'],
      reason: 'dries and irritates',
      source: 'fixture',
    },
    { label: 'menthol', names: ['MENTHOL'], reason: 'stings', source: 'fixture' },
  ],
  fragranceAllergens: [
    { label: 'limonene', names: ['LIMONENE'], reason: 'Annex III allergen', source: 'fixture' },
    { label: 'linalool', names: ['LINALOOL'], reason: 'Annex III allergen', source: 'fixture' },
  ],
  avoidInPregnancy: [
    { label: 'retinoid', patterns: ['RETIN(OL|AL)'], reason: 'teratogenic in oral form', source: 'fixture' },
    { label: 'salicylic acid', names: ['SALICYLIC ACID'], reason: 'high-dose caution', source: 'fixture' },
  ],
  conflicts: [
    {
      a: { label: 'retinoid', patterns: ['RETIN(OL|AL)'] },
      b: { label: 'AHA/BHA', names: ['GLYCOLIC ACID', 'SALICYLIC ACID'] },
      reason: 'both irritate: use on alternate nights',
      source: 'fixture',
    },
    {
      a: { label: 'benzoyl peroxide', names: ['BENZOYL PEROXIDE'] },
      b: { label: 'retinoid or vitamin C', patterns: ['RETIN(OL|AL)', 'ASCORBIC ACID'] },
      reason: 'benzoyl peroxide oxidises them',
      source: 'fixture',
    },
  ],
  comedogenic: [
    {
      label: 'isopropyl myristate',
      names: ['ISOPROPYL MYRISTATE'],
      reason: 'weak evidence',
      source: 'fixture',
    },
  ],
  redFlags: [
    {
      key: 'changing_mole',
      phrases: ['bleeding mole', 'mole is changing'],
      referral: 'See a dermatologist about the mole.',
      source: 'fixture',
    },
    { key: 'severe_rash', phrases: ['sudden rash'], referral: 'See a doctor today.', source: 'fixture' },
  ],
};

const FUNCTIONS: Record<string, string[]> = {
  NIACINAMIDE: ['Skin Conditioning'],
  GLYCERIN: ['Humectant', 'Skin Conditioning'],
  'SODIUM HYALURONATE': ['Humectant'],
  'SALICYLIC ACID': ['Keratolytic', 'Antidandruff'],
  RETINOL: ['Skin Conditioning'],
  'TITANIUM DIOXIDE': ['Uv Filter'],
};

export const ingredient = (inci: string): Ingredient => ({
  raw: inci,
  inci,
  functions: FUNCTIONS[inci] ?? [],
});

let counter = 0;
/** A product with sensible defaults; `incis` are its normalised ingredient names. */
export function product(
  category: Category,
  incis: string[],
  overrides: Partial<Product> & { suits?: Partial<Record<SuitabilityLabel, number>> } = {},
): Product {
  const { suits, ...rest } = overrides;
  counter++;
  return {
    id: `fixture:${category}-${counter}`,
    source: 'fixture',
    brand: `BRAND${counter % 5}`,
    name: `${category} ${counter}`,
    category,
    price: 20,
    rating: 4.2,
    ratingCount: null,
    ingredients: incis.map(ingredient),
    statedSuitability: null,
    suitability: { combination: 0.7, dry: 0.7, normal: 0.7, oily: 0.7, sensitive: 0.7, ...suits },
    ...rest,
  };
}

/** A catalog with every routine category, several treatments with actives, and products each rule must stop. */
export function fixtureCatalog(): Product[] {
  return [
    product('cleanser', ['AQUA', 'GLYCERIN', 'SODIUM LAURETH SULFATE'], { rating: 4.5 }),
    product('cleanser', ['AQUA', 'GLYCERIN', 'LIMONENE'], { rating: 4.9 }),
    product('cleanser', ['AQUA', 'PARFUM', 'GLYCERIN'], { rating: 4.8, price: 8 }),
    product('cleanser', ['AQUA', 'COCO-GLUCOSIDE'], { price: 9, rating: 4.0 }),
    product('moisturiser', ['AQUA', 'GLYCERIN', 'SODIUM HYALURONATE', 'DIMETHICONE'], {
      rating: 4.6,
      suits: { dry: 0.9 },
    }),
    product('moisturiser', ['AQUA', 'ISOPROPYL MYRISTATE', 'GLYCERIN'], { rating: 4.7, price: null }),
    product('moisturiser', ['AQUA', 'CAPRYLIC/CAPRIC TRIGLYCERIDE'], { price: 12, rating: 4.1 }),
    product('sunscreen', ['AQUA', 'TITANIUM DIOXIDE', 'GLYCERIN'], {
      name: 'Daily Fluid SPF 50',
      rating: 4.4,
    }),
    product('sunscreen', ['AQUA', 'ZINC OXIDE', 'ALCOHOL DENAT.'], {
      name: 'Fluid SPF 30',
      rating: 4.8,
      price: 15,
    }),
    product('sunscreen', ['AQUA', 'ZINC OXIDE'], { name: 'Mineral SPF 30', rating: 3.9, price: 11 }),
    product('treatment', ['AQUA', 'RETINOL', 'SQUALANE'], { rating: 4.6 }),
    product('treatment', ['AQUA', 'GLYCOLIC ACID'], { rating: 4.5 }),
    product('treatment', ['AQUA', 'SALICYLIC ACID', 'NIACINAMIDE'], { rating: 4.4 }),
    product('treatment', ['AQUA', 'BENZOYL PEROXIDE'], { rating: 4.3 }),
    product('treatment', ['AQUA', 'ASCORBIC ACID'], { rating: 4.4, price: 35 }),
    product('treatment', ['AQUA', 'NIACINAMIDE', 'CENTELLA ASIATICA EXTRACT'], { rating: 4.2, price: 14 }),
    product('treatment', ['AQUA', 'MENTHOL', 'NIACINAMIDE'], { rating: 4.9 }),
    product('treatment', [], { rating: 5 }),
    product('mask', ['KAOLIN'], { rating: 4.9 }),
  ];
}
