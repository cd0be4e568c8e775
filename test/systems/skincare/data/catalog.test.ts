import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { catalogCommand } from '../../../../src/systems/skincare/cli/data.ts';
import { SUITABILITY_LABELS, type Product } from '../../../../src/systems/skincare/contracts.ts';
import {
  buildCatalog,
  loadCatalog,
  type CatalogReport,
} from '../../../../src/systems/skincare/data/catalog.ts';
import { parseLookFantastic } from '../../../../src/systems/skincare/data/lookfantastic.ts';
import { parseSephora } from '../../../../src/systems/skincare/data/sephora.ts';
import { resolveSkincareDir } from '../../../../src/systems/skincare/data/skincare-dir.ts';
import { UsageError } from '../../../../src/platform/cli/common.ts';
import { SKINCARE_DATA, tinyCosing } from './fixtures.ts';

const SEPHORA_HEADER = 'Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive';
const LF_HEADER = 'product_name,product_url,product_type,clean_ingreds,price';

describe('buildCatalog on small sources', () => {
  const sephora = parseSephora(
    [
      SEPHORA_HEADER,
      'Moisturizer,ACME,Rich Cream,50,4.2,"Water, Glycerin, Butyrospermum Parkii (Shea) Butter",1,1,0,0,0',
      'Cleanser,ACME,Gel Wash,20,0,"Aqua, Glycerin",0,0,0,0,0',
      'Treatment,ACME,Serum,30,4,Visit the ACME boutique,1,1,1,1,1',
      'Face Mask,ACME,Mask,30,4,#NAME?,1,1,1,1,1',
      'Face Mask,ACME,Hand Mask,30,4,"Water, Glycerin",1,1,1,1,1',
      'Sun protect,ACME,Tan Fast,30,4,"Foo Bar, Baz",1,1,1,1,1',
      '',
    ].join('\r\n'),
    'sephora.csv',
  );
  const lookfantastic = parseLookFantastic(
    [
      LF_HEADER,
      `Acme Rich Cream 50ml,https://x.example/1,Moisturiser,"['water', 'glycerin', 'dimethicon']",$13.00`,
      `Acme Rich Cream 100ml,https://x.example/2,Moisturiser,"['water']",$20.00`,
      `Acme Rich Cream 50ml,https://x.example/1,Moisturiser,"['water']",$13.00`,
      `Acme Day Cream SPF 30,https://x.example/4,Moisturiser,"['water', 'ethylhexyl', 'salicylate']",$15.50`,
      `Acme Bubble Bath,https://x.example/3,Body Wash,"['water']",$5.00`,
      '',
    ].join('\n'),
    'lf.csv',
    ['ACME'],
  );
  const { products, report } = buildCatalog({ sephora, lookfantastic, cosing: tinyCosing() });

  it('keeps real face care, maps fields, and says why each other row went', () => {
    expect(products.map((p) => p.id)).toEqual([
      'sephora:acme-rich-cream',
      'sephora:acme-gel-wash',
      'lookfantastic:acme-rich-cream',
      'lookfantastic:acme-day-cream-spf-30',
    ]);
    expect(products[0]).toMatchObject({
      brand: 'ACME',
      category: 'moisturiser',
      price: 50,
      rating: 4.2,
      statedSuitability: { combination: true, dry: true, normal: false },
    });
    expect(products[1]).toMatchObject({ rating: null, statedSuitability: null }); // Rank 0 = no ratings; all flags 0 = not stated
    expect(products[1].ingredients[0].inci).toBe('WATER');
    expect(products[2]).toMatchObject({
      brand: 'Acme',
      name: 'Rich Cream',
      price: 13,
      category: 'moisturiser',
      url: 'https://x.example/1',
    });
    expect(products[3].category).toBe('sunscreen');
    expect(products[3].ingredients.map((i) => i.inci)).toEqual(['WATER', 'ETHYLHEXYL SALICYLATE']);
    const reasons = (s: number) =>
      Object.fromEntries(report.sources[s].dropped.map((d) => [d.reason, d.count]));
    expect(reasons(0)).toEqual({
      placeholder_boutique: 1,
      excel_error: 1,
      not_face_care: 1,
      no_cosing_match: 1,
    });
    expect(reasons(1)).toEqual({ size_variant: 1, duplicate_url: 1, body_or_bath: 1 });
    expect(report.sources[0].dropped.find((d) => d.reason === 'excel_error')!.examples).toEqual([
      'line 5: ACME — Mask — "#NAME?"',
    ]);
    expect(report.sources[1].repairs).toEqual({ joined: 1, segmented: 0 });
    expect(report.sources[1].inci.byRule.near_miss).toBe(1);
  });

  it('names file, line and column of a bad source value', () => {
    expect(() => parseSephora(`${SEPHORA_HEADER}\nLipstick,A,B,1,1,Water,0,0,0,0,0\n`, 's.csv')).toThrow(
      /s\.csv:2: column "Label": unknown label "Lipstick"/,
    );
    expect(() => parseSephora(`${SEPHORA_HEADER}\nCleanser,A,B,1,9,Water,0,0,0,0,0\n`, 's.csv')).toThrow(
      /column "Rank": "9" is not a rating 0\.\.5/,
    );
    expect(() => parseLookFantastic(`${LF_HEADER}\nA B,u,Mask,"['a'",$1.00\n`, 'l.csv', [])).toThrow(
      /l\.csv:2: column "clean_ingreds": not a Python list/,
    );
    expect(() => parseLookFantastic(`${LF_HEADER}\nA B,u,Mask,"['a']",£1\n`, 'l.csv', [])).toThrow(
      /column "price": "£1" is not a price/,
    );
  });
});

describe('loadCatalog on ../shared/data/skincare', () => {
  let products: Product[];
  let report: CatalogReport;
  beforeAll(() => {
    ({ products, report } = loadCatalog(resolveSkincareDir(SKINCARE_DATA)));
  }, 120_000);

  it('reads every row of both sources and accounts for each', () => {
    const [sephora, lf] = report.sources;
    expect([sephora.rowsRead, lf.rowsRead]).toEqual([1472, 1138]);
    for (const s of report.sources)
      expect(s.kept + s.dropped.reduce((n, d) => n + d.count, 0)).toBe(s.rowsRead);
    // SOURCES.md: 211 rows without a real list, 25 of them "#NAME?"
    const noList = sephora.dropped
      .filter((d) => /^no ingredient list/.test(d.description))
      .reduce((n, d) => n + d.count, 0);
    expect(noList).toBeGreaterThanOrEqual(200);
    expect(noList).toBeLessThanOrEqual(240);
    expect(sephora.dropped.find((d) => d.reason === 'excel_error')!.count).toBe(25);
    // Body Wash 123 + Bath Salts 36 + Bath Oil 33
    expect(lf.dropped.find((d) => d.reason === 'body_or_bath')!.count).toBe(192);
    expect(products.length).toBe(report.products);
  });

  it('raises the INCI match rate above the exact rates of SOURCES.md', () => {
    const [sephora, lf] = report.sources;
    expect(sephora.inci.exactBefore.rate).toBeLessThan(0.79);
    expect(lf.inci.exactBefore.rate).toBeLessThan(0.85);
    expect(sephora.inci.after.rate).toBeGreaterThan(0.95);
    expect(lf.inci.after.rate).toBeGreaterThan(0.9);
  });

  it('gives every product a unique, stable id and the contract’s fields', () => {
    expect(new Set(products.map((p) => p.id)).size).toBe(products.length);
    for (const p of products) {
      expect(p.id).toMatch(/^(sephora|lookfantastic):[a-z0-9-]+$/);
      expect(p.ingredients.length).toBeGreaterThan(0);
      if (p.statedSuitability) expect(Object.keys(p.statedSuitability)).toEqual([...SUITABILITY_LABELS]);
    }
    expect(products.find((p) => p.id === 'sephora:la-mer-creme-de-la-mer')).toMatchObject({
      brand: 'LA MER',
      price: 175,
      rating: 4.1,
    });
    expect(products.filter((p) => p.source === 'sephora' && p.statedSuitability !== null).length).toBe(
      report.sources[0].withStatedSuitability,
    );
  });

  it('docs/skincare/catalog-report.json is what `mlsd skincare catalog` writes now', async () => {
    const out = mkdtempSync(join(tmpdir(), 'mlsd-catalog-'));
    const write = vi.spyOn(process.stdout, 'write').mockReturnValue(true);
    try {
      await catalogCommand().parseAsync(['--data', SKINCARE_DATA, '--out', out], { from: 'user' });
    } finally {
      write.mockRestore();
    }
    const fresh = readFileSync(join(out, 'catalog-report.json'), 'utf8');
    expect(JSON.parse(fresh)).toEqual(JSON.parse(JSON.stringify(report)));
    const committed = new URL('../../../../docs/skincare/catalog-report.json', import.meta.url);
    expect(JSON.parse(readFileSync(committed, 'utf8'))).toEqual(JSON.parse(fresh));
    expect(readFileSync(join(out, 'catalog-report.md'), 'utf8')).toMatch(
      /\| no ingredient list: "#NAME\?" \(an Excel formula artefact\) \| 25 \|/,
    );
  }, 120_000);

  it('refuses a folder that is not a skincare data folder, naming what is missing', () => {
    expect(() => resolveSkincareDir(tmpdir())).toThrow(UsageError);
    expect(() => resolveSkincareDir(tmpdir())).toThrow(
      /missing catalog\/sephora_cosmetics\.utf8\.csv, .*cosing\/cosing_functions\.csv/,
    );
  });
});
