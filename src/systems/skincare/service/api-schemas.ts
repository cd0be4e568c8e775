import { analysesBody, importBody } from './api-bodies.ts';
import { consentBody, feedbackBody, importQuery, recommendationsBody, userParams } from './api-requests.ts';
import {
  analysesResponses,
  catalogResponses,
  consentResponses,
  eraseResponses,
  feedbackResponses,
  historyResponses,
  importResponses,
  recommendationsResponses,
} from './api-responses.ts';

/**
 * The skincare API's route schemas: Fastify validates requests with them and /docs shows them
 * (OpenAPI 3.0 forms, every status a route answers with, an example per body). The requests are in
 * `api-requests.ts` (and `api-bodies.ts`), the responses in `api-responses.ts`.
 */

const consentFields =
  '`consent_photo_processing=true` (required once: nothing is processed without it) and `consent_keep_history=true|false` (keep the analyses as a history) may come in the same form and are stored for the user.';

/** POST /analyses is multipart: the body is read by the handler, documented here. */
export const analysesSchema = {
  summary: 'Analyse a face photo (quality gate, then skin indicators)',
  description: `multipart/form-data with the image in the field \`photo\` and \`user_id\`. ${consentFields} The photo is processed in memory and never stored; only the indicator values are kept (as history with consent, otherwise for SKINCARE_HISTORY_TTL_MS).`,
  consumes: ['multipart/form-data'],
  body: analysesBody,
  response: analysesResponses,
} as const;

export const consentSchema = {
  summary: "Set a user's consent",
  params: userParams,
  body: consentBody,
  response: consentResponses,
} as const;

export const recommendationsSchema = {
  summary: 'A morning and evening routine for a questionnaire (and an analysis)',
  description:
    'Every answer carries the disclaimer. A red-flag symptom gets `red_flag.referral` and no products. The user is in pilot arm A (rule-based baseline) or B (the model), stably.',
  body: recommendationsBody,
  response: recommendationsResponses,
} as const;

export const feedbackSchema = {
  summary: 'Rate a recommendation 1–10',
  description:
    'One rating counts per recommendation: the first is created (201), a different later one replaces it (200, `replaced`), the same again changes nothing (200, `unchanged`).',
  body: feedbackBody,
  response: feedbackResponses,
} as const;

export const eraseSchema = {
  summary: 'Erase everything stored about a user',
  params: userParams,
  response: eraseResponses,
} as const;

export const historySchema = {
  summary: "A user's kept analyses and how each indicator moved (first to last)",
  params: userParams,
  response: historyResponses,
} as const;

export const importSchema = {
  summary: "Import a partner brand's products (CSV or JSON)",
  description:
    'text/csv with `?brand=` (the catalog contract\'s columns), or JSON `{"brand", "products": [...]}`. Each row is checked on its own: accepted rows join the ranking at once (no release), rejected rows come back with their row number, field and reason. The same body again answers with the first import (idempotent).',
  consumes: ['text/csv', 'application/json'],
  querystring: importQuery,
  body: importBody,
  response: importResponses,
} as const;

export const catalogSchema = {
  summary: 'What the ranking reads: products and CosIng match per source, and the partner imports',
  response: catalogResponses,
} as const;
