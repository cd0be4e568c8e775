import AjvCompiler from '@fastify/ajv-compiler';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** A path of the OpenAPI document at /docs/json: its operations by lower-case method. */
export type OpenApiPaths = Record<
  string,
  Record<
    string,
    {
      requestBody?: {
        content: Record<
          string,
          { schema: object; example?: unknown; examples?: Record<string, { value: unknown }> }
        >;
      };
      responses: Record<
        string,
        {
          description: string;
          content?: Record<
            string,
            { schema: object; example?: unknown; examples?: Record<string, { value: unknown }> }
          >;
        }
      >;
    }
  >
>;

// The schemas in the document are OpenAPI 3.0 (`nullable`, `example`): validated strictly —
// no coercion, no removal of unknown fields, every error.
const compile = AjvCompiler()(
  {},
  {
    customOptions: {
      strict: false,
      allErrors: true,
      coerceTypes: false,
      removeAdditional: false,
      useDefaults: false,
    },
  },
);

/** The errors of `value` against `schema` ([] when it conforms). */
export function schemaErrors(schema: object, value: unknown): unknown[] {
  const validate = compile({ schema, method: 'GET', url: '/contract', httpPart: 'body' }) as ((
    v: unknown,
  ) => boolean) & {
    errors?: unknown[];
  };
  return validate(value) ? [] : (validate.errors ?? ['invalid']);
}

/** Every example of a media object (the single `example` and the named `examples`). */
export const examplesOf = (media: {
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}): unknown[] => [
  ...(media.example === undefined ? [] : [media.example]),
  ...Object.values(media.examples ?? {}).map((e) => e.value),
];

/**
 * Checks an answer against what /docs says of it: its status is listed for the route, its
 * content type is documented, and its body conforms to that schema. Records what it saw.
 */
export function expectDocumented(
  paths: OpenApiPaths,
  seen: Set<string>,
  method: string,
  template: string,
  response: LightMyRequestResponse,
): void {
  const operation = paths[template]?.[method.toLowerCase()];
  expect(operation, `${method} ${template} is not in /docs`).toBeDefined();
  const status = String(response.statusCode);
  const documented = operation!.responses[status];
  expect(documented, `${method} ${template} answered ${status}, which /docs does not list`).toBeDefined();
  const mediaType = String(response.headers['content-type']).split(';')[0]!;
  const media = documented!.content?.[mediaType];
  expect(
    media,
    `${method} ${template} ${status} answered ${mediaType}, which /docs does not list`,
  ).toBeDefined();
  expect(
    schemaErrors(media!.schema, JSON.parse(response.body)),
    `${method} ${template} ${status}: ${response.body}`,
  ).toEqual([]);
  seen.add(`${method} ${template} ${status}`);
}
