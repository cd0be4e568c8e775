import { jsonResponse, problemResponses } from '../../../platform/http/openapi.ts';

/**
 * The ads API's request and response schemas: Fastify validates requests with them and /docs
 * shows them (OpenAPI 3.0 forms, every status a route answers with, an example per body).
 */

// No NUL: PostgreSQL text cannot hold one, and one such id would fail a whole group commit.
const id = { type: 'string', minLength: 1, maxLength: 200, pattern: '^[^\\u0000]*$' } as const;
const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;

const decision = {
  type: 'object',
  required: [
    'decision_id',
    'banner_id',
    'propensity',
    'policy',
    'model_version',
    'experiment_arm',
    'placement',
  ],
  properties: {
    decision_id: nullable({
      type: 'string',
      description: 'send it back with each event; null when no banner is shown',
    }),
    banner_id: nullable({ type: 'string' }),
    propensity: nullable({
      type: 'number',
      description:
        'the probability the policy had of choosing this banner, in (0, 1] (logged for off-policy evaluation)',
    }),
    policy: {
      type: 'string',
      description: 'the policy that chose: thompson, egreedy, ucb1, linucb, or random (the control arm)',
    },
    model_version: {
      type: 'string',
      description:
        'the state it was chosen with: ads-bandit/<policy>@<updates>, and +ads-ctr/v<version>@<updates> when a CTR model is served',
    },
    experiment_arm: { type: 'string', enum: ['bandit', 'control'] },
    placement: { type: 'string' },
    reason: { type: 'string', description: 'why no banner is shown (only when banner_id is null)' },
  },
} as const;

export const decideSchema = {
  summary: 'Choose a banner for a user',
  description:
    "Every decision is logged with its propensity. A banner the user closed is never chosen again, nor one shown to the user `ADS_FREQUENCY_CAP` times. Users in the experiment's control arm get a uniformly random banner.",
  body: {
    type: 'object',
    required: ['user_id'],
    additionalProperties: false,
    properties: {
      user_id: id,
      placement: {
        ...id,
        maxLength: 64,
        description: 'where on the page (default `default`); each placement learns on its own',
      },
      context: {
        type: 'object',
        description: 'what the app knows of the request (logged with the decision)',
      },
    },
    examples: [{ user_id: 'u1', placement: 'home_top', context: { app_version: '5.2' } }],
  },
  response: {
    200: jsonResponse('The banner to show (or none, with the reason)', decision, {
      decision_id: '0b6f2c1e-3a55-4d8e-9d0c-1f1f4bb1d2aa',
      banner_id: 'spring-sale',
      propensity: 0.62,
      policy: 'thompson',
      model_version: 'ads-bandit/thompson@1204',
      experiment_arm: 'bandit',
      placement: 'home_top',
    }),
    ...problemResponses([400, 401, 413, 415, 429]),
  },
} as const;

export const eventSchema = {
  summary: 'Report an impression, click or close of a decision',
  description:
    'Idempotent on `event_id`: the same event again gets the same answer and counts once. Order matters: a click or close before its impression, a second impression, click or close, a click after a close or past the attribution window (`ADS_ATTRIBUTION_WINDOW_MS`) answer 409 and count nothing. The same `event_id` for another decision or type is a 409 too.',
  body: {
    type: 'object',
    required: ['event_id', 'decision_id', 'type'],
    additionalProperties: false,
    properties: {
      event_id: { ...id, description: 'your id for the event: a retry sends the same one' },
      decision_id: id,
      type: {
        type: 'string',
        enum: ['impression', 'click', 'close'],
        description: '`close` is the banner\'s "X"',
      },
    },
    examples: [{ event_id: 'e1', decision_id: '0b6f2c1e-3a55-4d8e-9d0c-1f1f4bb1d2aa', type: 'impression' }],
  },
  response: {
    200: jsonResponse(
      'Counted (also the answer to a repeat of a counted event)',
      {
        type: 'object',
        required: ['event_id', 'decision_id', 'type', 'counted', 'banner_id', 'revenue'],
        additionalProperties: false,
        properties: {
          event_id: { type: 'string' },
          decision_id: { type: 'string' },
          type: { type: 'string' },
          counted: { type: 'boolean' },
          banner_id: { type: 'string' },
          revenue: { type: 'number', description: 'price per click for a click, else 0' },
        },
      },
      {
        event_id: 'e2',
        decision_id: '0b6f2c1e-3a55-4d8e-9d0c-1f1f4bb1d2aa',
        type: 'click',
        counted: true,
        banner_id: 'spring-sale',
        revenue: 1,
      },
    ),
    ...problemResponses([400, 401, 404, 409, 413, 415, 429], {
      404: { detail: 'no decision with id "d1"' },
      409: { detail: 'a click of decision "d1" came before its impression' },
    }),
  },
} as const;

const banner = {
  type: 'object',
  required: ['banner_id', 'title', 'status', 'prior', 'impressions', 'clicks', 'closes', 'expired', 'ctr'],
  properties: {
    banner_id: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'string', enum: ['active', 'paused', 'retired'] },
    prior: { type: 'object', properties: { alpha: { type: 'number' }, beta: { type: 'number' } } },
    impressions: { type: 'integer' },
    clicks: { type: 'integer' },
    closes: { type: 'integer' },
    expired: { type: 'integer', description: 'impressions whose attribution window passed unclicked' },
    ctr: nullable({ type: 'number' }),
    created_at: { type: 'string', format: 'date-time' },
    updated_at: { type: 'string', format: 'date-time' },
  },
} as const;

const prior = {
  type: 'object',
  required: ['alpha', 'beta'],
  additionalProperties: false,
  description: 'Beta prior of its click rate (default: ADS_PRIOR_CTR worth ADS_PRIOR_STRENGTH impressions)',
  properties: {
    alpha: { type: 'number', exclusiveMinimum: 0 },
    beta: { type: 'number', exclusiveMinimum: 0 },
  },
} as const;

export const listBannersSchema = {
  summary: 'List the banners with what was counted of each',
  response: {
    200: jsonResponse(
      'Every banner',
      { type: 'object', properties: { banners: { type: 'array', items: banner } } },
      { banners: [] },
    ),
    ...problemResponses([401, 429]),
  },
} as const;

export const addBannerSchema = {
  summary: 'Add a banner (it starts from a prior: cold start)',
  description:
    'Idempotent on `banner_id`: the same banner again answers 200; another title or prior answers 409.',
  body: {
    type: 'object',
    required: ['banner_id'],
    additionalProperties: false,
    properties: { banner_id: { ...id, maxLength: 100 }, title: { type: 'string', maxLength: 500 }, prior },
    examples: [{ banner_id: 'spring-sale', title: 'Spring sale −30 %' }],
  },
  response: {
    201: jsonResponse('Added', banner, undefined),
    200: jsonResponse('Already there, unchanged', banner, undefined),
    ...problemResponses([400, 401, 409, 413, 415, 429]),
  },
} as const;

export const patchBannerSchema = {
  summary: 'Pause, resume or retire a banner (retiring is final), or rename it',
  params: { type: 'object', required: ['id'], properties: { id } },
  body: {
    type: 'object',
    minProperties: 1,
    additionalProperties: false,
    properties: {
      status: { type: 'string', enum: ['active', 'paused', 'retired'] },
      title: { type: 'string', maxLength: 500 },
    },
    examples: [{ status: 'paused' }],
  },
  response: {
    200: jsonResponse('The banner as it is now', banner, undefined),
    ...problemResponses([400, 401, 404, 409, 413, 415, 429], {
      409: { detail: 'banner "b1" is retired: retiring is final (add a new banner instead)' },
    }),
  },
} as const;
