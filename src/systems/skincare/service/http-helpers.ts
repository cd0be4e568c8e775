import type {} from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { ProblemError } from '../../../platform/http/problem.ts';
import type { PhotoAnalysis } from '../contracts.ts';
import { ConsentRequiredError, InvalidInputError, NotFoundError } from './errors.ts';

/** Multipart fields a photo form may carry beside the photo; anything else is a 400. */
const FORM_FIELDS = new Set(['user_id', 'consent_photo_processing', 'consent_keep_history']);

/**
 * Reads a multipart photo form into memory: at most one file (`photo`, up to `maxBytes`) and a
 * few short fields. Every way a form can be wrong answers 4xx naming it (never a 500), and a 400
 * names the form field in `errors[].field` (`body.photo`, `body.<name>`) as the JSON routes do.
 */
export async function readPhotoForm(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ fields: Record<string, string>; photo: Buffer }> {
  if (!request.isMultipart())
    throw new ProblemError({
      status: 415,
      detail: `content type "${request.headers['content-type'] ?? '(none)'}" is not supported: send multipart/form-data with the image in the field "photo"`,
    });
  const fields: Record<string, string> = {};
  let photo: Buffer | undefined;
  try {
    const parts = request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 8, fieldSize: 1000, parts: 10 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'photo')
          throw badField(
            `the file field "${part.fieldname}" is not known: send the image in "photo"`,
            part.fieldname,
            'is not allowed: send the image in "photo"',
          );
        photo = await part.toBuffer();
      } else if (part.fieldname === 'photo') {
        // `-F photo=abc` (no @): the photo came as text, which the field list would call unknown.
        throw badField(
          'the field "photo" must be a file upload (curl: -F photo=@face.jpg), not text',
          'photo',
          'must be a file upload, not text',
        );
      } else {
        if (!FORM_FIELDS.has(part.fieldname))
          throw badField(
            `the field "${part.fieldname}" is not known (fields: photo, ${[...FORM_FIELDS].join(', ')})`,
            part.fieldname,
            'is not allowed (not a field of this request)',
          );
        fields[part.fieldname] = String(part.value);
      }
    }
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'FST_REQ_FILE_TOO_LARGE')
      throw new ProblemError({
        status: 413,
        detail: `the photo is larger than the limit of ${maxBytes} bytes (SKINCARE_MAX_PHOTO_BYTES)`,
      });
    if (code === 'FST_FILES_LIMIT')
      throw badField('send one photo per request', 'photo', 'holds more than one file: send one photo');
    if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT')
      throw badField('the form has too many fields', null, 'has too many fields');
    throw badField(
      `the multipart form could not be read: ${(error as Error).message}`,
      null,
      'is not a readable multipart form',
    );
  }
  if (!photo || photo.length === 0)
    throw badField(
      'send the image in the multipart field "photo"',
      'photo',
      'is required: the image as a file upload',
    );
  return { fields, photo };
}

/** A 400 about the form: `field` is the form field (null: the form as a whole, `body`). */
const badField = (detail: string, field: string | null, message: string) =>
  new ProblemError({
    status: 400,
    detail,
    errors: [{ field: field === null ? 'body' : `body.${field}`, message }],
  });

/** A form's 'true'/'false' (also 'on', '1'); undefined when absent; anything else a 400. */
export function formBoolean(fields: Record<string, string>, name: string): boolean | undefined {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (['true', 'on', '1'].includes(value)) return true;
  if (['false', 'off', '0'].includes(value)) return false;
  throw new ProblemError({
    status: 400,
    detail: `body.${name} must be "true" or "false" (got ${JSON.stringify(value)})`,
    errors: [{ field: `body.${name}`, message: 'must be "true" or "false"' }],
  });
}

/**
 * Where in the request a flow's field was sent: the flow names its own fields (`score`,
 * `questionnaire.skin_type`, `analysis_id`); a problem names them as the platform's validation
 * does (`body.score`). The default is the JSON or form body.
 */
export type FieldLocation = (field: string) => string;
export const inBody: FieldLocation = (field) => `body.${field}`;

/** The flow's typed refusals as problem+json (anything else goes on as the error it is). */
export function asProblem(error: unknown, where: FieldLocation = inBody): unknown {
  if (error instanceof ConsentRequiredError)
    return new ProblemError({ status: 403, title: 'Forbidden', detail: error.message });
  if (error instanceof InvalidInputError) {
    const field = where(error.field);
    const message = error.message.slice(error.field.length + 1);
    return new ProblemError({ status: 400, detail: `${field} ${message}`, errors: [{ field, message }] });
  }
  if (error instanceof NotFoundError)
    return new ProblemError({
      status: 404,
      detail: error.message,
      errors: [{ field: where(error.field), message: error.message }],
    });
  return error;
}

/** Runs a flow call, turning its refusals into problem+json answers (fields located by `where`). */
export async function flowCall<T>(call: () => Promise<T>, where: FieldLocation = inBody): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asProblem(error, where);
  }
}

/**
 * Where a refused import row is in the request: JSON rows by their index in the array (0-based,
 * like the platform's `body.comments.2.text`), CSV rows by their 1-based file line.
 * @example
 * importRowField('body.products', 'json', { row: 2, field: 'price' }); // 'body.products.1.price'
 * importRowField('body.lines', 'csv', { row: 3, field: 'name' }); // 'body.lines.3.name'
 * importRowField('body.lines', 'csv', { row: 1, field: '(header)' }); // 'body.lines.1'
 */
export function importRowField(
  rows: string,
  format: 'csv' | 'json',
  error: { row: number; field: string },
): string {
  const row = `${rows}.${format === 'json' ? error.row - 1 : error.row}`;
  return error.field.startsWith('(') ? row : `${row}.${error.field}`;
}

/** A rejected photo as a 422 problem: each failed check with what to do, and the measures. */
export function rejectionProblem(
  analysisId: string | null,
  analysis: Extract<PhotoAnalysis, { accepted: false }>,
): ProblemError {
  return new ProblemError({
    status: 422,
    title: 'Photo not accepted',
    detail: `the photo was not accepted: ${analysis.failures.map((f) => f.detail).join('; ')}`,
    ...({ analysis_id: analysisId, failures: analysis.failures, measures: analysis.measures } as object),
  });
}
