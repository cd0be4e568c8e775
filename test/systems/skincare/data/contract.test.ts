import { describe, expect, it } from 'vitest';
import { parseProductCsv, parseProductRows } from '../../../../src/systems/skincare/data/contract.ts';
import { productSlug } from '../../../../src/systems/skincare/data/product-id.ts';
import { tinyCosing } from './fixtures.ts';

const cosing = tinyCosing();

describe('the product data contract', () => {
  it('builds products with CosIng-matched ingredients and stable ids (its JSDoc example)', () => {
    const { products, errors } = parseProductRows(
      [
        { brand: 'Acme', name: 'Gel', category: 'serum', ingredients: 'Water, Glycerin' },
        {
          brand: 'Acme',
          name: 'Gel!',
          category: 'Moisturizer',
          price: '$13.50',
          rating: 4.5,
          rating_count: '12',
          ingredients: ['Aqua', 'Fragrance'],
          skin_types: 'dry, Sensitive',
          url: 'https://acme.example/gel',
        },
      ],
      'partner:acme',
      cosing,
    );
    expect(errors).toEqual([]);
    expect(products.map((p) => p.id)).toEqual(['partner:acme:acme-gel', 'partner:acme:acme-gel-2']);
    expect(products[0]).toMatchObject({
      category: 'treatment',
      price: null,
      rating: null,
      statedSuitability: null,
    });
    expect(products[0].ingredients.map((i) => i.inci)).toEqual(['WATER', 'GLYCERIN']);
    expect(products[1]).toMatchObject({
      category: 'moisturiser',
      price: 13.5,
      rating: 4.5,
      ratingCount: 12,
      url: 'https://acme.example/gel',
      statedSuitability: { combination: false, dry: true, normal: false, oily: false, sensitive: true },
    });
    expect(products[1].ingredients.map((i) => [i.inci, i.functions])).toEqual([
      ['WATER', ['Antiplaque', 'Skin Conditioning', 'Solvent']],
      ['PARFUM', ['Fragrance', 'Perfuming']],
    ]);
  });

  it('reports every broken field with its row, and keeps the good rows', () => {
    const { products, errors } = parseProductRows(
      [
        {
          brand: '',
          name: 'X',
          category: 'lotion',
          price: 'cheap',
          rating: 7,
          ingredients: 'Water',
          skin_types: 'greasy',
          url: 'not a url',
        },
        { brand: 'B', name: 'Fine', category: 'toner', ingredients: 'Glycerin' },
        { brand: 'B', name: 'Empty', category: 'toner', ingredients: 'Visit the B boutique' },
        'not an object',
      ],
      'partner:b',
      cosing,
    );
    expect(products.map((p) => p.name)).toEqual(['Fine']);
    const fields = errors.map((e) => `${e.row}:${e.field}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        '1:brand',
        '1:category',
        '1:price',
        '1:rating',
        '1:skin_types.0',
        '1:url',
        '3:ingredients',
        '4:(row)',
      ]),
    );
    expect(errors.find((e) => e.field === 'category')!.message).toMatch(/must be one of cleanser, treatment/);
    expect(errors.find((e) => e.row === 3)!.message).toBe('holds no ingredient names');
  });

  it('reads the same contract from CSV, errors by file line', () => {
    const csv =
      'brand,name,category,price,ingredients,skin_types\nAcme,Cream,moisturiser,$20.00,"Water, Butyrospermum Parkii (Shea) Butter",dry\nAcme,Bad,moisturiser,-3,Water,\n';
    const { products, errors } = parseProductCsv(csv, 'partner:acme', cosing);
    expect(products).toHaveLength(1);
    expect(products[0].ingredients.map((i) => i.inci)).toEqual(['WATER', 'BUTYROSPERMUM PARKII BUTTER']);
    expect(errors).toEqual([{ row: 3, field: 'price', message: 'must be 0..10000 USD' }]);
    expect(parseProductCsv('brand,nom\nA,B\n', 'p', cosing).errors[0]).toMatchObject({
      row: 1,
      field: '(header)',
    });
    expect(parseProductCsv('brand,name\n"A,B\n', 'p', cosing).errors[0]).toMatchObject({
      row: 2,
      field: '(file)',
    });
  });

  it('slugs names (its JSDoc example)', () => {
    expect(productSlug('LA MER', 'Crème de la Mer')).toBe('la-mer-creme-de-la-mer');
    expect(productSlug('NIP+FAB', 'Glycolic Fix & Glow')).toBe('nip-plus-fab-glycolic-fix-and-glow');
    expect(productSlug('', '™')).toBe('product');
  });
});
