import { sql, type Kysely } from 'kysely';
import { Counter } from 'prom-client';
import { z } from 'zod';
import { defineLiveDoc } from '../../src/platform/docs/live-doc.ts';
import type { SystemModule } from '../../src/platform/host/system.ts';
import { runStatements } from '../../src/platform/store/migrations.ts';

/**
 * A whole system in a few lines — the proof that a system plugs into the host without copying
 * anything: its own table (migration), route, queue and worker, metric, dashboard panel and live doc.
 * POST /v1/echo stores a text and queues it; the worker "scores" it (the echo model: upper case).
 */
interface EchoTables {
  echo_items: { id: string; text: string; echoed: string | null };
}

/** Its live design doc: one measured artifact (the live-doc test renders and checks it). */
export const echoDoc = defineLiveDoc({
  system: 'echo',
  inputs: {
    load: {
      file: 'bench/results/echo/load.json',
      command: 'npm run bench:echo',
      schema: z.object({ requests_per_second: z.number(), machine: z.object({ cores: z.number() }) }),
    },
  },
  render: (x, w) =>
    [
      '# Echo',
      '',
      w.L('## 1. Goals', '## 1. Цели'),
      w.L('### 1.1 Why we build it', '### 1.1 Зачем'),
      w.L('Echo text back.', 'Возвращать текст.'),
      w.L('## 2. Production', '## 2. Внедрение'),
      w.L('### 2.1 System requirements', '### 2.1 Требования'),
      x.load
        ? w.L(
            `${w.int(x.load.requests_per_second)} requests/s on ${x.load.machine.cores} cores ${w.by('load')}`,
            `${w.int(x.load.requests_per_second)} запросов/с на ${x.load.machine.cores} ядрах ${w.by('load')}`,
          )
        : w.missing('load'),
      w.L('### 2.2 Risks', '### 2.2 Риски'),
      '',
    ].join('\n'),
});

export const echoSystem: SystemModule<{ ECHO_SUFFIX: string }> = {
  name: 'echo',
  prefix: '/v1/echo',
  doc: echoDoc,
  config: z.object({ ECHO_SUFFIX: z.string().default('!') }),
  migrations: {
    owner: 'echo',
    migrations: [
      {
        id: '001_items',
        up: (db) => runStatements(db, ['create table echo_items (id text primary key, text text not null)']),
      },
      { id: '002_echoed', up: (db) => runStatements(db, ['alter table echo_items add column echoed text']) },
    ],
  },
  async start(ctx) {
    const db = ctx.db as Kysely<EchoTables>;
    const queue = await ctx.queue('echo');
    const echoed = new Counter({
      name: 'mlsd_echo_echoed_total',
      help: 'Items echoed',
      registers: [ctx.metrics],
    });
    let timer: NodeJS.Timeout | undefined;
    const work = async () => {
      for (const job of await queue.take(16, 5_000)) {
        await db.transaction().execute(async (trx) => {
          const item = await trx
            .selectFrom('echo_items')
            .selectAll()
            .where('id', '=', job.key)
            .executeTakeFirst();
          await trx
            .updateTable('echo_items')
            .set({ echoed: `${item!.text.toUpperCase()}${ctx.config.ECHO_SUFFIX}` })
            .where('id', '=', job.key)
            .execute();
          await queue.complete(trx, [job.id]);
        });
        echoed.inc();
      }
    };
    return {
      routes: async (app) => {
        app.post('/', async (request, reply) => {
          const { id, text } = request.body as { id: string; text: string };
          await db.transaction().execute(async (trx) => {
            await trx.insertInto('echo_items').values({ id, text, echoed: null }).execute();
            await queue.enqueueMany(trx, [id]);
          });
          return reply.code(202).send({ id });
        });
        app.get('/:id', async (request) =>
          db
            .selectFrom('echo_items')
            .selectAll()
            .where('id', '=', (request.params as { id: string }).id)
            .executeTakeFirstOrThrow(),
        );
        app.delete('/:id', async (request) => {
          const id = (request.params as { id: string }).id;
          const deleted = await db.deleteFrom('echo_items').where('id', '=', id).executeTakeFirst();
          return { deleted: Number(deleted.numDeletedRows) };
        });
      },
      workers: [
        {
          name: 'echo',
          start: () => void (timer = setInterval(() => void work(), 20)),
          stop: async () => clearInterval(timer),
        },
      ],
      readiness: async () => ({
        table: (await sql`select count(*) from echo_items`.execute(db)) ? 'ok' : 'no table',
      }),
      dashboard: {
        title: 'Echo',
        routes: async (app) => {
          app.get('/', async (_request, reply) => reply.type('text/html').send('<h1>Echo panel</h1>'));
        },
      },
    };
  },
};
