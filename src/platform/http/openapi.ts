import type { FastifyInstance } from 'fastify';
import { STATUS_TITLES } from './problem.ts';

/**
 * Building blocks for the OpenAPI document at /docs: response schemas with examples, in the form
 * @fastify/swagger turns into OpenAPI 3.0 (`content` per media type, `example` beside `schema`),
 * so that every route lists the codes it really answers with and "Try it out" shows real bodies.
 */

/** The statuses the platform answers with as application/problem+json. */
export type ProblemStatus = 400 | 401 | 404 | 409 | 413 | 415 | 429;

/** JSON Schema of an RFC 9457 problem document (see `Problem` in problem.ts). */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  additionalProperties: false,
  properties: {
    type: { type: 'string', description: '`about:blank`: the status says what kind of problem it is' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string', description: 'a sentence naming what is wrong and where' },
    errors: {
      type: 'array',
      description: 'each invalid part of the request',
      items: {
        type: 'object',
        required: ['field', 'message'],
        additionalProperties: false,
        properties: {
          field: { type: 'string', description: 'where, e.g. `body.comments.2.text`' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const WHEN: Record<ProblemStatus, string> = {
  400: 'The request is invalid; `errors` names each field and what is wrong with it',
  401: 'No API key in `x-api-key`, or one that is not valid',
  404: 'Nothing with that id',
  409: 'The id was used before with different content (idempotent requests must repeat it exactly)',
  413: 'The body is larger than the limit (`MLSD_BODY_LIMIT_BYTES`)',
  415: 'The body is not `application/json`',
  429: 'Past the per-key rate limit (`MLSD_RATE_LIMIT_PER_MINUTE`); retry after `Retry-After` seconds',
};

const DEFAULT_DETAIL: Record<ProblemStatus, string> = {
  400: 'body.name must be string',
  401: 'send an API key in the x-api-key header',
  404: 'no item with id "x1"',
  409: 'x1 was already received with different content',
  413: 'the body is larger than the limit of 2097152 bytes',
  415: 'content type "text/plain" is not supported: send application/json',
  429: 'rate limit of 120000 requests per minute exceeded; retry after 1 minute',
};

/** A documented problem+json answer per status, with an example; `details` overrides its detail. */
export function problemResponses(
  statuses: readonly ProblemStatus[],
  details: Partial<
    Record<ProblemStatus, { detail: string; errors?: { field: string; message: string }[] }>
  > = {},
): Record<string, unknown> {
  return Object.fromEntries(
    statuses.map((status) => {
      const example = {
        type: 'about:blank',
        title: STATUS_TITLES[status]!,
        status,
        ...(details[status] ?? { detail: DEFAULT_DETAIL[status] }),
      };
      return [
        String(status),
        {
          description: WHEN[status],
          ...(status === 429
            ? {
                headers: {
                  'retry-after': { type: 'string', description: 'seconds until a retry may succeed' },
                },
              }
            : {}),
          content: { 'application/problem+json': { schema: problemSchema, example } },
        },
      ];
    }),
  );
}

/** A documented JSON answer: what it means, its schema and an example body. */
export function jsonResponse(description: string, schema: object, example: unknown): Record<string, unknown> {
  return { description, content: { 'application/json': { schema, example } } };
}

/**
 * Sends a scope's answers as its handlers built them (JSON.stringify), so response schemas only
 * document them: fast-json-stringify would silently drop a field a schema forgot, and the
 * answers stay byte-identical to the ones before the schemas existed. Contract tests check the
 * answers against the documented schemas instead.
 */
export function sendResponsesAsBuilt(scope: FastifyInstance): void {
  scope.setSerializerCompiler(() => (data) => JSON.stringify(data));
}
