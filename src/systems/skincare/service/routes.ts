import multipart from '@fastify/multipart';
import type { FastifyInstance } from 'fastify';
import type { ExperimentDefinition } from '../../../platform/experiments/assignment.ts';
import { sendResponsesAsBuilt } from '../../../platform/http/openapi.ts';
import { ProblemError } from '../../../platform/http/problem.ts';
import type { Consent, Questionnaire, SkincareFlow } from '../contracts.ts';
import {
  analysesSchema,
  catalogSchema,
  consentSchema,
  eraseSchema,
  feedbackSchema,
  historySchema,
  importSchema,
  recommendationsSchema,
} from './api-schemas.ts';
import { importCatalog, listImports, type CatalogImporter, type ImportBody } from './catalog-import.ts';
import type { CatalogView } from './catalog-view.ts';
import type { SkincareServiceConfig } from './config.ts';
import { docsOnlyBodyValidator } from './api-bodies.ts';
import { feedbackOutcome } from './flow-rows.ts';
import { flowCall, formBoolean, importRowField, readPhotoForm, rejectionProblem } from './http-helpers.ts';
import type { SkincareDb } from './tables.ts';

/** What the routes (the API and the page) work on. */
export interface SkincareCore {
  db: SkincareDb;
  flow: SkincareFlow;
  catalog: CatalogView;
  importer: CatalogImporter;
  config: SkincareServiceConfig;
  clock: () => number;
  /** The pilot's experiment (A baseline / B model) the flow assigns users by. */
  experiment: ExperimentDefinition;
}

/**
 * Stores the consent a form carries (both fields or one; the other keeps its stored value), then
 * analyses the photo; a rejected photo is a 422 problem with the failures and retake advice.
 */
export async function analyseForm(
  core: SkincareCore,
  userId: string,
  fields: Record<string, string>,
  photo: Buffer,
) {
  const photoConsent = formBoolean(fields, 'consent_photo_processing');
  const keepConsent = formBoolean(fields, 'consent_keep_history');
  if (photoConsent !== undefined || keepConsent !== undefined) {
    const current = await core.db
      .selectFrom('skincare_users')
      .select(['consent_photo_processing', 'consent_keep_history'])
      .where('user_id', '=', userId)
      .executeTakeFirst();
    await core.flow.setConsent(userId, {
      photo_processing: photoConsent ?? current?.consent_photo_processing === 1,
      keep_history: keepConsent ?? current?.consent_keep_history === 1,
    });
  }
  const { analysis_id, analysis } = await flowCall(() => core.flow.analyse(userId, photo));
  if (!analysis.accepted) throw rejectionProblem(analysis_id, analysis);
  return { analysis_id, ...analysis };
}

/** The skincare HTTP surface under /v1/skincare (API keys, rate limit and problem+json from the platform). */
export async function skincareRoutes(app: FastifyInstance, core: SkincareCore): Promise<void> {
  sendResponsesAsBuilt(app);
  await app.register(multipart);
  // Partner catalogs come as CSV too; the body limit is the import's own.
  app.addContentTypeParser(
    ['text/csv', 'application/csv'],
    { parseAs: 'string', bodyLimit: core.config.SKINCARE_MAX_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/analyses',
    {
      schema: analysesSchema,
      validatorCompiler: docsOnlyBodyValidator,
      bodyLimit: core.config.SKINCARE_MAX_PHOTO_BYTES + 64 * 1024,
    },
    async (request, reply) => {
      const { fields, photo } = await readPhotoForm(request, core.config.SKINCARE_MAX_PHOTO_BYTES);
      const userId = fields.user_id?.trim();
      if (!userId)
        throw new ProblemError({
          status: 400,
          detail: 'send user_id in the form',
          errors: [{ field: 'body.user_id', message: 'is required' }],
        });
      return reply.code(201).send(await analyseForm(core, userId, fields, photo));
    },
  );

  app.put('/users/:id/consent', { schema: consentSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const consent = request.body as Consent;
    await core.flow.setConsent(id, consent);
    return { user_id: id, ...consent };
  });

  app.post('/recommendations', { schema: recommendationsSchema }, async (request, reply) => {
    const body = request.body as { user_id: string; questionnaire: Questionnaire; analysis_id?: string };
    const answer = await flowCall(() =>
      core.flow.recommend(body.user_id, body.questionnaire, body.analysis_id),
    );
    return reply.code(201).send(answer);
  });

  app.post('/feedback', { schema: feedbackSchema }, async (request, reply) => {
    const body = request.body as {
      recommendation_id: string;
      score: number;
      comment?: string;
      user_id?: string;
    };
    const owner = await core.db
      .selectFrom('skincare_recommendations')
      .select('user_id')
      .where('recommendation_id', '=', body.recommendation_id)
      .executeTakeFirst();
    if (!owner || (body.user_id !== undefined && body.user_id !== owner.user_id))
      throw new ProblemError({
        status: 404,
        detail: `no recommendation "${body.recommendation_id}"${body.user_id !== undefined ? ` of user "${body.user_id}"` : ''}`,
        errors: [{ field: 'body.recommendation_id', message: 'names no recommendation' }],
      });
    const reading = await feedbackOutcome(core.db, body.recommendation_id, body.score, body.comment);
    await flowCall(() => core.flow.feedback(owner.user_id, body.recommendation_id, body.score, body.comment));
    return reply
      .code(reading.outcome === 'created' ? 201 : 200)
      .send({ recommendation_id: body.recommendation_id, score: body.score, ...reading });
  });

  app.delete('/users/:id', { schema: eraseSchema }, async (request) => {
    const { id } = request.params as { id: string };
    return { user_id: id, deleted: await core.flow.eraseUser(id) };
  });

  app.get('/users/:id/history', { schema: historySchema }, async (request) => {
    const { id } = request.params as { id: string };
    return { user_id: id, ...(await core.flow.history(id)) };
  });

  app.post(
    '/catalog/imports',
    {
      schema: importSchema,
      validatorCompiler: docsOnlyBodyValidator,
      bodyLimit: core.config.SKINCARE_MAX_IMPORT_BYTES,
    },
    async (request, reply) => {
      const query = request.query as { brand?: string };
      let brand = query.brand;
      let body: ImportBody;
      // Where the brand and the rows were sent, for the problems' errors[].field.
      let brandField = 'querystring.brand';
      let rowsField = 'body.lines';
      if (typeof request.body === 'string') body = { format: 'csv', text: request.body };
      else {
        const json = request.body as { brand?: unknown; products?: unknown } | unknown[] | null;
        const rows = Array.isArray(json) ? json : json?.products;
        if (!Array.isArray(rows))
          throw new ProblemError({
            status: 400,
            detail: 'send {"brand": …, "products": [ … ]} as JSON, or text/csv with ?brand=…',
            errors: [{ field: 'body.products', message: 'must be an array of product rows' }],
          });
        if (!Array.isArray(json) && typeof json?.brand === 'string') brand = brand ?? json.brand;
        if (query.brand === undefined && !Array.isArray(json)) brandField = 'body.brand';
        rowsField = Array.isArray(json) ? 'body' : 'body.products';
        body = { format: 'json', rows };
      }
      const result = await flowCall(
        () => importCatalog(core.db, core.catalog, core.importer, brand, body, core.clock()),
        (field) => (field === 'brand' ? brandField : `body.${field}`),
      );
      // Nothing imported is a failed import, whatever the rows said: the problem lists why.
      if (result.accepted === 0)
        throw new ProblemError({
          status: 422,
          title: 'No product imported',
          detail: `none of the rows was accepted (${result.rejected} refused): fix the rows listed in errors`,
          errors: result.errors.map((e) => ({
            field: importRowField(rowsField, body.format, e),
            message: e.message,
          })),
          ...({ import_id: result.import_id, brand: result.brand } as object),
        });
      return reply.code(result.repeated ? 200 : 201).send(result);
    },
  );

  app.get('/catalog', { schema: catalogSchema }, async () => {
    const sources = await core.catalog.report();
    const total = sources.reduce((sum, s) => sum + s.products, 0);
    const tokens = sources.reduce((sum, s) => sum + s.ingredient_tokens, 0);
    const matched = sources.reduce((sum, s) => sum + s.matched_tokens, 0);
    return {
      products: total,
      sources,
      match: {
        ingredient_tokens: tokens,
        matched_tokens: matched,
        match_rate: tokens ? matched / tokens : null,
      },
      imports: await listImports(core.db),
    };
  });
}
