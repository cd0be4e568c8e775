// Every skincare problem names its fields where they were sent — `body.`, `querystring.`, like
// the platform's validation errors — over the real routes: an unknown analysis, the photo form's
// user_id and consent, the page's form, and a partner import's brand and refused rows.
import { describe, expect, it } from 'vitest';
import { JPEG_HEADER_ONLY, headers, hostForFile, multipartBody } from './helpers.ts';

const t = hostForFile();

const jpeg = JPEG_HEADER_ONLY;
type Problem = { detail: string; errors?: { field: string; message: string }[] };

const inject = async (
  url: string,
  payload: Buffer | string,
  extra: Record<string, string>,
): Promise<{ status: number; body: Problem }> => {
  const response = await t().host.app.inject({
    method: 'POST',
    url,
    headers: { ...headers, ...extra },
    payload,
  });
  return { status: response.statusCode, body: response.json() as Problem };
};
const form = (url: string, fields: Record<string, string>) => {
  const body = multipartBody(fields, { bytes: jpeg });
  return inject(url, body.payload, body.headers);
};
const fieldsOf = (p: { body: unknown }) => ((p.body as Problem).errors ?? []).map((e) => e.field);

describe('skincare problem field names', () => {
  it('names an unknown analysis body.analysis_id', async () => {
    const answer = await t().call('POST', '/v1/skincare/recommendations', {
      user_id: 'u-fields',
      questionnaire: { skin_type: 'oily', sensitive: false, goals: ['acne'] },
      analysis_id: 'nope',
    });
    expect(answer).toMatchObject({
      status: 404,
      body: {
        detail: 'user "u-fields" has no analysis "nope" (expired or never made)',
        errors: [{ field: 'body.analysis_id' }],
      },
    });
  });

  it("names the photo form's user_id and consent fields under body.", async () => {
    const noUser = await form('/v1/skincare/analyses', {});
    expect(noUser.status).toBe(400);
    expect(noUser.body.errors).toEqual([{ field: 'body.user_id', message: 'is required' }]);
    const badConsent = await form('/v1/skincare/analyses', {
      user_id: 'u-fields',
      consent_photo_processing: 'yes please',
    });
    expect(badConsent).toMatchObject({
      status: 400,
      body: {
        detail: 'body.consent_photo_processing must be "true" or "false" (got "yes please")',
        errors: [{ field: 'body.consent_photo_processing', message: 'must be "true" or "false"' }],
      },
    });
    // The page knows its user by a cookie: a user_id in its form is refused, named.
    const page = await form('/skincare/api/analyses', { user_id: 'someone' });
    expect(page.status).toBe(400);
    expect(fieldsOf(page)).toEqual(['body.user_id']);
  });

  it("names a partner import's brand where it was expected and each refused row by its place", async () => {
    const csv = (text: string, brand?: string) =>
      inject(`/v1/skincare/catalog/imports${brand ? `?brand=${brand}` : ''}`, text, {
        'content-type': 'text/csv',
      });
    const noBrandCsv = await csv('name,category\nThing,cleanser\n');
    expect(noBrandCsv.status).toBe(400);
    expect(fieldsOf(noBrandCsv)).toEqual(['querystring.brand']);
    const noBrandJson = await t().call('POST', '/v1/skincare/catalog/imports', {
      products: [{ name: 'Thing' }],
    });
    expect(noBrandJson.status).toBe(400);
    expect(fieldsOf(noBrandJson)).toEqual(['body.brand']);

    const badHeader = await csv('brand,title\nAcme,Thing\n', 'Acme');
    expect(fieldsOf(badHeader)).toEqual(['body.lines.1']);
    const badRows = await csv('name,category,ingredients\nA,potion,Water\nB,cleanser,\n', 'Acme');
    expect(badRows.status).toBe(422);
    expect(fieldsOf(badRows)).toEqual(['body.lines.2.category', 'body.lines.3.ingredients']);
    const badJson = await t().call('POST', '/v1/skincare/catalog/imports', {
      brand: 'Acme',
      products: [{ name: 'A', category: 'potion', ingredients: 'Water' }],
    });
    expect(badJson.status).toBe(422);
    expect(fieldsOf(badJson)).toEqual(['body.products.0.category']);
  });
});
