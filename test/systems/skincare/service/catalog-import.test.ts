// Partner brands (the pilot's business process): a brand's products imported as CSV or JSON under
// the catalog's data contract, errors per row, and the accepted products in the ranking at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';
import { headers, servingParts, startSkincareHost, type SkincareTestHost } from './helpers.ts';

const pgUp = await postgresReachable();
const database = testDatabase('mlsd_skincare_import');
let budget = 0;
beforeAll(async () => {
  if (pgUp) await database.create();
  const { catalog } = await servingParts();
  // Under the cheapest catalog product's price only the partner's products fit the budget.
  const cheapest = Math.min(...catalog.flatMap((p) => (p.price === null ? [] : [p.price])));
  budget = Math.min(1, cheapest / 2);
}, 240_000);
afterAll(() => (pgUp ? database.drop() : undefined));

const csv = (price: number) =>
  [
    'brand,name,category,price,rating,rating_count,ingredients,skin_types,url',
    `Acme Labs,Gentle Gel Cleanser,cleanser,${price},4.6,120,"Water, Glycerin, Coco-Glucoside, Sodium Chloride",oily,`,
    `Acme Labs,Clear Pore Serum,serum,${price},4.4,80,"Water, Salicylic Acid, Niacinamide, Glycerin",oily,`,
    `Acme Labs,Light Moisture Cream,moisturizer,${price},4.5,95,"Water, Glycerin, Squalane, Ceramide NP",,`,
    `Acme Labs,Daily Shield SPF 50,sunscreen,${price},4.3,60,"Water, Zinc Oxide, Glycerin, Tocopherol",,`,
    'Acme Labs,Mystery Potion,potion,9,4,1,"Water",,',
    'Other Brand,Borrowed Cream,moisturiser,9,4,1,"Water, Glycerin",,',
    'Acme Labs,Empty Toner,toner,9,4,1,"",,',
  ].join('\n');

describe.each([
  { dialect: 'sqlite', env: {} as Record<string, string>, run: true },
  { dialect: 'postgres', env: { DATABASE_URL: database.url }, run: pgUp },
])(
  'partner catalog imports on $dialect',
  ({ env, run }) => {
    let t: SkincareTestHost;
    beforeAll(async () => {
      if (run) t = await startSkincareHost(env);
    }, 120_000);
    afterAll(() => t?.host.close());

    const importCsv = (text: string, brand?: string) =>
      t.host.app
        .inject({
          method: 'POST',
          url: `/v1/skincare/catalog/imports${brand ? `?brand=${encodeURIComponent(brand)}` : ''}`,
          headers: { ...headers, 'content-type': 'text/csv' },
          payload: text,
        })
        .then((r) => ({ status: r.statusCode, body: r.json() as Record<string, unknown> }));

    it.runIf(run)(
      'imports a CSV with errors per row; the products are recommended without a release',
      async () => {
        const questionnaire = {
          skin_type: 'oily',
          sensitive: false,
          goals: ['acne'],
          budget_per_product: budget,
        };
        const before = await t.call('POST', '/v1/skincare/recommendations', {
          user_id: 'buyer',
          questionnaire,
        });
        const routine = before.body.routine as { am: unknown[]; pm: unknown[] };
        expect(
          [...routine.am, ...routine.pm].every((s) => (s as { product?: unknown }).product === undefined),
        ).toBe(true);

        const imported = await importCsv(csv(budget), 'Acme Labs');
        expect(imported.status).toBe(201);
        expect(imported.body).toMatchObject({
          brand: 'Acme Labs',
          source: 'partner:acme-labs',
          accepted: 4,
          rejected: 3,
          repeated: false,
        });
        const errors = imported.body.errors as { row: number; field: string; message: string }[];
        expect(errors.map((e) => [e.row, e.field])).toEqual([
          [6, 'category'],
          [7, 'brand'],
          [8, 'ingredients'],
        ]);
        expect(errors[1]!.message).toBe('"Other Brand" is not the importing brand "Acme Labs"');

        const after = await t.call('POST', '/v1/skincare/recommendations', {
          user_id: 'buyer',
          questionnaire,
        });
        const steps = [
          ...(after.body.routine as { am: { product: { id: string } }[] }).am,
          ...(after.body.routine as { pm: { product: { id: string } }[] }).pm,
        ];
        const ids = new Set(steps.map((s) => s.product.id));
        expect(ids).toContain('partner:acme-labs:daily-shield-spf-50');
        expect(ids).toContain('partner:acme-labs:clear-pore-serum');
        expect([...ids].every((id) => id.startsWith('partner:acme-labs:'))).toBe(true);

        // A retry of the same body imports nothing twice and answers as the first time.
        const retry = await importCsv(csv(budget), 'Acme Labs');
        expect(retry.status).toBe(200);
        expect(retry.body).toMatchObject({ import_id: imported.body.import_id, accepted: 4, repeated: true });
        const rows = await t.db.selectFrom('skincare_partner_products').selectAll().execute();
        expect(rows.length).toBe(4);
        expect(rows.every((r) => r.brand === 'Acme Labs')).toBe(true);
        const stored = JSON.parse((rows[0] as { product: string }).product) as {
          suitability?: Record<string, number>;
        };
        expect(Object.keys(stored.suitability ?? {}).sort()).toEqual([
          'combination',
          'dry',
          'normal',
          'oily',
          'sensitive',
        ]);

        const catalog = await t.call('GET', '/v1/skincare/catalog');
        const sources = catalog.body.sources as { source: string; products: number; match_rate: number }[];
        expect(sources.find((s) => s.source === 'partner:acme-labs')).toMatchObject({ products: 4 });
        expect(sources.find((s) => s.source === 'sephora')!.match_rate).toBeGreaterThan(0.5);
        expect((catalog.body.imports as unknown[]).length).toBe(1);
      },
    );

    it.runIf(run)(
      'imports JSON rows (brand filled in) and refuses an import without a brand or rows',
      async () => {
        const json = await t.call('POST', '/v1/skincare/catalog/imports', {
          brand: 'Blue Fern',
          products: [
            {
              name: 'Calm Toner',
              category: 'toner',
              price: 12,
              ingredients: ['Water', 'Glycerin', 'Allantoin'],
            },
            { name: 'Bad Price', category: 'toner', price: 'cheap', ingredients: 'Water, Glycerin' },
          ],
        });
        expect(json.status).toBe(201);
        expect(json.body).toMatchObject({
          accepted: 1,
          rejected: 1,
          product_ids: ['partner:blue-fern:calm-toner'],
        });
        expect((json.body.errors as { row: number; field: string }[])[0]).toMatchObject({
          row: 2,
          field: 'price',
        });

        const noBrand = await importCsv(csv(3));
        expect(noBrand).toMatchObject({
          status: 400,
          body: {
            detail: 'querystring.brand is required: ?brand=… or "brand" in the JSON body',
            errors: [
              { field: 'querystring.brand', message: 'is required: ?brand=… or "brand" in the JSON body' },
            ],
          },
        });
        const noRows = await t.call('POST', '/v1/skincare/catalog/imports', { brand: 'X' });
        expect(noRows.status).toBe(400);
        // Nothing accepted is a failed import: 422 with the rows' errors.
        const badHeader = await importCsv('brand,title\nAcme,Thing\n', 'Acme');
        expect(badHeader.status).toBe(422);
        expect((badHeader.body.errors as { field: string; message: string }[])[0]).toMatchObject({
          field: 'body.lines.1',
        });
        expect(badHeader.body.detail).toBe(
          'none of the rows was accepted (1 refused): fix the rows listed in errors',
        );
      },
    );

    it.runIf(run)(
      'takes ?brand= for a CSV without a brand column, names missing fields, keeps the brand out of the slug',
      async () => {
        const text = [
          'name,category,price,ingredients',
          'Acme Daily Mineral SPF 50,sunscreen,20,"Zinc Oxide, Glycerin, Tocopherol"',
          'Night Repair Cream,moisturiser,25,"Water, Glycerin, Squalane"',
        ].join('\n');
        const imported = await importCsv(text, 'Acme');
        expect(imported.status).toBe(201);
        expect(imported.body).toMatchObject({
          brand: 'Acme',
          accepted: 2,
          rejected: 0,
          product_ids: ['partner:acme:daily-mineral-spf-50', 'partner:acme:night-repair-cream'],
        });
        const stored = await t.db
          .selectFrom('skincare_partner_products')
          .select(['brand', 'product'])
          .where('product_id', '=', 'partner:acme:night-repair-cream')
          .executeTakeFirstOrThrow();
        expect(JSON.parse(stored.product as string)).toMatchObject({ brand: 'Acme', source: 'partner:acme' });

        // No name column: every row refused with the field named in words; nothing accepted → 422.
        const noName = await importCsv('category,ingredients\ncleanser,"Water, Glycerin"\n', 'Acme');
        expect(noName.status).toBe(422);
        expect(noName.body.errors).toEqual([
          { field: 'body.lines.2.name', message: 'name is required (a "name" column or JSON field)' },
        ]);
      },
    );
  },
  300_000,
);
