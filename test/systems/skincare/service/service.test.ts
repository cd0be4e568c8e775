// The skincare API over a real host (store, catalog, suitability model, knowledge base, ranking,
// photo gate) on SQLite and on PostgreSQL: every route's happy path and its bad input.
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USER_TABLES } from '../../../../src/systems/skincare/service/tables.ts';
import { postgresReachable, testDatabase } from '../../../postgres-helpers.ts';
import { headers, multipartBody, servingParts, startSkincareHost, type SkincareTestHost } from './helpers.ts';

const pgUp = await postgresReachable();
const database = testDatabase('mlsd_skincare_service');
beforeAll(async () => {
  if (pgUp) await database.create();
  await servingParts(); // the catalog and model, once for both dialects
}, 240_000);
afterAll(() => (pgUp ? database.drop() : undefined));

const oily = { skin_type: 'oily', sensitive: false, goals: ['acne', 'oiliness'] };

/** A plain grey JPEG: decodable, but no face in it. */
const greyJpeg = () =>
  sharp({ create: { width: 640, height: 640, channels: 3, background: { r: 128, g: 120, b: 110 } } })
    .jpeg()
    .toBuffer();

describe.each([
  { dialect: 'sqlite', env: {} as Record<string, string>, run: true },
  { dialect: 'postgres', env: { DATABASE_URL: database.url }, run: pgUp },
])(
  'skincare API on $dialect',
  ({ env, run }) => {
    let t: SkincareTestHost;
    beforeAll(async () => {
      if (run) t = await startSkincareHost({ ...env, SKINCARE_PILOT_SALT: 'test-salt' });
    }, 120_000);
    afterAll(() => t?.host.close());

    const analyse = (fields: Record<string, string>, file?: Parameters<typeof multipartBody>[1]) => {
      const body = multipartBody(fields, file);
      return t.host.app
        .inject({
          method: 'POST',
          url: '/v1/skincare/analyses',
          headers: { ...headers, ...body.headers },
          payload: body.payload,
        })
        .then((r) => ({
          status: r.statusCode,
          body: r.json() as Record<string, unknown>,
          type: String(r.headers['content-type']),
        }));
    };

    it.runIf(run)(
      'recommends a routine with the disclaimer, logs the arm once, and takes a 1–10 rating',
      async () => {
        const answer = await t.call('POST', '/v1/skincare/recommendations', {
          user_id: 'u1',
          questionnaire: oily,
        });
        expect(answer.status).toBe(201);
        const body = answer.body as {
          recommendation_id: string;
          arm: string;
          disclaimer: string;
          red_flag: null;
          routine: { am: { step: string; why: string[] }[]; pm: unknown[] };
        };
        expect(body.disclaimer).toMatch(/not medical advice/);
        expect(body.red_flag).toBeNull();
        expect(body.routine.am.map((s) => s.step)).toContain('sunscreen');
        expect(body.routine.am.every((s) => s.why.length > 0)).toBe(true);
        expect(['A', 'B']).toContain(body.arm);
        // The same user again: the same arm, still one exposure.
        const again = await t.call('POST', '/v1/skincare/recommendations', {
          user_id: 'u1',
          questionnaire: oily,
        });
        expect(again.body.arm).toBe(body.arm);
        const db = t.db;
        const exposures = await db
          .selectFrom('experiment_exposures')
          .selectAll()
          .where('unit_id', '=', 'u1')
          .execute();
        expect(exposures).toEqual([expect.objectContaining({ experiment: 'skincare-pilot', arm: body.arm })]);

        const rated = await t.call('POST', '/v1/skincare/feedback', {
          recommendation_id: body.recommendation_id,
          score: 8,
          comment: 'clear',
        });
        expect(rated).toMatchObject({ status: 201, body: { score: 8, outcome: 'created' } });
        // A second rating replaces the first, in the feedback table and the pilot's outcome log.
        const replaced = await t.call('POST', '/v1/skincare/feedback', {
          recommendation_id: body.recommendation_id,
          score: 9,
        });
        expect(replaced).toMatchObject({ status: 200, body: { score: 9, outcome: 'replaced' } });
        const same = await t.call('POST', '/v1/skincare/feedback', {
          recommendation_id: body.recommendation_id,
          score: 9,
        });
        expect(same).toMatchObject({ status: 200, body: { score: 9, outcome: 'unchanged' } });
        const feedback = await db.selectFrom('skincare_feedback').selectAll().execute();
        expect(feedback.map((f) => f.score)).toEqual([9]);
        const outcome = await db
          .selectFrom('experiment_events')
          .select(['value'])
          .where('event', '=', 'feedback')
          .execute();
        expect(outcome.map((o) => Number(o.value))).toEqual([9]);
        const funnel = await db
          .selectFrom('skincare_funnel_events')
          .select('step')
          .where('user_id', '=', 'u1')
          .execute();
        // An API user never calls flow.start: the first recommendation records 'started', once.
        expect(new Set(funnel.map((f) => f.step))).toEqual(
          new Set(['started', 'questionnaire', 'routine', 'feedback']),
        );
        expect(funnel.filter((f) => f.step === 'started')).toHaveLength(1);
      },
    );

    it.runIf(run)(
      "documents its routes in the OpenAPI document, and not the page's open endpoints",
      async () => {
        const docs = (await t.host.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
          paths: Record<string, Record<string, { tags?: string[] }>>;
        };
        const paths = Object.keys(docs.paths);
        for (const path of [
          '/v1/skincare/analyses',
          '/v1/skincare/recommendations',
          '/v1/skincare/feedback',
          '/v1/skincare/users/{id}',
          '/v1/skincare/catalog/imports',
          '/v1/skincare/catalog',
        ])
          expect(paths).toContain(path);
        expect(paths.filter((p) => p.startsWith('/skincare'))).toEqual([]);
        expect(docs.paths['/v1/skincare/analyses']!.post!.tags).toEqual(['skincare']);
        // The bodies the handlers read themselves are declared, so "Try it out" can send them.
        type Schema = {
          type?: string;
          format?: string;
          description?: string;
          properties?: Record<string, Schema>;
          items?: Schema;
        };
        type Body = { content: Record<string, { schema: Schema }> };
        const bodyOf = (path: string) =>
          (docs.paths[path]!.post as unknown as { requestBody: Body }).requestBody.content;
        const form = bodyOf('/v1/skincare/analyses')['multipart/form-data']!.schema;
        expect(form.properties!.photo).toMatchObject({ type: 'string', format: 'binary' });
        expect(Object.keys(form.properties!)).toEqual(
          expect.arrayContaining(['user_id', 'consent_photo_processing', 'consent_keep_history']),
        );
        const imports = bodyOf('/v1/skincare/catalog/imports');
        expect(imports['text/csv']!.schema.description).toMatch(/name, category, price/);
        expect(
          Object.keys(imports['application/json']!.schema.properties!.products!.items!.properties!),
        ).toContain('ingredients');
        const noKey = await t.host.app.inject({ method: 'GET', url: '/v1/skincare/catalog' });
        expect(noKey.statusCode).toBe(401);
      },
    );

    it.runIf(run)('a red-flag symptom gets a referral and no products', async () => {
      const answer = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u-flag',
        questionnaire: { ...oily, symptoms: ['I have a mole that is bleeding'] },
      });
      expect(answer.status).toBe(201);
      expect((answer.body.red_flag as { referral: string }).referral).toMatch(/doctor|dermatologist/i);
      expect(answer.body.routine).toEqual({ am: [], pm: [] });
    });

    it.runIf(run)('refuses bad questionnaires, scores and ids with the field named', async () => {
      const shiny = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u2',
        questionnaire: { ...oily, skin_type: 'shiny' },
      });
      expect(shiny.status).toBe(400);
      expect(shiny.type).toMatch(/problem\+json/);
      expect(shiny.body.detail).toMatch(/body\.questionnaire\.skin_type must be one of "dry", "oily"/);
      const goal = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u2',
        questionnaire: { ...oily, goals: ['wrinkles'] },
      });
      expect(goal.body.detail).toMatch(/body\.questionnaire\.goals\.0 must be one of/);
      const extra = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u2',
        questionnaire: { ...oily, budget: 20 },
      });
      expect(extra.body.detail).toMatch(/body\.questionnaire\.budget is not allowed/);
      const noAnalysis = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u2',
        questionnaire: oily,
        analysis_id: 'nope',
      });
      expect(noAnalysis).toMatchObject({
        status: 404,
        body: { detail: 'user "u2" has no analysis "nope" (expired or never made)' },
      });

      const rec = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: 'u2',
        questionnaire: oily,
      });
      const eleven = await t.call('POST', '/v1/skincare/feedback', {
        recommendation_id: rec.body.recommendation_id,
        score: 11,
      });
      expect(eleven.status).toBe(400);
      expect(eleven.body.detail).toBe('body.score must be <= 10');
      const half = await t.call('POST', '/v1/skincare/feedback', {
        recommendation_id: rec.body.recommendation_id,
        score: 7.5,
      });
      expect(half.body.detail).toBe('body.score must be integer');
      const unknown = await t.call('POST', '/v1/skincare/feedback', {
        recommendation_id: 'no-such-id',
        score: 5,
      });
      expect(unknown).toMatchObject({ status: 404, body: { detail: 'no recommendation "no-such-id"' } });
      const otherUser = await t.call('POST', '/v1/skincare/feedback', {
        recommendation_id: rec.body.recommendation_id,
        score: 5,
        user_id: 'u3',
      });
      expect(otherUser.status).toBe(404);
    });

    it.runIf(run)(
      'analyses nothing without consent, then refuses non-photos with 4xx and retake advice',
      async () => {
        const jpeg = await greyJpeg();
        const refused = await analyse({ user_id: 'p1' }, { bytes: jpeg });
        expect(refused.status).toBe(403);
        expect(refused.body.detail).toMatch(/has not consented to photo processing/);
        const db = t.db;
        expect(
          await db.selectFrom('skincare_analyses').selectAll().where('user_id', '=', 'p1').execute(),
        ).toEqual([]);

        const consent = { user_id: 'p1', consent_photo_processing: 'true' };
        const noFace = await analyse(consent, { bytes: jpeg });
        expect(noFace.status).toBe(422);
        expect(noFace.type).toMatch(/problem\+json/);
        const failures = noFace.body.failures as { check: string; retake: string }[];
        expect(failures.map((f) => f.check)).toContain('one_face');
        expect(failures.every((f) => f.retake.length > 10)).toBe(true);

        const text = await analyse(
          { user_id: 'p1' },
          { bytes: Buffer.from('this is not an image at all'), type: 'text/plain' },
        );
        expect(text.status).toBe(422);
        expect((text.body.failures as { check: string }[])[0]!.check).toBe('decodable');
        const truncated = await analyse(
          { user_id: 'p1' },
          { bytes: jpeg.subarray(0, Math.floor(jpeg.length / 3)) },
        );
        expect(truncated.status).toBeGreaterThanOrEqual(400);
        expect(truncated.status).toBeLessThan(500);
        const rejected = await db
          .selectFrom('skincare_funnel_events')
          .select(['step', 'detail'])
          .where('user_id', '=', 'p1')
          .where('step', '=', 'photo_rejected')
          .execute();
        expect(rejected.length).toBe(3);

        const noPhoto = await analyse({ user_id: 'p1' });
        expect(noPhoto).toMatchObject({
          status: 400,
          body: { detail: 'send the image in the multipart field "photo"' },
        });
        const noUser = await analyse({}, { bytes: jpeg });
        expect(noUser.status).toBe(400);
        const badConsent = await analyse(
          { user_id: 'p1', consent_photo_processing: 'yes please' },
          { bytes: jpeg },
        );
        expect(badConsent.body.detail).toMatch(/consent_photo_processing must be "true" or "false"/);
        const malformed = await t.host.app.inject({
          method: 'POST',
          url: '/v1/skincare/analyses',
          headers: { ...headers, 'content-type': 'multipart/form-data; boundary=xyz' },
          payload: '--xyz\r\ncontent-disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc',
        });
        expect(malformed.statusCode).toBe(400);
        expect(malformed.json().detail).toMatch(/the multipart form could not be read/);
        const twoFiles = multipartBody({ user_id: 'p1' }, { bytes: jpeg, field: 'selfie' });
        const wrongField = await t.host.app.inject({
          method: 'POST',
          url: '/v1/skincare/analyses',
          headers: { ...headers, ...twoFiles.headers },
          payload: twoFiles.payload,
        });
        expect(wrongField.json().detail).toBe(
          'the file field "selfie" is not known: send the image in "photo"',
        );
        const json = await t.call('POST', '/v1/skincare/analyses', { user_id: 'p1' });
        expect(json.status).toBe(415);
      },
    );

    it.runIf(run)('refuses a photo over SKINCARE_MAX_PHOTO_BYTES with 413 before decoding it', async () => {
      const big = Buffer.alloc(10 * 1024 * 1024 + 10, 0xff);
      const answer = await analyse({ user_id: 'p1', consent_photo_processing: 'true' }, { bytes: big });
      expect(answer.status).toBe(413);
      expect(answer.body.detail).toMatch(/larger than the limit of 10485760 bytes/);
    });

    it.runIf(run)('erases every row of a user, in every table, and says how many', async () => {
      const user = 'erase-me';
      await analyse(
        { user_id: user, consent_photo_processing: 'true', consent_keep_history: 'true' },
        { bytes: await greyJpeg() },
      );
      const rec = await t.call('POST', '/v1/skincare/recommendations', {
        user_id: user,
        questionnaire: oily,
      });
      await t.call('POST', '/v1/skincare/feedback', {
        recommendation_id: rec.body.recommendation_id,
        score: 6,
      });
      const erased = await t.call('DELETE', `/v1/skincare/users/${user}`);
      expect(erased.status).toBe(200);
      const deleted = erased.body.deleted as Record<string, number>;
      expect(deleted).toMatchObject({
        skincare_users: 1,
        skincare_analyses: 1,
        skincare_recommendations: 1,
        skincare_feedback: 1,
        experiment_exposures: 1,
      });
      expect(deleted.skincare_funnel_events).toBeGreaterThanOrEqual(4);
      const db = t.db;
      for (const table of USER_TABLES)
        expect(await db.selectFrom(table).selectAll().where('user_id', '=', user).execute(), table).toEqual(
          [],
        );
      for (const table of ['experiment_exposures', 'experiment_events'] as const)
        expect(await db.selectFrom(table).selectAll().where('unit_id', '=', user).execute(), table).toEqual(
          [],
        );
      // Other users are untouched, and erasing again deletes nothing.
      expect(
        (await db.selectFrom('skincare_users').selectAll().where('user_id', '=', 'u1').execute()).length,
      ).toBe(1);
      const twice = await t.call('DELETE', `/v1/skincare/users/${user}`);
      expect(Object.values(twice.body.deleted as Record<string, number>).every((n) => n === 0)).toBe(true);
    });
  },
  300_000,
);
