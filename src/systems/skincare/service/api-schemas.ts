import { jsonResponse, problemResponses, problemSchema } from '../../../platform/http/openapi.ts';
import { analysesBody, importBody } from './api-bodies.ts';
import { GOALS, INDICATORS, QUALITY_CHECKS, ROUTINE_STEPS, SKIN_TYPES } from '../contracts.ts';

/**
 * The skincare API's request and response schemas: Fastify validates requests with them and /docs
 * shows them (OpenAPI 3.0 forms, every status a route answers with, an example per body).
 */

// No NUL: PostgreSQL text cannot hold one.
const id = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' } as const;
const userId = {
  ...id,
  description: "your id for the user ('tg:…' and 'web:…' are the bot's and the page's)",
};

/** A documented problem+json answer for a status the platform's helper does not list. */
const problem = (
  description: string,
  example: Record<string, unknown>,
  extra: Record<string, unknown> = {},
) => ({
  description,
  content: {
    'application/problem+json': {
      schema: { ...problemSchema, properties: { ...problemSchema.properties, ...extra } },
      example: { type: 'about:blank', ...example },
    },
  },
});

export const questionnaireJsonSchema = {
  type: 'object',
  required: ['skin_type', 'sensitive', 'goals'],
  additionalProperties: false,
  properties: {
    skin_type: { type: 'string', enum: [...SKIN_TYPES] },
    sensitive: { type: 'boolean' },
    goals: { type: 'array', maxItems: 12, items: { type: 'string', enum: [...GOALS] } },
    budget_per_product: { type: 'number', exclusiveMinimum: 0, description: 'USD per product' },
    pregnant: { type: 'boolean' },
    symptoms: {
      type: 'array',
      maxItems: 20,
      items: { type: 'string', maxLength: 500 },
      description:
        'a red flag among them (a changing mole, a sudden severe rash, …) gets a referral instead of products',
    },
  },
} as const;

const indicator = {
  type: 'object',
  properties: { value: { type: 'number' }, confidence: { type: 'number' } },
} as const;
const indicators = {
  type: 'object',
  properties: Object.fromEntries(INDICATORS.map((name) => [name, indicator])),
} as const;

const failure = {
  type: 'object',
  required: ['check', 'detail', 'retake'],
  properties: {
    check: { type: 'string', enum: [...QUALITY_CHECKS] },
    detail: { type: 'string' },
    retake: { type: 'string', description: 'what to do for a better photo' },
  },
} as const;

const consentFields =
  '`consent_photo_processing=true` (required once: nothing is processed without it) and `consent_keep_history=true|false` (keep the analyses as a history) may come in the same form and are stored for the user.';

/** POST /analyses is multipart: the body is read by the handler, documented here. */
export const analysesSchema = {
  summary: 'Analyse a face photo (quality gate, then skin indicators)',
  description: `multipart/form-data with the image in the field \`photo\` and \`user_id\`. ${consentFields} The photo is processed in memory and never stored; only the indicator values are kept (as history with consent, otherwise for SKINCARE_HISTORY_TTL_MS).`,
  consumes: ['multipart/form-data'],
  body: analysesBody,
  response: {
    201: jsonResponse(
      'Accepted: indicators with their confidence',
      {
        type: 'object',
        properties: {
          analysis_id: { type: 'string' },
          accepted: { type: 'boolean', enum: [true] },
          indicators,
          concerns: { type: 'object', nullable: true },
          measures: { type: 'object' },
        },
      },
      {
        analysis_id: '5d1c…',
        accepted: true,
        indicators: { shine: { value: 0.31, confidence: 0.8 } },
        concerns: null,
        measures: { sharpness: 0.08 },
      },
    ),
    403: problem('The user has not consented to photo processing (nothing was processed)', {
      title: 'Forbidden',
      status: 403,
      detail:
        'user "u1" has not consented to photo processing: ask for consent first (nothing was processed)',
    }),
    422: problem(
      'The photo was not accepted: `failures` lists each failed check with retake advice',
      {
        title: 'Photo not accepted',
        status: 422,
        detail: 'the photo was not accepted: sharpness 0.012 below 0.03',
        analysis_id: '5d1c…',
        failures: [
          { check: 'sharpness', detail: 'sharpness 0.012 below 0.03', retake: 'Hold the phone still.' },
        ],
      },
      {
        analysis_id: { type: 'string', nullable: true },
        failures: { type: 'array', items: failure },
        measures: { type: 'object' },
      },
    ),
    ...problemResponses([400, 401, 413, 415, 429], {
      400: { detail: 'send the image in the multipart field "photo"' },
      413: { detail: 'the photo is larger than the limit of 10485760 bytes (SKINCARE_MAX_PHOTO_BYTES)' },
    }),
  },
} as const;

export const consentSchema = {
  summary: "Set a user's consent",
  params: { type: 'object', required: ['id'], properties: { id: userId } },
  body: {
    type: 'object',
    required: ['photo_processing', 'keep_history'],
    additionalProperties: false,
    properties: {
      photo_processing: { type: 'boolean', description: 'process my photo in memory to analyse my skin' },
      keep_history: {
        type: 'boolean',
        description: 'keep my analyses so I can see how my skin changes (false deletes a kept history)',
      },
    },
    examples: [{ photo_processing: true, keep_history: true }],
  },
  response: {
    200: jsonResponse(
      'Stored',
      { type: 'object' },
      { user_id: 'u1', photo_processing: true, keep_history: true },
    ),
    ...problemResponses([400, 401, 415, 429]),
  },
} as const;

const step = {
  type: 'object',
  properties: {
    step: { type: 'string', enum: [...ROUTINE_STEPS] },
    product: { type: 'object' },
    why: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const recommendationsSchema = {
  summary: 'A morning and evening routine for a questionnaire (and an analysis)',
  description:
    'Every answer carries the disclaimer. A red-flag symptom gets `red_flag.referral` and no products. The user is in pilot arm A (rule-based baseline) or B (the model), stably.',
  body: {
    type: 'object',
    required: ['user_id', 'questionnaire'],
    additionalProperties: false,
    properties: { user_id: userId, questionnaire: questionnaireJsonSchema, analysis_id: id },
    examples: [{ user_id: 'u1', questionnaire: { skin_type: 'oily', sensitive: false, goals: ['acne'] } }],
  },
  response: {
    201: jsonResponse(
      'The routine with an explanation per product',
      {
        type: 'object',
        properties: {
          recommendation_id: { type: 'string' },
          arm: { type: 'string', enum: ['A', 'B'] },
          disclaimer: { type: 'string' },
          red_flag: { type: 'object', nullable: true },
          routine: {
            type: 'object',
            properties: { am: { type: 'array', items: step }, pm: { type: 'array', items: step } },
          },
        },
      },
      undefined,
    ),
    ...problemResponses([400, 401, 404, 415, 429], {
      400: {
        detail: 'body.questionnaire.skin_type must be one of "dry", "oily", "combination", "normal"',
      },
      404: { detail: 'user "u1" has no analysis "a1" (expired or never made)' },
    }),
  },
} as const;

const feedbackAnswer = {
  type: 'object',
  required: ['recommendation_id', 'score', 'outcome'],
  properties: {
    recommendation_id: { type: 'string' },
    score: { type: 'integer' },
    outcome: { type: 'string', enum: ['created', 'replaced', 'unchanged'] },
  },
} as const;

export const feedbackSchema = {
  summary: 'Rate a recommendation 1–10',
  description:
    'One rating counts per recommendation: the first is created (201), a different later one replaces it (200, `replaced`), the same again changes nothing (200, `unchanged`).',
  body: {
    type: 'object',
    required: ['recommendation_id', 'score'],
    additionalProperties: false,
    properties: {
      recommendation_id: id,
      score: { type: 'integer', minimum: 1, maximum: 10 },
      comment: { type: 'string', maxLength: 2000 },
      user_id: { ...userId, description: 'optional: checked against the recommendation when given' },
    },
    examples: [{ recommendation_id: '9a0e…', score: 8, comment: 'clear explanations' }],
  },
  response: {
    201: jsonResponse('The first rating of this recommendation', feedbackAnswer, {
      recommendation_id: '9a0e…',
      score: 8,
      outcome: 'created',
    }),
    200: jsonResponse(
      'A later rating: it replaced the first (`replaced`), or was the same again (`unchanged`)',
      feedbackAnswer,
      { recommendation_id: '9a0e…', score: 6, outcome: 'replaced' },
    ),
    ...problemResponses([400, 401, 404, 415, 429], {
      400: { detail: 'body.score must be <= 10' },
      404: { detail: 'no recommendation "r1"' },
    }),
  },
} as const;

const userParams = { type: 'object', required: ['id'], properties: { id: userId } } as const;

export const eraseSchema = {
  summary: 'Erase everything stored about a user',
  params: userParams,
  response: {
    200: jsonResponse(
      'Rows deleted per table',
      { type: 'object' },
      { user_id: 'u1', deleted: { skincare_analyses: 2, skincare_users: 1 } },
    ),
    ...problemResponses([401, 429]),
  },
} as const;

export const historySchema = {
  summary: "A user's kept analyses and how each indicator moved (first to last)",
  params: userParams,
  response: {
    200: jsonResponse('Oldest first; empty without consent to keep a history', { type: 'object' }, undefined),
    ...problemResponses([401, 429]),
  },
} as const;

export const importSchema = {
  summary: "Import a partner brand's products (CSV or JSON)",
  description:
    'text/csv with `?brand=` (the catalog contract\'s columns), or JSON `{"brand", "products": [...]}`. Each row is checked on its own: accepted rows join the ranking at once (no release), rejected rows come back with their row number, field and reason. The same body again answers with the first import (idempotent).',
  consumes: ['text/csv', 'application/json'],
  querystring: {
    type: 'object',
    properties: {
      brand: {
        type: 'string',
        minLength: 1,
        maxLength: 200,
        description: 'the importing brand; rows without a brand are its products',
      },
    },
  },
  body: importBody,
  response: {
    201: jsonResponse('Imported', { type: 'object' }, undefined),
    200: jsonResponse('The same body was imported before: its first answer', { type: 'object' }, undefined),
    422: problem(
      'No row was accepted: `errors` lists each refused row, field and reason',
      {
        title: 'No product imported',
        status: 422,
        detail: 'none of the rows was accepted (1 refused): fix the rows listed in errors',
        errors: [{ field: 'row 2: category', message: 'must be one of cleanser, treatment, …' }],
      },
      { import_id: { type: 'string' }, brand: { type: 'string' } },
    ),
    ...problemResponses([400, 401, 413, 415, 429], {
      400: { detail: 'the brand is required: ?brand=… or "brand" in the JSON body' },
    }),
  },
} as const;

export const catalogSchema = {
  summary: 'What the ranking reads: products and CosIng match per source, and the partner imports',
  response: {
    200: jsonResponse('Counts per source', { type: 'object' }, undefined),
    ...problemResponses([401, 429]),
  },
} as const;
