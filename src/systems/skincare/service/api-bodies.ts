import { CATEGORIES, SUITABILITY_LABELS } from '../contracts.ts';

/**
 * Request bodies /docs shows for the routes that read their body themselves (a multipart photo, a
 * CSV or JSON catalog), so "Try it out" can send one. Fastify validates by content type
 * (`body.content`); these routes pass `docsOnlyBodyValidator` so the schema documents and the
 * handler's own parsing judges (its errors name the row and field).
 */

const boolField = (description: string) => ({ type: 'string', enum: ['true', 'false'], description });

/** POST /analyses: the multipart form's fields. */
export const analysesBody = {
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object',
        required: ['user_id', 'photo'],
        properties: {
          user_id: { type: 'string', maxLength: 200, description: 'your id for the user' },
          consent_photo_processing: boolField(
            'true once: nothing is processed without it (stored for the user)',
          ),
          consent_keep_history: boolField('keep the analyses as a history (stored for the user)'),
          photo: {
            type: 'string',
            format: 'binary',
            description: 'a face photo, JPEG, PNG or WebP, processed in memory and never stored',
          },
        },
      },
    },
  },
} as const;

/** The columns of a partner's catalog (data/contract.ts), each described. */
const productColumns = {
  brand: { type: 'string', description: 'optional: the importing brand (?brand= or "brand") when empty' },
  name: { type: 'string', description: 'required' },
  category: { type: 'string', description: `required: one of ${CATEGORIES.join(', ')}` },
  price: { description: 'USD 0..10000, optional' },
  rating: { description: 'mean rating 0..5, optional' },
  rating_count: { description: 'a whole number ≥ 0, optional' },
  ingredients: { description: 'required: the INCI list as text (comma-separated) or a list of names' },
  skin_types: {
    description: `optional: any of ${SUITABILITY_LABELS.join(', ')}, separated by , ; or |`,
  },
  url: { type: 'string', description: 'optional: the product page' },
} as const;

const CSV_EXAMPLE = [
  'name,category,price,ingredients,skin_types',
  'Daily Mineral SPF 50,sunscreen,24,"Zinc Oxide, Glycerin, Tocopherol","dry,normal"',
].join('\n');

/** POST /catalog/imports: CSV (header row of the columns) or JSON rows. */
export const importBody = {
  content: {
    'text/csv': {
      schema: {
        type: 'string',
        description: `a header row of these columns, then one product a row: ${Object.keys(productColumns).join(', ')}`,
        example: CSV_EXAMPLE,
      },
    },
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          brand: { type: 'string', description: 'the importing brand (or ?brand=)' },
          products: {
            type: 'array',
            items: { type: 'object', properties: productColumns },
          },
        },
        example: {
          brand: 'Acme',
          products: [
            {
              name: 'Daily Mineral SPF 50',
              category: 'sunscreen',
              price: 24,
              ingredients: 'Zinc Oxide, Glycerin, Tocopherol',
            },
          ],
        },
      },
    },
  },
} as const;

/**
 * A body "validator" that accepts all: the body schema is for /docs, the handler parses and
 * judges the body itself (a multipart stream is not even read when validation runs).
 */
export const docsOnlyBodyValidator =
  ({ httpPart }: { httpPart?: string }) =>
  (data: unknown) =>
    httpPart === 'body' ? true : { value: data };
