import { jsonResponse, problemResponses, problemSchema } from '../../../platform/http/openapi.ts';
import { INDICATORS, QUALITY_CHECKS, ROUTINE_STEPS } from '../contracts.ts';

/**
 * What the skincare API's routes answer, per route: every status with its schema and an example
 * (OpenAPI 3.0 forms, as /docs shows them); `api-schemas.ts` puts them together with the requests.
 */

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

export const analysesResponses = {
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
    detail: 'user "u1" has not consented to photo processing: ask for consent first (nothing was processed)',
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
    400: {
      detail: 'send the image in the multipart field "photo"',
      errors: [{ field: 'body.photo', message: 'is required: the image as a file upload' }],
    },
    413: { detail: 'the photo is larger than the limit of 10485760 bytes (SKINCARE_MAX_PHOTO_BYTES)' },
  }),
} as const;

export const consentResponses = {
  200: jsonResponse(
    'Stored',
    { type: 'object' },
    { user_id: 'u1', photo_processing: true, keep_history: true },
  ),
  ...problemResponses([400, 401, 415, 429]),
} as const;

const step = {
  type: 'object',
  properties: {
    step: { type: 'string', enum: [...ROUTINE_STEPS] },
    product: { type: 'object' },
    why: { type: 'array', items: { type: 'string' } },
  },
} as const;

export const recommendationsResponses = {
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
} as const;

const feedbackAnswer = {
  type: 'object',
  required: ['recommendation_id', 'score', 'outcome'],
  properties: {
    recommendation_id: { type: 'string' },
    score: { type: 'integer' },
    outcome: { type: 'string', enum: ['created', 'replaced', 'unchanged'] },
    previous_score: {
      type: 'integer',
      description: 'the score this rating replaced (only with `replaced`)',
    },
  },
} as const;

export const feedbackResponses = {
  201: jsonResponse('The first rating of this recommendation', feedbackAnswer, {
    recommendation_id: '9a0e…',
    score: 8,
    outcome: 'created',
  }),
  200: jsonResponse(
    'A later rating: it replaced the stored one (`replaced`, naming `previous_score`), or changed nothing (`unchanged`: the same score, and no comment or the same one — a comment is only replaced when one is sent)',
    feedbackAnswer,
    { recommendation_id: '9a0e…', score: 6, outcome: 'replaced', previous_score: 8 },
  ),
  ...problemResponses([400, 401, 404, 415, 429], {
    400: { detail: 'body.score must be <= 10' },
    404: { detail: 'no recommendation "r1"' },
  }),
} as const;

export const eraseResponses = {
  200: jsonResponse(
    'Rows deleted per table',
    { type: 'object' },
    { user_id: 'u1', deleted: { skincare_analyses: 2, skincare_users: 1 } },
  ),
  ...problemResponses([401, 429]),
} as const;

export const historyResponses = {
  200: jsonResponse('Oldest first; empty without consent to keep a history', { type: 'object' }, undefined),
  ...problemResponses([401, 429]),
} as const;

export const importResponses = {
  201: jsonResponse('Imported', { type: 'object' }, undefined),
  200: jsonResponse('The same body was imported before: its first answer', { type: 'object' }, undefined),
  422: problem(
    'No row was accepted: `errors` lists each refused row, field and reason (`body.lines.<file line>.<column>` for CSV, `body.products.<index>.<field>` for JSON)',
    {
      title: 'No product imported',
      status: 422,
      detail: 'none of the rows was accepted (1 refused): fix the rows listed in errors',
      errors: [{ field: 'body.lines.2.category', message: 'must be one of cleanser, treatment, …' }],
    },
    { import_id: { type: 'string' }, brand: { type: 'string' } },
  ),
  ...problemResponses([400, 401, 413, 415, 429], {
    400: {
      detail: 'querystring.brand is required: ?brand=… or "brand" in the JSON body',
      errors: [{ field: 'querystring.brand', message: 'is required: ?brand=… or "brand" in the JSON body' }],
    },
  }),
} as const;

export const catalogResponses = {
  200: jsonResponse('Counts per source', { type: 'object' }, undefined),
  ...problemResponses([401, 429]),
} as const;
