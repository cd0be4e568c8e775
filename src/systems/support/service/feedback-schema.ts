import { jsonResponse, problemResponses } from '../../../platform/http/openapi.ts';
import { timestamp } from './api-schemas.ts';

/** The schema of POST /v1/feedback: one reaction counts per comment (see recordFeedback). */

export const REACTIONS = ['helpful', 'not_needed', 'unsubscribe'] as const;

const feedbackResult = {
  type: 'object',
  required: ['comment_id', 'reaction', 'outcome', 'recorded'],
  additionalProperties: false,
  properties: {
    comment_id: { type: 'string' },
    reaction: { type: 'string', enum: REACTIONS, description: 'the reaction in force for the comment now' },
    outcome: {
      type: 'string',
      enum: ['created', 'replaced', 'unchanged'],
      description:
        'one reaction counts per comment: the latest replaces an earlier one, except that an unsubscribe is final',
    },
    replaced: { type: 'string', enum: REACTIONS, description: 'the reaction this one replaced' },
    recorded: { type: 'boolean', description: 'whether this request changed the stored reaction' },
  },
} as const;

export const feedbackSchema = {
  summary: "The recipient's reaction to a support message",
  description:
    'One reaction counts per comment (monitoring precision, pilot outcomes): the first is created (201), a different later one replaces it (200, `replaced`), the same again changes nothing (200, `unchanged`). `unsubscribe` always unsubscribes the user and is final for the comment.',
  body: {
    type: 'object',
    required: ['comment_id', 'reaction'],
    additionalProperties: false,
    properties: {
      comment_id: { type: 'string', minLength: 1, maxLength: 200 },
      reaction: { type: 'string', enum: REACTIONS },
      reacted_at: {
        ...timestamp,
        description: 'when the recipient reacted (default: now); pilot analyses bucket outcomes by it',
      },
    },
    examples: [{ comment_id: 'c1', reaction: 'helpful' }],
  },
  response: {
    201: jsonResponse('The first reaction to this message', feedbackResult, {
      comment_id: 'c1',
      reaction: 'helpful',
      outcome: 'created',
      recorded: true,
    }),
    200: jsonResponse('A later reaction: it replaced the earlier one, or changed nothing', feedbackResult, {
      comment_id: 'c1',
      reaction: 'not_needed',
      outcome: 'replaced',
      replaced: 'helpful',
      recorded: true,
    }),
    ...problemResponses([400, 401, 404, 413, 415, 429], {
      404: { detail: 'no support message was sent for comment "c1"' },
      400: {
        detail: 'body.reaction must be equal to one of the allowed values',
        errors: [{ field: 'body.reaction', message: 'must be equal to one of the allowed values' }],
      },
    }),
  },
} as const;
