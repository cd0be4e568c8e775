import type { FastifyInstance } from 'fastify';
import { sendResponsesAsBuilt } from '../../../platform/http/openapi.ts';
import { addBanner, bannerView, updateBanner } from './banner-ops.ts';
import type { NewBanner } from './banners.ts';
import type { AdsCore } from './core.ts';
import {
  addBannerSchema,
  decideSchema,
  eventSchema,
  listBannersSchema,
  patchBannerSchema,
} from './api-schemas.ts';
import { decide, type DecideInput } from './decide.ts';
import { recordEvent, type EventInput } from './record-event.ts';
import type { BannerStatus } from './tables.ts';

/** The ads HTTP surface under /v1/ads (the platform's API-key auth, rate limit and problem+json). */
export async function adsRoutes(app: FastifyInstance, core: AdsCore): Promise<void> {
  sendResponsesAsBuilt(app);

  app.post('/decide', { schema: decideSchema }, async (request) => decide(core, request.body as DecideInput));

  app.post('/events', { schema: eventSchema }, async (request, reply) => {
    const answer = await recordEvent(core, request.body as EventInput);
    if (answer.status !== 200) reply.type('application/problem+json');
    return reply.code(answer.status as 200).send(answer.body);
  });

  app.get('/banners', { schema: listBannersSchema }, async () => ({
    banners: core.catalog.all().map((row) => bannerView(core, row)),
  }));

  app.post('/banners', { schema: addBannerSchema }, async (request, reply) => {
    const { created, row } = await addBanner(core, request.body as NewBanner);
    return reply.code(created ? 201 : 200).send(bannerView(core, row));
  });

  app.patch('/banners/:id', { schema: patchBannerSchema }, async (request) => {
    const { id } = request.params as { id: string };
    const row = await updateBanner(core, id, request.body as { status?: BannerStatus; title?: string });
    return bannerView(core, row);
  });
}
