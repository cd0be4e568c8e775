import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COSING_CSV } from '../data/fixtures.ts';

const SEPHORA_HEADER = 'Label,Brand,Name,Price,Rank,Ingredients,Combination,Dry,Normal,Oily,Sensitive';
const LABELS = ['Cleanser', 'Treatment', 'Moisturizer', 'Sun protect'];
const BRANDS = ['ALPHA', 'BETA', 'GAMMA', 'DELTA', 'EPSILON', 'ZETA'];
/** Ingredient lists from the fixture CosIng rows; the first four are mild, the rest carry actives or flags. */
const LISTS = [
  'Water, Glycerin, Dimethicone, Squalane',
  'Water, Glycerin, Sodium Hyaluronate, Caffeine',
  'Aqua, Butyrospermum Parkii Butter, Glycerin, Dimethicone',
  'Water, Titanium Dioxide, Ethylhexyl Salicylate, Glycerin',
  'Water, Salicylic Acid, Niacinamide, Glycerin',
  'Water, Alcohol Denat., Parfum, Glycerin',
];

/**
 * A small skincare data folder in the shared folder's layout (made by the test, nothing copied):
 * 48 Sephora rows over the four routine labels and six brands with flags that follow the
 * ingredients a little, a few LookFantastic rows and the fixture CosIng rows.
 */
export function makeSkincareDataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'skincare-data-'));
  mkdirSync(join(dir, 'catalog'));
  mkdirSync(join(dir, 'cosing'));
  const rows = [SEPHORA_HEADER];
  let n = 0;
  for (const label of LABELS)
    for (const brand of BRANDS)
      for (const variant of [0, 1]) {
        const list = LISTS[(n + variant) % LISTS.length];
        const rich = list.includes('Butter') || list.includes('Hyaluronate');
        const flags = [1, rich ? 1 : variant, 1, rich ? 0 : 1, list.includes('Parfum') ? 0 : 1];
        const name = label === 'Sun protect' ? `Shield ${n} SPF 30` : `${label} ${n}`;
        rows.push(
          `${label},${brand},${name},${10 + (n % 7) * 6},${(3.6 + (n % 5) * 0.3).toFixed(1)},"${list}",${flags.join(',')}`,
        );
        n++;
      }
  writeFileSync(join(dir, 'catalog/sephora_cosmetics.utf8.csv'), `${rows.join('\r\n')}\r\n`);
  writeFileSync(
    join(dir, 'catalog/lookfantastic_skincare_products_clean.csv'),
    [
      'product_name,product_url,product_type,clean_ingreds,price',
      `Omega Gentle Cleanser 200ml,https://example.test/omega-cleanser,Cleanser,"['aqua', 'glycerin', 'squalane']",$12.00`,
      `Omega Calm Serum 30ml,https://example.test/omega-serum,Serum,"['aqua', 'niacinamide', 'glycerin']",$18.50`,
      '',
    ].join('\n'),
  );
  writeFileSync(join(dir, 'cosing/cosing_functions.csv'), COSING_CSV);
  return dir;
}
