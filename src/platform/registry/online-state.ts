import { sql } from 'kysely';
import { runStatements, tablesOf, type AnyDb, type Dialect, type MigrationSet } from '../store/migrations.ts';
import { registerModel, type ModelCodec } from './codec.ts';
import type { ModelRecord, ModelRegistry, RegisterInput } from './registry.ts';

interface OnlineStateTables {
  online_state: {
    name: string;
    /** The codec's bytes of the current state, base64 (the same bytes a snapshot registers). */
    state: string;
    /** How many updates made it (a snapshot records it). */
    updates: number;
    updated_at: number;
  };
}

/** The table of state that changes with every event (bandit posteriors, online weights). */
export const ONLINE_STATE_MIGRATIONS: MigrationSet = {
  owner: 'online-state',
  migrations: [
    {
      id: '001_online_state',
      up: (db) =>
        runStatements(db, [
          `create table if not exists online_state (
            name text primary key, state text not null, updates bigint not null, updated_at bigint not null)`,
        ]),
    },
  ],
};

/**
 * A model that learns from each event, kept in the store: `update` reads, changes and writes it
 * inside the caller's transaction — the one that records the event — so the event and what was
 * learnt from it commit together or not at all; on PostgreSQL the row is locked for that
 * transaction, so two processes never learn from the same old state. `snapshot` registers the
 * current state as an immutable registry version (lineage: how many updates made it).
 * Usage: `await db.transaction().execute((trx) => state.update(trx, (s) => learn(s ?? prior, event)))`.
 */
export class OnlineState<M> {
  constructor(
    private readonly db: AnyDb,
    private readonly dialect: Dialect,
    readonly name: string,
    private readonly codec: ModelCodec<M>,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The current state and its update count, or undefined before the first update. */
  async read(db: AnyDb = this.db): Promise<{ model: M; updates: number } | undefined> {
    const row = await tablesOf<OnlineStateTables>(db)
      .selectFrom('online_state')
      .select(['state', 'updates'])
      .where('name', '=', this.name)
      .executeTakeFirst();
    return row && row.state !== ''
      ? { model: this.codec.decode(Buffer.from(row.state, 'base64')), updates: Number(row.updates) }
      : undefined;
  }

  /** Applies `learn` to the current state (undefined at first) inside `trx`; returns the new state. */
  async update(trx: AnyDb, learn: (current: M | undefined) => M): Promise<M> {
    if (this.dialect === 'postgres') {
      // Creates the row if needed, then holds its lock until the caller commits.
      await sql`insert into online_state (name, state, updates, updated_at)
        values (${this.name}, '', 0, 0) on conflict (name) do nothing`.execute(trx);
      await sql`select 1 from online_state where name = ${this.name} for update`.execute(trx);
    }
    const current = await this.read(trx);
    const next = learn(current?.model);
    await tablesOf<OnlineStateTables>(trx)
      .insertInto('online_state')
      .values({
        name: this.name,
        state: this.codec.encode(next).toString('base64'),
        updates: (current?.updates ?? 0) + 1,
        updated_at: this.clock(),
      })
      .onConflict((oc) =>
        oc.column('name').doUpdateSet((eb) => ({
          state: eb.ref('excluded.state'),
          updates: eb.ref('excluded.updates'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
    return next;
  }

  /** Registers the current state as a version of `name` (nothing to snapshot before an update). */
  async snapshot(
    registry: ModelRegistry,
    input: Omit<RegisterInput, 'name' | 'artifact' | 'format' | 'featureConfigHash'>,
  ): Promise<ModelRecord> {
    const current = await this.read();
    if (!current) throw new Error(`online state ${this.name} has had no update to snapshot`);
    return registerModel(registry, this.codec, current.model, {
      ...input,
      name: this.name,
      details: { ...input.details, online_updates: current.updates },
    });
  }
}
