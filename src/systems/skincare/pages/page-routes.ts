import type {} from '@fastify/rate-limit';
import multipart from '@fastify/multipart';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { staticFile } from '../../../platform/dashboard/assets.ts';
import { ProblemError, sendProblem } from '../../../platform/http/problem.ts';
import { packagePath } from '../../../platform/package-root.ts';
import type { Consent, Questionnaire } from '../contracts.ts';
import { feedbackOutcome } from '../service/flow-rows.ts';
import { flowCall, readPhotoForm } from '../service/http-helpers.ts';
import { analyseForm, type SkincareCore } from '../service/routes.ts';
import { privacyNotice } from './texts.ts';

/** The browser's anonymous id: a random UUID in a cookie, the user id 'web:<uuid>'. */
export const WEB_ID_COOKIE = 'mlsd_skincare_id';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const ONE_YEAR_S = 365 * 24 * 3600;

// The page's files are read from the sources, also when the code runs compiled from dist/.
const CLIENT = (file: string) => packagePath('src/systems/skincare/pages/client', file);
const FILES: Record<string, () => { body: Buffer; type: string }> = {
  '': staticFile(CLIENT('index.html'), 'text/html; charset=utf-8'),
  'page.client.js': staticFile(CLIENT('page.client.js'), 'text/javascript; charset=utf-8'),
  'page.css': staticFile(CLIENT('page.css'), 'text/css; charset=utf-8'),
};

export interface PageOptions {
  /** The disclaimer every answer carries (recommend/). */
  disclaimer: string;
}

/**
 * The web page at /skincare: a plain HTML page and a small script (no bundler) over the same flow
 * as the API and the bot. Its endpoints under /skincare/api/* are open (no API key) but limited
 * per IP, and know the browser only by an anonymous random id kept in a cookie.
 */
export async function skincarePages(
  app: FastifyInstance,
  core: SkincareCore,
  options: PageOptions,
): Promise<void> {
  const open = { config: { auth: 'public' as const }, schema: { hide: true } };
  for (const [file, read] of Object.entries(FILES)) {
    app.get(`/${file}`, open, async (_request, reply) => {
      const { body, type } = read();
      return reply.type(type).header('cache-control', 'no-cache').send(body);
    });
  }

  await app.register(
    async (api) => {
      await api.register(multipart);
      const limiter = api.createRateLimit({
        max: core.config.SKINCARE_PAGE_RATE_LIMIT_PER_MINUTE,
        timeWindow: 60_000,
        keyGenerator: (request) => `skincare-page:${request.ip}`,
        allowList: () => false,
      });
      api.addHook('onRequest', async (request, reply) => {
        const verdict = await limiter(request);
        if (!verdict.isAllowed && verdict.isExceeded)
          return sendProblem(reply.header('retry-after', String(verdict.ttlInSeconds)), {
            status: 429,
            detail: `more than ${verdict.max} requests a minute from this address; retry after ${verdict.ttlInSeconds} s`,
          });
      });

      /** The browser's user id; a new browser gets its cookie here. */
      const userOf = (request: FastifyRequest, reply: FastifyReply): string => {
        let id = request.cookies[WEB_ID_COOKIE];
        if (!id || !UUID.test(id)) {
          id = randomUUID();
          reply.setCookie(WEB_ID_COOKIE, id, {
            path: '/skincare',
            httpOnly: true,
            sameSite: 'strict',
            secure: core.config.SKINCARE_COOKIE_SECURE,
            maxAge: ONE_YEAR_S,
          });
        }
        return `web:${id}`;
      };
      const json = (required: string[], properties: Record<string, unknown>) => ({
        ...open,
        schema: {
          hide: true,
          body: { type: 'object', required, additionalProperties: false, properties },
        },
      });

      api.post('/start', open, async (request, reply) => {
        const consent = await core.flow.start(userOf(request, reply));
        return {
          consent,
          disclaimer: options.disclaimer,
          privacy: privacyNotice(core.config.SKINCARE_HISTORY_TTL_MS),
        };
      });

      api.post(
        '/consent',
        json(['photo_processing', 'keep_history'], {
          photo_processing: { type: 'boolean' },
          keep_history: { type: 'boolean' },
        }),
        async (request, reply) => {
          const consent = request.body as Consent;
          await core.flow.setConsent(userOf(request, reply), consent);
          return { consent };
        },
      );

      api.post(
        '/analyses',
        { ...open, bodyLimit: core.config.SKINCARE_MAX_PHOTO_BYTES + 64 * 1024 },
        async (request, reply) => {
          const userId = userOf(request, reply);
          const { fields, photo } = await readPhotoForm(request, core.config.SKINCARE_MAX_PHOTO_BYTES);
          if (fields.user_id !== undefined)
            throw new ProblemError({
              status: 400,
              detail: 'the page knows you by its cookie: send no user_id',
              errors: [
                { field: 'body.user_id', message: 'is not allowed (the page knows you by its cookie)' },
              ],
            });
          return reply.code(201).send(await analyseForm(core, userId, fields, photo));
        },
      );

      api.post(
        '/recommendations',
        json(['questionnaire'], {
          questionnaire: { type: 'object' },
          analysis_id: { type: 'string', maxLength: 200 },
        }),
        async (request, reply) => {
          const body = request.body as { questionnaire: Questionnaire; analysis_id?: string };
          const userId = userOf(request, reply);
          const answer = await flowCall(() =>
            core.flow.recommend(userId, body.questionnaire, body.analysis_id),
          );
          return reply.code(201).send(answer);
        },
      );

      api.post(
        '/feedback',
        json(['recommendation_id', 'score'], {
          recommendation_id: { type: 'string', minLength: 1, maxLength: 200 },
          score: { type: 'integer', minimum: 1, maximum: 10 },
          comment: { type: 'string', maxLength: 2000 },
        }),
        async (request, reply) => {
          const body = request.body as { recommendation_id: string; score: number; comment?: string };
          const userId = userOf(request, reply);
          const reading = await feedbackOutcome(core.db, body.recommendation_id, body.score, body.comment);
          await flowCall(() => core.flow.feedback(userId, body.recommendation_id, body.score, body.comment));
          return reply
            .code(reading.outcome === 'created' ? 201 : 200)
            .send({ recommendation_id: body.recommendation_id, score: body.score, ...reading });
        },
      );

      api.get('/history', open, async (request, reply) => core.flow.history(userOf(request, reply)));

      api.delete('/me', open, async (request, reply) => {
        const deleted = await core.flow.eraseUser(userOf(request, reply));
        reply.clearCookie(WEB_ID_COOKIE, { path: '/skincare' });
        return { deleted };
      });
    },
    { prefix: '/api' },
  );
}
