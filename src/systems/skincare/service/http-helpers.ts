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
    detail: `${name} must be "true" or "false" (got ${JSON.stringify(value)})`,
    errors: [{ field: name, message: 'must be "true" or "false"' }],
  });
}

/** The flow's typed refusals as problem+json (anything else goes on as the error it is). */
export function asProblem(error: unknown): unknown {
  if (error instanceof ConsentRequiredError)
    return new ProblemError({ status: 403, title: 'Forbidden', detail: error.message });
  if (error instanceof InvalidInputError)
    return new ProblemError({
      status: 400,
      detail: error.message,
      errors: [{ field: error.field, message: error.message.slice(error.field.length + 1) }],
    });
  if (error instanceof NotFoundError)
    return new ProblemError({
      status: 404,
      detail: error.message,
      errors: [{ field: error.field, message: error.message }],
    });
  return error;
}

/** Runs a flow call, turning its refusals into problem+json answers. */
export async function flowCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asProblem(error);
  }
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
