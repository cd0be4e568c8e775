import { jsonResponse, problemResponses } from '../../../platform/http/openapi.ts';
import { limitParameter } from '../../../platform/http/query.ts';
import { MAX_CHARS } from '../model/support-model.ts';

/**
 * The support API's request and response schemas. Fastify validates requests with them and
 * @fastify/swagger turns them into /docs: every shape here has an OpenAPI 3.0 form (`oneOf`, not
 * if/then/else), every route lists the codes it answers with, and each body has an example.
 */

export const MESSAGES_LIMIT = limitParameter(1000);

export const nullable = <T extends object>(schema: T) => ({ ...schema, nullable: true }) as const;
export const timestamp = { type: 'string', format: 'date-time' } as const;
const COMMENT_STATES = ['received', 'classified', 'sent', 'skipped', 'dead_lettered'] as const;

const comment = {
  type: 'object',
  required: ['comment_id', 'user_id', 'text'],
  additionalProperties: false,
  properties: {
    comment_id: {
      type: 'string',
      minLength: 1,
      maxLength: 200,
      description: 'your id for the comment; posting it again with the same content is a no-op',
    },
    user_id: { type: 'string', minLength: 1, maxLength: 200 },
    text: {
      type: 'string',
      description: `any length within the body limit; past ${MAX_CHARS.toLocaleString('en')} characters it is scored on its start (\`truncated: true\`)`,
    },
    created_at: { ...timestamp, description: 'when the user wrote it (optional)' },
  },
} as const;

const SAD_COMMENT = {
  comment_id: 'c1',
  user_id: 'u1',
  text: 'My dog passed away this morning and I cannot stop crying',
  created_at: '2025-05-01T09:30:00Z',
};
const HAPPY_COMMENT = { comment_id: 'c2', user_id: 'u2', text: 'This is awesome, thank you so much!' };

const acceptedComment = {
  type: 'object',
  required: ['comment_id', 'state', 'reason'],
  additionalProperties: false,
  properties: {
    comment_id: { type: 'string' },
    state: {
      type: 'string',
      enum: [...COMMENT_STATES, 'duplicate_in_batch'],
      description:
        '`received` when new; the current state when the id was posted before with the same content; `duplicate_in_batch` for a repeat of an earlier item of the same batch (see `duplicate_of`)',
    },
    reason: nullable({ type: 'string', description: 'why it was skipped or dead-lettered' }),
    duplicate_of: { type: 'integer', description: 'index of the item this one repeats' },
  },
} as const;

export const postCommentsSchema = {
  summary: 'Submit one comment, or a batch of up to 1,000 as {"comments": [...]}',
  description:
    'Idempotent on `comment_id`: the same content again answers 202 with the current state; the same id with another `text` or `user_id` answers 409. A batch is stored all or nothing. Fields not listed are rejected (400).',
  body: {
    oneOf: [
      { ...comment, title: 'one comment' },
      {
        title: 'a batch',
        type: 'object',
        required: ['comments'],
        additionalProperties: false,
        properties: { comments: { type: 'array', minItems: 1, maxItems: 1000, items: comment } },
      },
    ],
    // Shown in /docs as example1 (one comment) and example2 (a batch); ajv's strict mode refuses
    // the named form (`x-examples`).
    examples: [SAD_COMMENT, { comments: [SAD_COMMENT, HAPPY_COMMENT] }],
  },
  response: {
    202: {
      description: 'Stored with its queue job (both on disk); classified and answered in the background',
      content: {
        'application/json': {
          schema: {
            oneOf: [
              { ...acceptedComment, title: 'one comment' },
              {
                title: 'a batch, in the order sent',
                type: 'object',
                required: ['comments'],
                additionalProperties: false,
                properties: { comments: { type: 'array', items: acceptedComment } },
              },
            ],
          },
          examples: {
            'one comment': { value: { comment_id: 'c1', state: 'received', reason: null } },
            'a batch': {
              value: {
                comments: [
                  { comment_id: 'c1', state: 'sent', reason: null },
                  { comment_id: 'c2', state: 'received', reason: null },
                ],
              },
            },
          },
        },
      },
    },
    ...problemResponses([400, 401, 409, 413, 415, 429], {
      400: {
        detail: 'body.comments.0.text is required',
        errors: [{ field: 'body.comments.0.text', message: 'is required' }],
      },
      409: {
        detail: 'comment "c1" was already received with a different text',
        errors: [{ field: 'body.text', message: 'differs from the text stored for comment "c1"' }],
      },
    }),
  },
} as const;

const message = {
  type: 'object',
  required: ['text', 'emotion', 'status', 'destination', 'attempts', 'last_error', 'sent_at'],
  additionalProperties: false,
  properties: {
    text: { type: 'string' },
    emotion: { type: 'string' },
    status: { type: 'string', enum: ['pending', 'sent', 'dead_lettered'] },
    destination: nullable({ type: 'string', description: 'the replies API URL, or `embedded-sink`' }),
    attempts: { type: 'integer' },
    last_error: nullable({ type: 'string' }),
    sent_at: nullable(timestamp),
  },
} as const;

const commentState = {
  type: 'object',
  additionalProperties: false,
  required: [
    'comment_id',
    'user_id',
    'state',
    'reason',
    'probabilities',
    'needs_support',
    'decision_source',
    'explanation',
    'language',
    'truncated',
    'model_version',
    'received_at',
    'decided_at',
    'finished_at',
    'message',
  ],
  properties: {
    comment_id: { type: 'string' },
    user_id: { type: 'string' },
    state: { type: 'string', enum: COMMENT_STATES },
    reason: nullable({ type: 'string', description: 'why it was skipped or dead-lettered' }),
    probabilities: nullable({
      type: 'object',
      description: 'calibrated probability of each mood group',
      additionalProperties: { type: 'number' },
    }),
    needs_support: nullable({ type: 'boolean' }),
    // OpenAPI 3.0: a nullable enum lists null among its values.
    decision_source: nullable({ type: 'string', enum: ['model', 'baseline_fallback', null] }),
    explanation: nullable({
      type: 'array',
      description: 'the n-grams that pushed the negative score most (only for a flagged comment)',
      items: {
        type: 'object',
        required: ['feature', 'contribution'],
        additionalProperties: false,
        properties: { feature: { type: 'string' }, contribution: { type: 'number' } },
      },
    }),
    language: nullable({ type: 'string' }),
    truncated: {
      type: 'boolean',
      description: `the text is longer than ${MAX_CHARS.toLocaleString('en')} characters and is scored on its start`,
    },
    model_version: nullable({ type: 'string' }),
    received_at: timestamp,
    decided_at: nullable(timestamp),
    finished_at: nullable(timestamp),
    message: nullable(message),
  },
} as const;

export const getCommentSchema = {
  summary: 'State, decision, explanation and message of one comment',
  params: {
    type: 'object',
    required: ['id'],
    properties: { id: { type: 'string', description: 'the comment_id' } },
  },
  response: {
    200: jsonResponse('The comment as the service sees it now', commentState, {
      comment_id: 'c1',
      user_id: 'u1',
      state: 'sent',
      reason: null,
      probabilities: { ambiguous: 0.08, negative: 0.93, neutral: 0.05, positive: 0.02 },
      needs_support: true,
      decision_source: 'model',
      explanation: [
        { feature: 'w:crying', contribution: 1.21 },
        { feature: 'w:passed away', contribution: 0.87 },
      ],
      language: 'en',
      truncated: false,
      model_version: 'support-v1#1',
      received_at: '2025-05-01T09:30:01.000Z',
      decided_at: '2025-05-01T09:30:01.020Z',
      finished_at: '2025-05-01T09:30:01.050Z',
      message: {
        text: 'I am so sorry for your loss. Take all the time you need.',
        emotion: 'grief',
        status: 'sent',
        destination: 'embedded-sink',
        attempts: 1,
        last_error: null,
        sent_at: '2025-05-01T09:30:01.050Z',
      },
    }),
    ...problemResponses([401, 404, 429], { 404: { detail: 'no comment with id "c1"' } }),
  },
} as const;

const sentMessage = {
  type: 'object',
  required: ['comment_id', 'user_id', 'message', 'emotion', 'model_version', 'destination', 'sent_at'],
  additionalProperties: false,
  properties: {
    comment_id: { type: 'string' },
    user_id: { type: 'string' },
    message: { type: 'string' },
    emotion: { type: 'string' },
    model_version: { type: 'string' },
    destination: nullable({ type: 'string' }),
    sent_at: nullable(timestamp),
  },
} as const;

export const listMessagesSchema = {
  summary: 'Messages recorded by the embedded sink (newest first)',
  querystring: { type: 'object', properties: { limit: MESSAGES_LIMIT.schema } },
  response: {
    200: jsonResponse(
      'Sent messages, newest first',
      {
        type: 'object',
        required: ['messages'],
        additionalProperties: false,
        properties: { messages: { type: 'array', items: sentMessage } },
      },
      {
        messages: [
          {
            comment_id: 'c1',
            user_id: 'u1',
            message: 'I am so sorry for your loss. Take all the time you need.',
            emotion: 'grief',
            model_version: 'support-v1#1',
            destination: 'embedded-sink',
            sent_at: '2025-05-01T09:30:01.050Z',
          },
        ],
      },
    ),
    ...problemResponses([400, 401, 429], {
      400: {
        detail: 'limit must be an integer from 1 to 1000 (got "0")',
        errors: [{ field: 'querystring.limit', message: 'limit must be an integer from 1 to 1000' }],
      },
    }),
  },
} as const;
